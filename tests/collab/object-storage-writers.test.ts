import { strict as assert } from "node:assert";
import { randomUUID } from "node:crypto";
import { ConditionalWritesUnsupportedError } from "../../src/core/cloud";
import { LockError, SharedProject } from "../../src/core/collab";
import { startAzurite, startS3rver, s3Env, withEnv } from "../cloud/servers";
import { runWriters } from "./run-writers";

describe("shared projects on object-storage servers on loopback", () => {
  it("8 processes on Azure Blob (Azurite, which honours If-None-Match / If-Match) lose no change", async function () {
    this.timeout(300_000);
    const azurite = await startAzurite();
    try {
      const { BlobServiceClient } = await import("@azure/storage-blob");
      await BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient("collab").create();
      const url = `az://collab/projects/${randomUUID()}`;
      const env = { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString };
      await withEnv(env, () => runWriters("url", url, url, { rounds: 2, initialNotes: "", env }));
    } finally {
      await azurite.close();
    }
  });

  it("on s3rver, which ignores conditional writes, a shared project is refused with a clear error instead of losing changes", async function () {
    this.timeout(120_000);
    const s3 = await startS3rver(["collab"]);
    try {
      const url = `s3://collab/projects/${randomUUID()}`;
      await withEnv(s3Env(s3.endpoint), async () => {
        const error = await SharedProject.create(url, { name: "p" }, { datasetCheck: async () => undefined }).then(
          () => assert.fail("creating a shared project on s3rver should fail"),
          (e: unknown) => e,
        );
        assert.ok(error instanceof LockError && error.problem === "unavailable", String(error));
        assert.ok(error.cause instanceof ConditionalWritesUnsupportedError, String(error.cause));
        assert.match(error.message, /ignores If-None-Match/);
        const { openStore } = await import("../../src/core/cloud");
        assert.equal(await openStore(url).get("/project.seisproc.json"), undefined, "nothing was written");
      });
    } finally {
      await s3.close();
    }
  });
});
