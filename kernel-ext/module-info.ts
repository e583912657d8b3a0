/**
 * The constants that name this package to Jupyter, in one place: the widget front-end module (`seisproc`, with
 * the version from package.json), the widget message protocol version, the kernel's name and display name, and
 * where the package's compiled entry points live. The front-end widget bundle reads the same package.json, so
 * the two sides never disagree on a version typed twice.
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

/** The package.json fields this module reads. */
interface PackageJson {
  name: string;
  version: string;
}

/**
 * Finds the package root: the nearest ancestor of `start` holding a package.json whose name is `seisproc`
 * (compiled files sit in dist/kernel-ext/…, sources in kernel-ext/…, so the depth varies).
 */
function findPackageRoot(start: string): { root: string; pkg: PackageJson } {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as Partial<PackageJson>;
      if (pkg.name === "seisproc" && typeof pkg.version === "string") return { root: dir, pkg: { name: pkg.name, version: pkg.version } };
    }
    if (path.dirname(dir) === dir) throw new Error(`seisproc: no package.json named "seisproc" above ${start}`);
  }
}

const found = findPackageRoot(__dirname);

/**
 * The package's root directory (the one holding package.json).
 *
 * @example
 * ```ts
 * path.join(PACKAGE_ROOT, "dist", "src", "index.js");
 * ```
 */
export const PACKAGE_ROOT: string = found.root;

/**
 * The package's version, from package.json.
 *
 * @example
 * ```ts
 * PACKAGE_VERSION; // "0.1.0"
 * ```
 */
export const PACKAGE_VERSION: string = found.pkg.version;

/**
 * The front-end module that defines SeisProc's widget models and views (`_model_module` / `_view_module`).
 *
 * @example
 * ```ts
 * const spec = { modelModule: WIDGET_MODULE_NAME, viewModule: WIDGET_MODULE_NAME };
 * ```
 */
export const WIDGET_MODULE_NAME: string = found.pkg.name;

/**
 * The semver range of the front-end module the kernel asks for (`_model_module_version`), `^` + the package
 * version, as the ipywidgets cookiecutter does.
 *
 * @example
 * ```ts
 * WIDGET_MODULE_VERSION; // "^0.1.0"
 * ```
 */
export const WIDGET_MODULE_VERSION = `^${found.pkg.version}`;

/**
 * The Jupyter widget message protocol version spoken (sent as `metadata.version` of `comm_open`).
 *
 * @example
 * ```ts
 * comm.open({ state, buffer_paths }, { version: WIDGET_PROTOCOL_VERSION });
 * ```
 */
export const WIDGET_PROTOCOL_VERSION = "2.1.0";

/**
 * The comm target of widget models.
 *
 * @example
 * ```ts
 * comms.open(WIDGET_COMM_TARGET, { state, buffer_paths });
 * ```
 */
export const WIDGET_COMM_TARGET = "jupyter.widget";

/**
 * The comm target front ends open to ask for every widget's state at once (`request_states`).
 *
 * @example
 * ```ts
 * comms.registerTarget(WIDGET_CONTROL_TARGET, handleControlComm);
 * ```
 */
export const WIDGET_CONTROL_TARGET = "jupyter.widget.control";

/**
 * The MIME type of a widget view in a display bundle.
 *
 * @example
 * ```ts
 * bundle[WIDGET_VIEW_MIME] = { model_id: id, version_major: 2, version_minor: 1 };
 * ```
 */
export const WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json";

/**
 * The kernelspec's directory name (what notebooks store in `metadata.kernelspec.name`).
 *
 * @example
 * ```ts
 * path.join(jupyterPath, "kernels", KERNEL_NAME, "kernel.json");
 * ```
 */
export const KERNEL_NAME = "seisproc";

/**
 * The name front ends show for the kernel.
 *
 * @example
 * ```ts
 * KERNEL_DISPLAY_NAME; // "SeisProc (TypeScript)"
 * ```
 */
export const KERNEL_DISPLAY_NAME = "SeisProc (TypeScript)";

/**
 * The compiled kernel entry point that a kernelspec runs with node.
 *
 * @example
 * ```ts
 * spawn(process.execPath, [KERNEL_MAIN, "--connection-file", file]);
 * ```
 */
export const KERNEL_MAIN: string = path.join(PACKAGE_ROOT, "dist", "kernel-ext", "main.js");
