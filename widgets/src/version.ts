/**
 * The front-end module's name and version, read from the package's package.json at build time (webpack inlines
 * it), so they are never typed twice; the kernel side reads the same file (kernel-ext/module-info.ts).
 *
 * @module
 */
import pkg from "../../package.json";

/**
 * The widget module name (`_model_module` / `_view_module` of every SeisProc widget): `seisproc`.
 *
 * @example
 * ```ts
 * manager.register({ name: MODULE_NAME, version: MODULE_VERSION, exports: widgets });
 * ```
 */
export const MODULE_NAME: string = pkg.name;

/**
 * The widget module version (the package version, e.g. `0.1.0`; the kernel asks for `^0.1.0`).
 *
 * @example
 * ```ts
 * MODULE_VERSION; // "0.1.0"
 * ```
 */
export const MODULE_VERSION: string = pkg.version;
