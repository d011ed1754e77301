/**
 * The privacy guard's rules: from what the call tab is sharing (a hint from the page's
 * getDisplayMedia wrapper) and the user's choice for this meeting, whether the overlay may show.
 * No browser API removes page content from a capture, so when the audience can see this tab
 * (the whole screen, or this very tab) the overlay goes discreet.
 */

export type ShareSurface = 'monitor' | 'window' | 'browser';
export const SHARE_SURFACES: readonly ShareSurface[] = ['monitor', 'window', 'browser'];

/** What the call page reports about its screen share. A page can forge it: a hint only. */
export interface ShareHint {
  sharing: boolean;
  /** `MediaTrackSettings.displaySurface` of the shared track; null when unknown or not sharing. */
  surface: ShareSurface | null;
  /** The shared tab is the call tab itself (recognised by its Capture Handle). */
  selfTab: boolean;
}

export const NOT_SHARING: ShareHint = { sharing: false, surface: null, selfTab: false };

/** The user's per-meeting choice; `auto` follows the share hint. */
export type PrivacyOverride = 'auto' | 'show' | 'hide';
export const PRIVACY_OVERRIDES: readonly PrivacyOverride[] = ['auto', 'show', 'hide'];

/** `discreet`: the overlay stays hidden unless the user peeks. */
export type PrivacyMode = 'normal' | 'discreet';

/** Where the overlay is drawn: in the call tab, or popped out in its own always-on-top window. */
export type OverlayPlace = 'tab' | 'pop-out';

/** How long a peek shows a discreet overlay. */
export const PEEK_MS = 5_000;

export interface PrivacyView {
  mode: PrivacyMode;
  /** One line for the overlay's indicator, e.g. "Private: you are sharing another tab". */
  indicator: string;
  /** What is shared shows the overlay to the audience (the whole screen, or the tab it is in). */
  exposed: boolean;
  /** What to do about an exposed share; null when nothing needs doing. */
  suggestion: string | null;
}

/**
 * What the browser can tell about a share. Without Capture Handle (Firefox) it cannot tell a
 * shared tab is this one, and its picker offers windows and screens only: a shared window may be
 * the browser window this tab is drawn in.
 */
export interface CaptureSupport {
  recognisesOwnTab: boolean;
}
export const FULL_CAPTURE_SUPPORT: CaptureSupport = { recognisesOwnTab: true };

const SHARE_ELSEWHERE = 'Share another tab or a window instead.';
/** Where the browser cannot tell, only the user knows the shared window does not hold this tab. */
const SHARE_ELSEWHERE_UNRECOGNISED =
  'Share a window this tab is not in, then choose “Always show” for this meeting.';

const MAX_HINT_CHARS = 200;

function isSurface(value: unknown): value is ShareSurface {
  return SHARE_SURFACES.includes(value as ShareSurface);
}

/**
 * Reads the wrapper's event detail: a JSON string holding exactly a consistent ShareHint.
 * Anything else (another type, extra keys, `selfTab` for a screen) is ignored as malformed.
 */
export function parseShareHint(detail: unknown): ShareHint | null {
  if (typeof detail !== 'string' || detail.length > MAX_HINT_CHARS) return null;
  let value: unknown;
  try {
    value = JSON.parse(detail);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== 3) return null;
  const { sharing, surface, selfTab } = value as Record<string, unknown>;
  if (typeof sharing !== 'boolean' || typeof selfTab !== 'boolean') return null;
  if (surface !== null && !isSurface(surface)) return null;
  if (!sharing && (surface !== null || selfTab)) return null;
  if (selfTab && surface !== 'browser') return null;
  return { sharing, surface, selfTab };
}

/** "your whole screen", "this tab"…, and whether the audience sees the overlay at `place`. */
function describeShare(
  share: ShareHint,
  place: OverlayPlace,
  support: CaptureSupport,
): { what: string; exposed: boolean } {
  if (!support.recognisesOwnTab && place === 'tab') {
    // Perhaps this very tab, or the window it is in: assume the audience sees it.
    if (share.surface === 'browser') return { what: 'a tab, maybe this one', exposed: true };
    if (share.surface === 'window') return { what: 'a window, maybe this one', exposed: true };
  }
  switch (share.surface) {
    case 'monitor':
      // A popped-out window is on the screen too.
      return { what: 'your whole screen', exposed: true };
    case 'browser':
      if (!share.selfTab) return { what: 'another tab', exposed: false };
      return place === 'tab'
        ? { what: 'this tab', exposed: true }
        : { what: 'the call tab', exposed: false };
    case 'window':
      return { what: 'a window', exposed: false };
    case null:
      // An unknown surface could be anything: assume the audience sees the overlay.
      return { what: 'your screen', exposed: true };
  }
}

/** The decision for the overlay. `share` null means no hint yet: nothing is being shared. */
export function privacyView(
  share: ShareHint | null,
  override: PrivacyOverride,
  place: OverlayPlace = 'tab',
  support: CaptureSupport = FULL_CAPTURE_SUPPORT,
): PrivacyView {
  if (!share?.sharing) {
    return override === 'hide'
      ? {
          mode: 'discreet',
          indicator: 'Hidden by you: not sharing',
          exposed: false,
          suggestion: null,
        }
      : { mode: 'normal', indicator: 'Not sharing', exposed: false, suggestion: null };
  }
  const { what, exposed } = describeShare(share, place, support);
  const elsewhere = support.recognisesOwnTab ? SHARE_ELSEWHERE : SHARE_ELSEWHERE_UNRECOGNISED;
  const suggestion = exposed ? elsewhere : null;
  if (override === 'show') {
    return exposed
      ? {
          mode: 'normal',
          indicator: `Visible to your audience: you are sharing ${what}`,
          exposed,
          suggestion,
        }
      : { mode: 'normal', indicator: `Private: you are sharing ${what}`, exposed, suggestion };
  }
  if (override === 'hide' && !exposed) {
    return {
      mode: 'discreet',
      indicator: `Hidden by you: you are sharing ${what}`,
      exposed,
      suggestion,
    };
  }
  return exposed
    ? { mode: 'discreet', indicator: `Hidden: you are sharing ${what}`, exposed, suggestion }
    : { mode: 'normal', indicator: `Private: you are sharing ${what}`, exposed, suggestion };
}

/**
 * The wire form parseShareHint reads. Built by hand rather than with JSON.stringify, which
 * would consult `toJSON` on prototypes a call page can patch.
 */
export function formatShareHint(hint: ShareHint): string {
  const surface = hint.surface === null ? 'null' : `"${hint.surface}"`;
  return `{"sharing":${hint.sharing},"surface":${surface},"selfTab":${hint.selfTab}}`;
}
