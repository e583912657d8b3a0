import { strict as assert } from "node:assert";
import { ValidationError } from "../../src/core/errors";
import {
  AzureBlobStore,
  childLocation,
  ConditionalMemoryStore,
  createS3Connection,
  describeEndpoint,
  isRemoteLocation,
  isUrlLocation,
  normalizeLocation,
  openStore,
  parseLocation,
  S3Store,
  storeLabel,
} from "../../src/core/cloud";
import { scrub } from "../../src/core/cloud/failure";
import { FileSystemStore } from "../../src/core/storage";
import { withEnv } from "./servers";

const invalid = (pattern: RegExp) => (e: unknown) => e instanceof ValidationError && pattern.test(e.message);

describe("locations: paths and URLs", () => {
  it("parses paths, file://, s3://, az:// and memory:// locations", () => {
    assert.deepEqual(parseLocation("line.seis"), { kind: "file", path: "line.seis" });
    assert.deepEqual(parseLocation("/data/line.seis"), { kind: "file", path: "/data/line.seis" });
    assert.deepEqual(parseLocation("file:///data/my%20line.seis"), { kind: "file", path: "/data/my line.seis" });
    assert.deepEqual(parseLocation("s3://surveys/2024/north.seis"), { kind: "s3", bucket: "surveys", prefix: "2024/north.seis" });
    assert.deepEqual(parseLocation("s3://surveys"), { kind: "s3", bucket: "surveys", prefix: "" });
    assert.deepEqual(parseLocation("s3://surveys/2024/"), { kind: "s3", bucket: "surveys", prefix: "2024" });
    assert.deepEqual(parseLocation("S3://surveys/x"), { kind: "s3", bucket: "surveys", prefix: "x" });
    assert.deepEqual(parseLocation("az://data/a b/c"), { kind: "azure", container: "data", prefix: "a b/c" });
    assert.deepEqual(parseLocation("azure://data/x"), { kind: "azure", container: "data", prefix: "x" });
    assert.deepEqual(parseLocation("memory://scratch"), { kind: "memory", name: "scratch" });
  });

  it("rejects what cannot be a location, saying why", () => {
    assert.throws(() => parseLocation(""), invalid(/is empty/));
    assert.throws(() => parseLocation("gs://bucket/x"), invalid(/unknown scheme "gs:\/\/"; use a path, file:\/\/, s3:\/\/bucket\/prefix/));
    assert.throws(() => parseLocation("s3://"), invalid(/names no bucket/));
    assert.throws(() => parseLocation("s3://Bad_Bucket/x"), invalid(/"Bad_Bucket" is not an S3 bucket name/));
    assert.throws(() => parseLocation("s3://ab/x"), invalid(/not an S3 bucket name/));
    assert.throws(() => parseLocation("az://a--b/x"), invalid(/not an Azure container name/));
    assert.throws(() => parseLocation("s3://bucket/a//b"), invalid(/empty, "\." or "\.\." segment/));
    assert.throws(() => parseLocation("s3://bucket/a/../b"), invalid(/empty, "\." or "\.\." segment/));
    assert.throws(() => parseLocation("file://host/x"), invalid(/not a valid file:\/\/ URL/));
  });

  it("tells URLs from paths, and remote from local", () => {
    assert.equal(isUrlLocation("s3://b/x"), true);
    assert.equal(isUrlLocation("file:///x"), true);
    assert.equal(isUrlLocation("C:\\data\\x"), false);
    assert.equal(isUrlLocation("./s3:/x"), false);
    assert.equal(isRemoteLocation("file:///x"), false);
    assert.equal(isRemoteLocation("az://ctr/x"), true);
    assert.equal(normalizeLocation("file:///data/x.seis"), "/data/x.seis");
    assert.equal(normalizeLocation("s3://bkt/x.seis"), "s3://bkt/x.seis");
    assert.equal(childLocation("s3://bkt/dir/", "x.sgy"), "s3://bkt/dir/x.sgy");
    assert.equal(childLocation("/data", "x.sgy"), "/data/x.sgy");
  });

  it("openStore picks the backend from the location; memory:// stores are shared by name", () => {
    const file = openStore("line.seis");
    assert.ok(file instanceof FileSystemStore);
    assert.ok(openStore("file:///tmp/line.seis") instanceof FileSystemStore);
    const s3 = withEnvSync({ AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "y" }, () => openStore("s3://bkt/pre/fix"));
    assert.ok(s3 instanceof S3Store);
    assert.equal(s3.url, "s3://bkt/pre/fix");
    assert.equal(s3.objectName("/traces/0.0"), "pre/fix/traces/0.0");
    s3.destroy();
    const az = openStore("az://ctr/p");
    assert.ok(az instanceof AzureBlobStore);
    assert.equal(storeLabel(az), "az://ctr/p");
    const a = openStore("memory://shared");
    assert.ok(a instanceof ConditionalMemoryStore);
    assert.equal(openStore("memory://shared"), a);
    assert.notEqual(openStore("memory://other"), a);
    assert.equal(storeLabel(a), "memory://shared");
  });

  it("endpoints: must be http(s) URLs; messages show them without user info or query", async () => {
    await withEnv({ AWS_ENDPOINT_URL: "localhost:9000", AWS_ENDPOINT_URL_S3: undefined }, async () => {
      assert.throws(() => createS3Connection(), invalid(/^AWS_ENDPOINT_URL: is not an http:\/\/ or https:\/\/ URL/));
    });
    await withEnv({ AWS_ENDPOINT_URL: "http://127.0.0.1:9000", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" }, async () => {
      assert.equal(createS3Connection({ region: "eu-west-1" }).endpoint, "AWS S3");
    });
    assert.equal(describeEndpoint("http://user:secret@host:9000/?token=abc"), "http://host:9000/");
    assert.equal(scrub("GET https://acct.blob.core.windows.net/c/b?sv=2021&sig=SECRET failed"), "GET https://acct.blob.core.windows.net/c/b?<redacted> failed");
    assert.equal(scrub("to http://user:pw@host/x"), "to http://host/x");
  });
});

function withEnvSync<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}
