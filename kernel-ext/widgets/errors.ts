/**
 * Errors of the kernel-side widgets: a value the front end (or notebook code) gave that a viewer cannot take, and
 * a dataset action that failed.
 *
 * @module
 */
import { SeisprocError, type SeisprocErrorOptions } from "../../src/core/errors";

/**
 * A viewer or panel setting that is not acceptable (`setting` names it), e.g. a gain of 0 or an unknown
 * colormap. The viewer keeps its previous value.
 *
 * @example
 * ```ts
 * try { await viewer.setGain(-1); } catch (e) { if (e instanceof ViewerSettingError) console.log(e.setting); }
 * ```
 */
export class ViewerSettingError extends SeisprocError {
  readonly tag = "ViewerSettingError";
  /** The setting, e.g. `"gain"`. */
  readonly setting: string;

  constructor(setting: string, detail: string, options: SeisprocErrorOptions = {}) {
    super(`${setting}: ${detail}`, options);
    this.setting = setting;
  }
}
