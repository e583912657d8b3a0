/**
 * Sessions: the viewer's state (viewport, gain, colormap, interpolation, current dataset and gather, sort keys,
 * panel layout) as versioned JSON, pure (de)serialisation for embedding it elsewhere, and a
 * {@link SessionManager} that restores, auto-saves and resets it.
 *
 * @module
 * @example
 * ```ts
 * import { SessionManager, sessionToDocument } from "seisproc";
 * const session = new SessionManager("project/.seisproc/session.json");
 * await session.restore();
 * session.update({ gain: 2 });
 * notebookMetadata.seisprocSession = sessionToDocument(session.state);
 * await session.dispose();
 * ```
 */
export * from "./errors";
export * from "./session-json";
export * from "./session-manager";
export * from "./session-state";
