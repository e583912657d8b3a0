import { strict as assert } from "node:assert";
import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import { ConditionalMemoryStore } from "../../src/core/cloud/conditional";
import { FileLock, FileSystemConditionalStore, LeaseLock, LockError, withLock, type LockOwner } from "../../src/core/collab";
import { tempDir } from "../helpers/paths";
import { startChild, type RunningChild } from "./child-process";
import { LOCK_HOLDER_CHILD } from "./lock-holder-child";

const owner = (name: string): LockOwner => ({ id: `id-${name}`, host: "test-host", pid: 1000 + name.length, user: name });

function isLockError(problem: string, check: (e: LockError) => boolean = () => true): (e: unknown) => boolean {
  return (e) => e instanceof LockError && e.problem === problem && check(e);
}

describe("file locks (proper-lockfile)", () => {
  let dir: string;
  const children: RunningChild[] = [];
  beforeEach(() => (dir = tempDir("seisproc-lock-")));
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGKILL");
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("lets one owner in at a time, names the holder to the others, and frees on release", async () => {
    const target = path.join(dir, "project.json");
    const a = await new FileLock(target, { owner: owner("ana") }).acquire();
    assert.equal(a.held, true);
    assert.deepEqual(await new FileLock(target).holder(), owner("ana"));
    await assert.rejects(new FileLock(target, { owner: owner("bo") }).acquire({ timeoutMs: 0 }), isLockError("timeout", (e) => e.holder?.user === "ana" && /ana@test-host/.test(e.message)));
    await a.release();
    assert.equal(a.held, false);
    assert.throws(() => a.assertHeld(), isLockError("released"));
    await a.release(); // twice is fine
    assert.equal(await new FileLock(target).holder(), undefined);
    const b = await new FileLock(target, { owner: owner("bo") }).acquire({ timeoutMs: 0 });
    assert.equal(b.tookOverFrom, undefined);
    await b.release();
    assert.equal(existsSync(`${target}.lock`), false);
    assert.equal(existsSync(`${target}.lock-owner.json`), false);
  });

  it("serialises read-modify-write sections of concurrent writers in one process", async () => {
    const target = path.join(dir, "counter.txt");
    await fs.writeFile(target, "0");
    const lock = new FileLock(target);
    await Promise.all(
      Array.from({ length: 12 }, () =>
        withLock(lock, async (handle) => {
          const n = Number(await fs.readFile(target, "utf8"));
          await new Promise((r) => setTimeout(r, 2));
          handle.assertHeld();
          await fs.writeFile(target, String(n + 1));
        }),
      ),
    );
    assert.equal(await fs.readFile(target, "utf8"), "12");
  });

  it("recovers a lock left by a process killed with SIGKILL once it goes stale", async () => {
    const target = path.join(dir, "project.json");
    const holder = startChild(LOCK_HOLDER_CHILD, ["file", target, "2000"]);
    children.push(holder);
    const line = (await holder.waitForLine((l) => (l as { locked?: boolean }).locked === true)) as { owner: LockOwner };
    assert.equal(line.owner.pid, holder.child.pid);
    await assert.rejects(new FileLock(target, { staleMs: 2000 }).acquire({ timeoutMs: 0 }), isLockError("timeout", (e) => e.holder?.pid === holder.child.pid));
    holder.child.kill("SIGKILL");
    assert.equal(await holder.exited, "SIGKILL");
    assert.equal(existsSync(`${target}.lock`), true, "the killed process leaves its lock behind");
    const handle = await new FileLock(target, { staleMs: 2000 }).acquire({ timeoutMs: 30_000 });
    assert.equal(handle.held, true);
    assert.equal(handle.tookOverFrom?.pid, holder.child.pid);
    await handle.release();
  });

  it("notices when its lock is taken away and refuses to vouch for it", async () => {
    const target = path.join(dir, "project.json");
    const handle = await new FileLock(target, { staleMs: 2000 }).acquire();
    await fs.rm(`${target}.lock`, { recursive: true });
    const deadline = Date.now() + 20_000;
    while (handle.held && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(handle.held, false);
    assert.throws(() => handle.assertHeld(), isLockError("lost"));
    await handle.release(); // does not throw
  });

  it("fails with a clear error when the lock cannot be made", async () => {
    await assert.rejects(new FileLock(path.join(dir, "no", "such", "dir", "p.json")).acquire({ timeoutMs: 0 }), isLockError("unavailable", (e) => /directory exists/.test(e.message)));
  });
});

describe("leases on conditional stores", () => {
  it("lets one owner in at a time and frees on release", async () => {
    const store = new ConditionalMemoryStore();
    const a = await new LeaseLock(store, "/p.lease", { owner: owner("ana"), autoRenew: false }).acquire();
    await assert.rejects(new LeaseLock(store, "/p.lease", { owner: owner("bo") }).acquire({ timeoutMs: 0 }), isLockError("timeout", (e) => e.holder?.user === "ana"));
    assert.deepEqual(await new LeaseLock(store, "/p.lease").holder(), owner("ana"));
    await a.release();
    assert.equal(await new LeaseLock(store, "/p.lease").holder(), undefined);
    const b = await new LeaseLock(store, "/p.lease", { owner: owner("bo"), autoRenew: false }).acquire({ timeoutMs: 0 });
    assert.equal(b.tookOverFrom, undefined, "a released lease is free, not taken over");
    await b.release();
  });

  it("takes over an expired lease, and the old holder finds out when it renews", async () => {
    const store = new ConditionalMemoryStore();
    const a = await new LeaseLock(store, "/p.lease", { owner: owner("ana"), ttlMs: 1000, autoRenew: false }).acquire();
    const b = await new LeaseLock(store, "/p.lease", { owner: owner("bo"), ttlMs: 1000, autoRenew: false }).acquire({ timeoutMs: 20_000 });
    assert.deepEqual(b.tookOverFrom, owner("ana"));
    assert.equal(a.held, false);
    await assert.rejects(a.renew(), isLockError("lost"));
    await a.release(); // nothing to do: it is not ours
    assert.deepEqual(await new LeaseLock(store, "/p.lease").holder(), owner("bo"));
    await b.release();
  });

  it("renews: a renewed lease moves its expiry ahead and stays ours", async () => {
    const store = new ConditionalMemoryStore();
    const a = await new LeaseLock(store, "/p.lease", { ttlMs: 60_000, autoRenew: false }).acquire();
    const before = a.expiresAt.getTime();
    await new Promise((r) => setTimeout(r, 5));
    await a.renew();
    assert.ok(a.expiresAt.getTime() > before);
    const stored = JSON.parse(new TextDecoder().decode(await store.get("/p.lease"))) as { expiresAt: string };
    assert.equal(Date.parse(stored.expiresAt), a.expiresAt.getTime());
    await assert.rejects(new LeaseLock(store, "/p.lease", { owner: owner("bo") }).acquire({ timeoutMs: 0 }), isLockError("timeout"));
    await a.release();
  });

  it("renews by itself while held", async () => {
    const store = new ConditionalMemoryStore();
    const a = await new LeaseLock(store, "/p.lease", { ttlMs: 1200 }).acquire();
    const firstExpiry = a.expiresAt.getTime();
    while (Date.now() < firstExpiry + 300) await new Promise((r) => setTimeout(r, 100));
    assert.ok(a.expiresAt.getTime() > firstExpiry);
    assert.equal(a.held, true);
    await a.release();
  });

  it("recovers a lease left by a process killed with SIGKILL once it expires (file-system conditional store)", async () => {
    const root = tempDir("seisproc-lease-");
    const holder = startChild(LOCK_HOLDER_CHILD, ["lease", root, "/project.lease", "1500"]);
    try {
      await holder.waitForLine((l) => (l as { locked?: boolean }).locked === true);
      const store = new FileSystemConditionalStore(root);
      await assert.rejects(new LeaseLock(store, "/project.lease").acquire({ timeoutMs: 0 }), isLockError("timeout", (e) => e.holder?.pid === holder.child.pid));
      holder.child.kill("SIGKILL");
      await holder.exited;
      const handle = await new LeaseLock(store, "/project.lease").acquire({ timeoutMs: 30_000 });
      assert.equal(handle.tookOverFrom?.pid, holder.child.pid);
      await handle.release();
    } finally {
      if (holder.child.exitCode === null && holder.child.signalCode === null) holder.child.kill("SIGKILL");
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it("treats a damaged lease object as expired", async () => {
    const store = new ConditionalMemoryStore();
    await store.set("/p.lease", new TextEncoder().encode("{ not json"));
    const a = await new LeaseLock(store, "/p.lease", { autoRenew: false }).acquire({ timeoutMs: 0 });
    assert.equal(a.held, true);
    await a.release();
  });
});
