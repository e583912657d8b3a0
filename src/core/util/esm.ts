/**
 * Loading ES-module-only dependencies (zarrita has only an `import` export condition) from this CommonJS
 * package. `require("zarrita")` fails on Node 20 because no export condition matches; a real dynamic `import()`
 * works, but TypeScript compiles `import()` to `require()` under CommonJS, so the call is kept out of its
 * reach here.
 *
 * @module
 */

const dynamicImport = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<unknown>;

/**
 * Imports an ES module by specifier from CommonJS code, with the given type.
 *
 * @example
 * ```ts
 * const zarr = await importEsm<typeof import("zarrita")>("zarrita");
 * ```
 */
export function importEsm<T>(specifier: string): Promise<T> {
  return dynamicImport(specifier) as Promise<T>;
}
