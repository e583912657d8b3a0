/**
 * The table of renderers that turn values into rich displays. Each renderer recognises a kind of value by its
 * shape (duck typing over plain data, so that renderers need not import the classes they show) and renders it as
 * HTML and plain text. {@link bundleFromRegistry} picks, in order: the value's own `MIME_BUNDLE` method (widgets), the
 * first registered renderer that accepts it, and plain `util.inspect` text.
 *
 * @module
 */
import { format } from "node:util";
import { isSelfDisplaying, MIME_BUNDLE, type MimeBundle } from "../mime-bundle";

/**
 * What a renderer produces: plain text (always), HTML (usually) and any other MIME types.
 *
 * @example
 * ```ts
 * const out: Rendered = { text: "Dataset line-1: 120 gathers", html: "<b>line-1</b>: 120 gathers" };
 * ```
 */
export interface Rendered {
  text: string;
  html?: string;
  /** Further representations by MIME type. */
  data?: Record<string, unknown>;
}

/**
 * A renderer: a name (for replacing and listing), a test of whether it handles a value, and the rendering.
 *
 * @example
 * ```ts
 * const seconds: Renderer = { name: "duration", accepts: (v) => typeof v === "object" && v !== null && "seconds" in v,
 *   render: (v) => ({ text: `${(v as { seconds: number }).seconds} s` }) };
 * ```
 */
export interface Renderer {
  readonly name: string;
  accepts(value: unknown): boolean;
  render(value: unknown): Rendered;
}

const renderers: Renderer[] = [];

/**
 * Adds a renderer (replacing one of the same name). Later registrations are tried first unless `last` is set, so
 * that a notebook can override a built-in renderer. Returns a function that removes it.
 *
 * @example
 * ```ts
 * const remove = registerRenderer({ name: "pick", accepts: isPick, render: renderPick });
 * ```
 */
export function registerRenderer(renderer: Renderer, options: { last?: boolean } = {}): () => void {
  const existing = renderers.findIndex((r) => r.name === renderer.name);
  if (existing !== -1) renderers.splice(existing, 1);
  if (options.last === true) renderers.push(renderer);
  else renderers.unshift(renderer);
  return () => {
    const i = renderers.indexOf(renderer);
    if (i !== -1) renderers.splice(i, 1);
  };
}

/**
 * The registered renderers' names, in the order they are tried.
 *
 * @example
 * ```ts
 * rendererNames(); // ["dataset", "header-table", "project", …]
 * ```
 */
export function rendererNames(): string[] {
  return renderers.map((r) => r.name);
}

/**
 * The renderer that would display `value`, if any.
 *
 * @example
 * ```ts
 * findRenderer(dataset)?.name; // "dataset"
 * ```
 */
export function findRenderer(value: unknown): Renderer | undefined {
  return renderers.find((r) => {
    try {
      return r.accepts(value);
    } catch {
      return false;
    }
  });
}

/**
 * The display bundle of any value from the registered renderers only: its own (`MIME_BUNDLE`), a renderer's
 * (`text/plain` + `text/html` + extras) or `util.inspect`-style plain text. A renderer that throws falls back to
 * plain text with a note. Use `mimeBundleFor` (display.ts), which registers the built-in renderers first.
 *
 * @example
 * ```ts
 * bundleFromRegistry(42).data["text/plain"]; // "42"
 * ```
 */
export function bundleFromRegistry(value: unknown): MimeBundle {
  if (isSelfDisplaying(value)) return value[MIME_BUNDLE]();
  const renderer = findRenderer(value);
  if (renderer !== undefined) {
    try {
      const out = renderer.render(value);
      const data: Record<string, unknown> = { ...(out.data ?? {}), "text/plain": out.text };
      if (out.html !== undefined) data["text/html"] = out.html;
      return { data, metadata: {} };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return { data: { "text/plain": `${format(value)}\n(renderer "${renderer.name}" failed: ${why})` }, metadata: {} };
    }
  }
  return { data: { "text/plain": format(value) }, metadata: {} };
}
