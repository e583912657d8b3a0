/**
 * A static file server on a loopback port for the live test page (jupyter-server serves user files sandboxed, with
 * an opaque origin, so the page comes from here and talks to the Jupyter server cross-origin, which the server
 * allows for exactly this origin).
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import * as path from "node:path";

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css", ".json": "application/json" };

/** A running static server. */
export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves the files of `dir` (no listing, no parent paths) at `http://127.0.0.1:<port>`. */
export async function serveDirectory(dir: string): Promise<StaticServer> {
  const root = path.resolve(dir);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const file = path.resolve(root, `.${decodeURIComponent(url.pathname)}`);
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream", "Cache-Control": "no-store" }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
