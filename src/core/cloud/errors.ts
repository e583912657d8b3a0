/**
 * Errors of the object-storage backends. Both are {@link StorageError}s (so code that handles storage failures
 * handles them too, and the CLI prints them as one line with their causes), with the location and what went
 * wrong as typed fields. Neither ever carries a secret: messages name the location, the credential source and
 * the server's error code, never a key, a token or a signature.
 *
 * @module
 */
import { StorageError, type SeisprocErrorOptions, type StorageOperation } from "../errors";

/** Why credentials did not work. */
export type CredentialsProblem =
  /** None were found in any of the standard places. */
  | "missing"
  /** The server does not know them or their signature does not match (wrong key, expired token). */
  | "rejected"
  /** They are valid but may not do this (a policy, a role or a SAS without the permission). */
  | "denied";

/**
 * Credentials for an object store are missing, wrong or lack a permission. The message names the location
 * (`s3://bucket/prefix`), what was being done, where credentials were looked for and what to do; it never holds
 * the credentials themselves. `tag` is `"StorageError"` (it is one); test with `instanceof CredentialsError`.
 *
 * @example
 * ```ts
 * try { await store.get("/seisproc/COMPLETE"); }
 * catch (e) { if (e instanceof CredentialsError && e.problem === "missing") askForCredentials(e.message); else throw e; }
 * ```
 */
export class CredentialsError extends StorageError {
  /** What went wrong with the credentials. */
  readonly problem: CredentialsProblem;

  constructor(problem: CredentialsProblem, detail: string, context: { store: string; key: string; operation: StorageOperation }, options: SeisprocErrorOptions = {}) {
    super(detail, { ...context, transient: false }, options);
    this.problem = problem;
  }
}

/**
 * The server accepts conditional writes (`If-None-Match: *`, `If-Match`) but ignores them, so a lock or a
 * compare-and-swap written there would silently overwrite another writer's. Seen with s3rver 3.7.1; real S3,
 * Azure Blob and Azurite honour them.
 *
 * @example
 * ```ts
 * try { await store.putIfAbsent("/locks/project", bytes); }
 * catch (e) { if (e instanceof ConditionalWritesUnsupportedError) useLockFilesInstead(); }
 * ```
 */
export class ConditionalWritesUnsupportedError extends StorageError {
  constructor(store: string, key: string, detail: string, options: SeisprocErrorOptions = {}) {
    super(detail, { store, key, operation: "set", transient: false }, options);
  }
}
