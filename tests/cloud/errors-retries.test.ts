import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { inspect } from "node:util";
import { StorageError } from "../../src/core/errors";
import { AzureBlobStore, CredentialsError, openStore, S3Store } from "../../src/core/cloud";
import type { Logger } from "../../src/core/util/logger";
import { tempDir } from "../helpers/paths";
import { AZURITE_KEY, azuriteConnectionString, s3Env, S3_ACCESS_KEY_ID, S3_SECRET, startAzurite, startFaultProxy, startS3rver, withEnv, type AzuriteServer, type Fault, type S3Server } from "./servers";

const enc = (text: string): Uint8Array => new TextEncoder().encode(text);
const FAST = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 };

async function failure<E>(promise: Promise<unknown>, kind: new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof kind, `expected a ${kind.name}, got ${inspect(error)}`);
    return error;
  }
  assert.fail(`expected a ${kind.name}`);
}

function capture(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (level, message, fields) => lines.push(`${level} ${message} ${JSON.stringify(fields)}`) };
}

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let s3: S3Server;
let azurite: AzuriteServer;
const dirs: string[] = [];

before(async function () {
  this.timeout(60_000);
  [s3, azurite] = await Promise.all([startS3rver(["retry"]), startAzurite()]);
  const { BlobServiceClient } = await import("@azure/storage-blob");
  await BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient("retry").create();
});
after(async () => {
  await Promise.all([s3?.close(), azurite?.close()]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const s3Credentials = { accessKeyId: S3_ACCESS_KEY_ID, secretAccessKey: S3_SECRET };

describe("object stores retry throttling and transient failures with backoff", () => {
  it("S3: every other request answered 503 SlowDown, the store still writes, reads, lists and deletes", async () => {
    const proxy = await startFaultProxy(s3.endpoint, (n) => (n % 2 === 0 ? "503-slowdown" : "pass"));
    try {
      const logger = capture();
      const store = new S3Store({ bucket: "retry", prefix: randomUUID(), endpoint: proxy.endpoint, credentials: s3Credentials, retry: FAST, logger });
      await store.set("/a", enc("hello"));
      assert.deepEqual(await store.get("/a"), enc("hello"));
      assert.deepEqual(await store.getRange("/a", { offset: 1, length: 3 }), enc("ell"));
      const keys: string[] = [];
      for await (const key of store.list()) keys.push(key);
      assert.deepEqual(keys, ["/a"]);
      assert.equal(await store.delete("/a"), true);
      const faults = proxy.requests.filter((r) => r.fault !== "pass").length;
      assert.ok(faults >= 5, `the proxy threw ${faults} faults`);
      // A HEAD answer has no body, so no code: those retries log the status instead.
      assert.equal(logger.lines.filter((l) => /retrying/.test(l) && /"code":"(SlowDown|HTTP 503)"/.test(l)).length, faults, logger.lines.join("\n"));
    } finally {
      await proxy.close();
    }
  });

  it("Azure: 503 ServerBusy and 429 in turn, the store still works", async () => {
    const faults: Fault[] = ["503-serverbusy", "pass", "429", "pass"];
    const proxy = await startFaultProxy(azurite.endpoint, (n) => faults[n % 4]);
    try {
      const store = new AzureBlobStore({ container: "retry", prefix: randomUUID(), connectionString: azuriteConnectionString(proxy.endpoint), retry: FAST });
      await store.set("/a", enc("hello"));
      assert.deepEqual(await store.get("/a"), enc("hello"));
      assert.equal(await store.size("/a"), 5);
      assert.ok(proxy.requests.some((r) => r.fault === "429") && proxy.requests.some((r) => r.fault === "503-serverbusy"));
    } finally {
      await proxy.close();
    }
  });

  it("a server that stays throttled gives a transient StorageError after the configured attempts, naming the location", async () => {
    const proxy = await startFaultProxy(s3.endpoint, () => "503-slowdown");
    try {
      const store = new S3Store({ bucket: "retry", prefix: "busy", endpoint: proxy.endpoint, credentials: s3Credentials, retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 10 } });
      const e = await failure(store.get("/k"), StorageError);
      assert.equal(e.transient, true);
      assert.equal(e.store, "s3://retry/busy");
      assert.match(e.message, /^s3:\/\/retry\/busy: get \/k failed: the server is busy .*\(SlowDown\), still failing after 3 attempts/);
      assert.equal(proxy.requests.length, 3);
    } finally {
      await proxy.close();
    }
  });

  it("bounds the requests in flight: 40 parallel reads through a store of concurrency 3 never have more than 3 open", async () => {
    const proxy = await startFaultProxy(s3.endpoint, () => "pass");
    try {
      const store = new S3Store({ bucket: "retry", prefix: randomUUID(), endpoint: proxy.endpoint, credentials: s3Credentials, concurrency: 3 });
      await store.set("/k", enc("v"));
      const values = await Promise.all(Array.from({ length: 40 }, () => store.get("/k")));
      assert.ok(values.every((v) => v !== undefined && v[0] === 118));
      assert.ok(proxy.maxInFlight() <= 3, `max in flight ${proxy.maxInFlight()}`);
      assert.ok(proxy.maxInFlight() >= 2, "requests did run in parallel");
    } finally {
      await proxy.close();
    }
  });

  it("a conditional write whose answer was lost is recognised as ours on the retry (Azurite)", async () => {
    let dropped = false;
    const proxy = await startFaultProxy(azurite.endpoint, (_n, method) => {
      if (method === "PUT" && !dropped) {
        dropped = true;
        return "drop-response";
      }
      return "pass";
    });
    try {
      const store = new AzureBlobStore({ container: "retry", prefix: randomUUID(), connectionString: azuriteConnectionString(proxy.endpoint), retry: FAST, conditionalWrites: "trust" });
      const etag = await store.putIfAbsent("/lock", enc("owner-1"));
      assert.ok(dropped, "the first PUT's answer was dropped");
      assert.equal(typeof etag, "string", "the retry met If-None-Match, saw our bytes and reported success");
      assert.equal((await store.getWithEtag("/lock"))?.etag, etag);
      assert.equal(await store.putIfAbsent("/lock", enc("owner-2")), undefined, "someone else's value is still refused");
    } finally {
      await proxy.close();
    }
  });
});

describe("credentials: missing, wrong or refused give a clear CredentialsError naming the location", () => {
  it("S3: an unknown access key is 'rejected', not retried, and the message names the location and where keys come from", async () => {
    const proxy = await startFaultProxy(s3.endpoint, () => "pass");
    try {
      const store = new S3Store({ bucket: "retry", prefix: "p", endpoint: proxy.endpoint, credentials: { accessKeyId: "WRONGKEYID", secretAccessKey: S3_SECRET }, retry: FAST });
      const e = await failure(store.get("/seisproc/COMPLETE"), CredentialsError);
      assert.equal(e.problem, "rejected");
      assert.equal(e.transient, false);
      assert.match(e.message, /^s3:\/\/retry\/p: get \/seisproc\/COMPLETE failed: the server rejected the credentials \(InvalidAccessKeyId\)/);
      assert.match(e.message, /AWS_ACCESS_KEY_ID/);
      assert.equal(proxy.requests.length, 1, "not retried");
      assert.ok(!inspect(e, { depth: 20 }).includes(S3_SECRET), "no secret in the error or its causes");
      assert.ok(e instanceof StorageError);
    } finally {
      await proxy.close();
    }
  });

  it("Azure: a wrong account key is 'rejected' (Azurite checks signatures); the error holds neither key nor request", async () => {
    const wrongKey = Buffer.from(`wrong-${randomUUID()}`).toString("base64");
    const store = new AzureBlobStore({ container: "retry", prefix: "p", connectionString: azuriteConnectionString(azurite.endpoint, wrongKey), retry: FAST });
    for (const attempt of [() => store.get("/k"), () => store.set("/k", enc("v")), () => store.size("/k")]) {
      const e = await failure(attempt(), CredentialsError);
      assert.equal(e.problem, "rejected");
      assert.match(e.message, /^az:\/\/retry\/p: (get|set) \/k failed: the server rejected the credentials/);
      assert.match(e.message, /AZURE_STORAGE_CONNECTION_STRING/);
      const everything = inspect(e, { depth: 20 });
      assert.ok(!everything.includes(wrongKey) && !everything.includes(AZURITE_KEY), "no key in the error or its causes");
      assert.ok(!/SharedKey devstoreaccount1:/.test(everything), "no signed Authorization header");
    }
  });

  it("S3: a 403 AccessDenied is 'denied' (valid keys, no permission)", async () => {
    const proxy = await startFaultProxy(s3.endpoint, () => "403");
    try {
      const store = new S3Store({ bucket: "retry", prefix: "p", endpoint: proxy.endpoint, credentials: s3Credentials, retry: FAST });
      const e = await failure(store.set("/k", enc("v")), CredentialsError);
      assert.equal(e.problem, "denied");
      assert.match(e.message, /access denied \(AccessDenied\): the credentials are valid but may not set here/);
    } finally {
      await proxy.close();
    }
  });

  it("S3: no credentials anywhere (environment, profile files, instance metadata) is 'missing', with where to put them", async () => {
    const dir = tempDir("seisproc-nocreds-");
    dirs.push(dir);
    await withEnv(
      {
        ...s3Env(s3.endpoint),
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "none"),
        AWS_CONFIG_FILE: path.join(dir, "none"),
        AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
        AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
      },
      async () => {
        const e = await failure(openStore("s3://retry/nocreds").get("/seisproc/COMPLETE"), CredentialsError);
        assert.equal(e.problem, "missing");
        assert.match(e.message, /^s3:\/\/retry\/nocreds: get \/seisproc\/COMPLETE failed: no credentials found/);
        assert.match(e.message, /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY .* AWS_PROFILE/);
      },
    );
  });

  it("S3: credentials from AWS_PROFILE and a shared credentials file work; a wrong key id there is rejected", async () => {
    const dir = tempDir("seisproc-profile-");
    dirs.push(dir);
    const file = path.join(dir, "credentials");
    writeFileSync(file, `[good]\naws_access_key_id = ${S3_ACCESS_KEY_ID}\naws_secret_access_key = ${S3_SECRET}\n[bad]\naws_access_key_id = NOBODY\naws_secret_access_key = ${S3_SECRET}\n`);
    const env = { ...s3Env(s3.endpoint), AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SHARED_CREDENTIALS_FILE: file, AWS_CONFIG_FILE: path.join(dir, "none") };
    await withEnv({ ...env, AWS_PROFILE: "good" }, async () => {
      const store = openStore("s3://retry/profile");
      await store.set("/k", enc("v"));
      assert.deepEqual(await store.get("/k"), enc("v"));
    });
    await withEnv({ ...env, AWS_PROFILE: "bad" }, async () => {
      const e = await failure(openStore("s3://retry/profile").get("/k"), CredentialsError);
      assert.equal(e.problem, "rejected");
    });
  });

  it("S3: AWS_ENDPOINT_URL_S3 wins over AWS_ENDPOINT_URL", async () => {
    const dead = `http://127.0.0.1:${await deadPort()}`;
    await withEnv({ ...s3Env(dead), AWS_ENDPOINT_URL_S3: s3.endpoint }, async () => {
      const store = openStore("s3://retry/endpoints");
      await store.set("/k", enc("v"));
      assert.deepEqual(await store.get("/k"), enc("v"));
    });
  });

  it("Azure: no variables set is 'missing'; an unparsable connection string says so without quoting it", async () => {
    const cleared = { AZURE_STORAGE_CONNECTION_STRING: undefined, AZURE_STORAGE_ACCOUNT: undefined, AZURE_STORAGE_KEY: undefined, AZURE_STORAGE_SAS_TOKEN: undefined };
    await withEnv(cleared, async () => {
      const e = await failure(openStore("az://retry/nocreds").get("/k"), CredentialsError);
      assert.equal(e.problem, "missing");
      assert.match(e.message, /^az:\/\/retry\/nocreds: get \/k failed: no credentials found: none of the Azure variables is set; set AZURE_STORAGE_CONNECTION_STRING/);
    });
    const garbage = `AccountName=x;AccountKey=secret-${randomUUID()}`;
    await withEnv({ ...cleared, AZURE_STORAGE_CONNECTION_STRING: garbage }, async () => {
      const e = await failure(openStore("az://retry/bad").set("/k", enc("v")), CredentialsError);
      assert.equal(e.problem, "missing");
      assert.ok(!inspect(e, { depth: 20 }).includes("secret-"), "the connection string is not quoted");
    });
    await withEnv({ ...cleared, AZURE_STORAGE_ACCOUNT: "someaccount" }, async () => {
      const e = await failure(openStore("az://retry/partial").get("/k"), CredentialsError);
      assert.match(e.message, /AZURE_STORAGE_ACCOUNT is set but neither AZURE_STORAGE_KEY nor AZURE_STORAGE_SAS_TOKEN/);
    });
  });

  it("an endpoint where nothing listens is a StorageError saying so, without retries", async () => {
    const dead = `http://127.0.0.1:${await deadPort()}`;
    const started = Date.now();
    const e = await failure(new S3Store({ bucket: "retry", endpoint: dead, credentials: s3Credentials, retry: { attempts: 6, baseDelayMs: 2000 } }).get("/k"), StorageError);
    assert.equal(e.transient, false);
    assert.match(e.message, /cannot reach http:\/\/127\.0\.0\.1:\d+\/ \(ECONNREFUSED\); check the endpoint/);
    assert.ok(Date.now() - started < 10_000, "did not back off 6 times");
  });
});
