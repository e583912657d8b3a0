/**
 * Where the settings live: the directory given through the API, else `$SEISPROC_CONFIG_DIR`, else the
 * platform's per-user configuration directory (`$XDG_CONFIG_HOME/seisproc`, by default `~/.config/seisproc`;
 * `%APPDATA%\seisproc` on Windows).
 *
 * @module
 */
import { homedir } from "node:os";
import * as path from "node:path";

/** The environment variable that overrides the configuration directory. */
export const CONFIG_DIR_ENV = "SEISPROC_CONFIG_DIR";

/** The settings file's name inside the configuration directory. */
export const SETTINGS_FILE_NAME = "settings.json";

/** Inputs of {@link resolveConfigDir} (all optional; the defaults are the running process's). */
export interface ConfigDirOptions {
  /** A directory chosen through the API; wins over everything. */
  configDir?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/**
 * The configuration directory, as an absolute path (it need not exist yet).
 *
 * @example
 * ```ts
 * resolveConfigDir({ env: { XDG_CONFIG_HOME: "/home/ana/.config" } }); // "/home/ana/.config/seisproc"
 * resolveConfigDir({ configDir: "./cfg" }); // "<cwd>/cfg"
 * ```
 */
export function resolveConfigDir(options: ConfigDirOptions = {}): string {
  const env = options.env ?? process.env;
  if (options.configDir !== undefined && options.configDir !== "") return path.resolve(options.configDir);
  const fromEnv = env[CONFIG_DIR_ENV];
  if (fromEnv !== undefined && fromEnv !== "") return path.resolve(fromEnv);
  const home = options.home ?? homedir();
  if ((options.platform ?? process.platform) === "win32") return path.join(env.APPDATA ?? path.join(home, "AppData", "Roaming"), "seisproc");
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(home, ".config");
  return path.join(base, "seisproc");
}
