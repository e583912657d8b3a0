/**
 * Real object-storage servers on loopback for the cloud tests: s3rver (in this process, files in a temporary
 * directory) and Azurite (a child process, in memory), each on a free port; a fault-injecting HTTP proxy to put in
 * front of either; and helpers to set environment variables for a while and to grep directories for secrets.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { repoRoot, tempDir } from "../helpers/paths";

const S3rver = require("s3rver") as new (options: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> };

/** s3rver checks the access key id (it must be S3RVER) but not V4 signatures, so any secret works. */
export const S3_ACCESS_KEY_ID = "S3RVER";
/** A secret nobody could type by chance, so that a grep for it means it leaked. */
export const S3_SECRET = `seisproc-test-secret-${randomBytes(8).toString("hex")}`;

/** Azurite's well-known development account. */
export const AZURITE_ACCOUNT = "devstoreaccount1";
export const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/** A running s3rver. */
export interface S3Server {
  endpoint: string;
  /** Where it keeps objects. */
  dir: string;
  close(): Promise<void>;
}

/** Starts s3rver on a free loopback port with the given buckets. */
export async function startS3rver(buckets: string[]): Promise<S3Server> {
  const dir = tempDir("seisproc-s3rver-");
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir, configureBuckets: buckets.map((name) => ({ name })) });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    dir,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A running Azurite blob service. */
export interface AzuriteServer {
  endpoint: string;
  connectionString: string;
  /** Everything Azurite printed. */
  output(): string;
  close(): Promise<void>;
}

/** The connection string of Azurite's development account at `endpoint`, with `key` (default the right one). */
export function azuriteConnectionString(endpoint: string, key = AZURITE_KEY): string {
  return `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${key};BlobEndpoint=${endpoint}/${AZURITE_ACCOUNT};`;
}

/** Starts Azurite (blob only, in memory) on a free loopback port. */
export async function startAzurite(): Promise<AzuriteServer> {
  const main = path.join(repoRoot, "node_modules", "azurite", "dist", "src", "blob", "main.js");
  const child: ChildProcess = spawn(
    process.execPath,
    [main, "--blobHost", "127.0.0.1", "--blobPort", "0", "--inMemoryPersistence", "--extentMemoryLimit", "256", "--skipApiVersionCheck", "--disableTelemetry", "--silent"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Azurite did not start in 30 s:\n${output}`)), 30_000);
    const onData = (data: Buffer): void => {
      output += data.toString();
      const match = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with ${code}:\n${output}`));
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    connectionString: azuriteConnectionString(endpoint),
    output: () => output,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** What the fault proxy does with one request. */
export type Fault = "pass" | "503-slowdown" | "503-serverbusy" | "429" | "403" | "drop-response";

/** A proxy in front of a server that fails requests on cue. */
export interface FaultProxy {
  endpoint: string;
  /** Requests seen, by method, with the fault applied. */
  requests: Array<{ method: string; url: string; fault: Fault; range: string | undefined }>;
  /** The most requests that were in flight at once. */
  maxInFlight(): number;
  close(): Promise<void>;
}

/**
 * Starts an HTTP proxy to `target` on a free loopback port; `decide` picks the fault for each request (by its
 * 0-based number, method and URL). `drop-response` forwards the request, lets the server act on it, then cuts the
 * connection instead of answering: the client cannot know whether it happened.
 */
export async function startFaultProxy(target: string, decide: (n: number, method: string, url: string) => Fault): Promise<FaultProxy> {
  const upstream = new URL(target);
  const requests: FaultProxy["requests"] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once("close", () => inFlight--);
    const fault = decide(requests.length, req.method ?? "", req.url ?? "");
    requests.push({ method: req.method ?? "", url: req.url ?? "", fault, range: req.headers.range ?? req.headers["x-ms-range"]?.toString() });
    const body: Buffer[] = [];
    req.on("data", (c: Buffer) => body.push(c));
    req.on("end", () => {
      if (fault === "503-slowdown" || fault === "503-serverbusy" || fault === "429" || fault === "403") {
        const status = fault === "429" ? 429 : fault === "403" ? 403 : 503;
        const code = { "503-slowdown": "SlowDown", "503-serverbusy": "ServerBusy", 429: "TooManyRequests", 403: "AccessDenied" }[fault];
        const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>injected by the test proxy</Message></Error>`;
        res.writeHead(status, { "content-type": "application/xml", "x-ms-error-code": code, "content-length": Buffer.byteLength(xml) });
        res.end(req.method === "HEAD" ? undefined : xml);
        return;
      }
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          if (fault === "drop-response") {
            answer.resume();
            answer.on("end", () => req.socket.destroy());
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", () => res.destroy());
      forward.end(Buffer.concat(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Sets environment variables (undefined deletes) for the duration of `fn`, then restores them.
 */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(vars);
  try {
    return await fn();
  } finally {
    apply(saved);
  }
}

/** The environment for S3 on `endpoint` with the test credentials; every other AWS variable is cleared. */
export function s3Env(endpoint: string): Record<string, string | undefined> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ENDPOINT_URL_S3: undefined,
    AWS_ACCESS_KEY_ID: S3_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: S3_SECRET,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** Files under `dirs` (recursively) whose bytes contain any of `secrets`, as "file: secret" lines. */
export function filesContaining(dirs: string[], secrets: string[]): string[] {
  const hits: string[] = [];
  const walk = (p: string): void => {
    const stat = statSync(p, { throwIfNoEntry: false });
    if (stat === undefined) return;
    if (stat.isDirectory()) {
      for (const name of readdirSync(p)) walk(path.join(p, name));
      return;
    }
    if (!stat.isFile()) return;
    const bytes = readFileSync(p);
    for (const secret of secrets) if (bytes.includes(Buffer.from(secret))) hits.push(`${p}: ${secret.slice(0, 6)}…`);
  };
  for (const dir of dirs) walk(dir);
  return hits;
}

/** Files under `dirs`, recursively, counted (to show a grep looked at something). */
export function countFiles(dirs: string[]): number {
  let n = 0;
  const walk = (p: string): void => {
    const stat = statSync(p, { throwIfNoEntry: false });
    if (stat?.isDirectory() === true) for (const name of readdirSync(p)) walk(path.join(p, name));
    else if (stat?.isFile() === true) n++;
  };
  for (const dir of dirs) walk(dir);
  return n;
}
