/**
 * A {@link SessionManager} seen as a {@link ViewState}, so that gain and viewport commands change the session
 * (and so get auto-saved and restored with it).
 *
 * @module
 */
import type { SessionManager } from "../session/session-manager";
import type { ViewportLimits } from "../session/session-state";
import type { ViewState } from "./view-targets";

/**
 * A view state that reads and writes `session`'s gain and viewport.
 *
 * @example
 * ```ts
 * const view = sessionViewState(session);
 * await history.execute(new ChangeGainCommand(view, 3)); // session.state.gain === 3, auto-saved
 * ```
 */
export function sessionViewState(session: SessionManager): ViewState {
  return {
    get gain(): number {
      return session.state.gain;
    },
    set gain(gain: number) {
      session.update({ gain });
    },
    get viewport(): ViewportLimits {
      return { ...session.state.viewport };
    },
    set viewport(viewport: ViewportLimits) {
      session.update({ viewport });
    },
  };
}
