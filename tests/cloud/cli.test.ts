import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { openStore } from "../../src/core/cloud";
import { readJson } from "../../src/core/storage";
import { STORE_KEYS, type StoreMetadata } from "../../src/core/store";
import { writeSurvey } from "../../src/core/synthetic";
import { BIN } from "../helpers/cli";
import { tempDir } from "../helpers/paths";
import { countFiles, filesContaining, s3Env, S3_ACCESS_KEY_ID, S3_SECRET, startS3rver, withEnv, type S3Server } from "./servers";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let s3: S3Server;
let dir: string;
let sgy: string;
const transcript: string[] = [];

/** Runs the real launcher without blocking this process (s3rver answers from it). */
function seisproc(env: Record<string, string | undefined>, ...args: string[]): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  else childEnv[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => {
      transcript.push(`$ seisproc ${args.join(" ")}\n${stdout}${stderr}`);
      resolve({ code, stdout, stderr });
    });
  });
}

let env: Record<string, string | undefined>;

before(async function () {
  this.timeout(60_000);
  s3 = await startS3rver(["cli"]);
  env = { ...s3Env(s3.endpoint), SEISPROC_LOG: "debug", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent", AWS_CONFIG_FILE: "/nonexistent" };
  dir = tempDir("seisproc-cloud-cli-");
  sgy = path.join(dir, "line.sgy");
  await writeSurvey(sgy, { kind: "shots-2d", shots: 4, channels: 30, samples: 200, seed: 5 }, { format: 5 });
  await withEnv(env, () => openStore("s3://cli/raw").set("/line.sgy", readFileSync(sgy)));
});
after(async () => {
  await s3?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("the CLI takes s3:// URLs for stores and files", () => {
  it("import FILE s3://…, info, validate, export to s3://, and import from an s3:// object", async () => {
    const imported = await seisproc(env, "import", sgy, "s3://cli/stores/line.seis", "--chunk-traces", "40");
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /^s3:\/\/cli\/stores\/line\.seis: 120 traces of 200 samples/m);

    const info = await seisproc(env, "info", "s3://cli/stores/line.seis", "--json");
    assert.equal(info.code, 0, info.stderr);
    const parsed = JSON.parse(info.stdout) as { store: string; traceCount: number; gathers: { count: number }; sizes: { total: number } };
    assert.equal(parsed.store, "s3://cli/stores/line.seis");
    assert.equal(parsed.traceCount, 120);
    assert.equal(parsed.gathers.count, 4);
    assert.ok(parsed.sizes.total > 0);

    const validated = await seisproc(env, "validate", "s3://cli/stores/line.seis");
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);
    assert.match(validated.stdout, /^s3:\/\/cli\/stores\/line\.seis: ok/);

    const exported = await seisproc(env, "export", "s3://cli/stores/line.seis", "s3://cli/out/line.sgy");
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, new RegExp(`^s3://cli/out/line\\.sgy: 120 traces, SEG-Y .* ${readFileSync(sgy).length.toLocaleString("en-US")} bytes`));
    const object = await withEnv(env, () => openStore("s3://cli/out").get("/line.sgy"));
    assert.ok(object !== undefined && Buffer.from(object).equals(readFileSync(sgy)), "the exported object is the imported file, byte for byte");
    const again = await seisproc(env, "export", "s3://cli/stores/line.seis", "s3://cli/out/line.sgy");
    assert.equal(again.code, 2);
    assert.match(again.stderr, /s3:\/\/cli\/out\/line\.sgy: exists; pass --force/);

    const fromObject = await seisproc(env, "import", "s3://cli/raw/line.sgy", "s3://cli/stores/from-object.seis", "--chunk-traces", "40");
    assert.equal(fromObject.code, 0, fromObject.stderr);
    const fromInfo = await withEnv(env, () => readJson<StoreMetadata>(openStore("s3://cli/stores/from-object.seis"), STORE_KEYS.metadata));
    assert.equal(fromInfo?.source.path, "s3://cli/raw/line.sgy");
    const localInfo = JSON.parse(info.stdout) as { source: { sha256: string } };
    assert.equal(fromInfo?.source.sha256, localInfo.source.sha256);
  });

  it("refuses to import over a complete store on S3 unless --force, which replaces it", async () => {
    const refused = await seisproc(env, "import", sgy, "s3://cli/stores/line.seis", "--chunk-traces", "40");
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /already holds a complete import; pass --force to replace it \(on object storage the old store's objects are deleted\)/);
    const forced = await seisproc(env, "import", sgy, "s3://cli/stores/line.seis", "--chunk-traces", "60", "--force");
    assert.equal(forced.code, 0, forced.stderr);
    const metadata = await withEnv(env, () => readJson<StoreMetadata>(openStore("s3://cli/stores/line.seis"), STORE_KEYS.metadata));
    assert.equal(metadata?.chunkTraces, 60);
  });

  it("wrong credentials: a one-line error naming the location, no stack trace, no secret", async () => {
    const wrong = await seisproc({ ...env, AWS_ACCESS_KEY_ID: "NOBODY" }, "info", "s3://cli/stores/line.seis");
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /^seisproc: s3:\/\/cli\/stores\/line\.seis: get \/seisproc\/COMPLETE failed: the server rejected the credentials \(InvalidAccessKeyId\)/m);
    assert.ok(!/\n\s+at /.test(wrong.stderr), `no stack trace:\n${wrong.stderr}`);
    const missing = await seisproc({ ...env, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined }, "validate", "s3://cli/stores/line.seis");
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /^seisproc: s3:\/\/cli\/stores\/line\.seis: get \/seisproc\/COMPLETE failed: no credentials found/m);
    assert.ok(!/\n\s+at /.test(missing.stderr), `no stack trace:\n${missing.stderr}`);
  });

  it("no credential appears in the CLI's output, logs (SEISPROC_LOG=debug) or any file written", () => {
    const all = transcript.join("\n");
    assert.ok(all.length > 500 && /seisproc debug|seisproc info/.test(all), "logs were captured");
    assert.ok(!all.includes(S3_SECRET), "the secret is in the CLI's output");
    const log = path.join(dir, "transcript.txt");
    writeFileSync(log, all);
    assert.ok(countFiles([dir]) >= 2);
    assert.deepEqual(filesContaining([dir], [S3_SECRET, S3_ACCESS_KEY_ID]).filter((hit) => !hit.startsWith(log)), []);
    assert.deepEqual(filesContaining([s3.dir], [S3_SECRET]), []);
  });
});
