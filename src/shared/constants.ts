/** Names shared across contexts. */

/** The one element the overlay adds to a call page (its UI lives in a closed shadow root). */
export const OVERLAY_HOST_TAG = 'demo-rescue-overlay';
/** The small marker shown in other call tabs while an incident is active elsewhere. */
export const MARKER_HOST_TAG = 'demo-rescue-marker';

/** The overlay bundle injected on demand (see vite.config.ts). */
export const OVERLAY_SCRIPT = 'overlay.js';

export const COMMAND_START_RECOVERY = 'start-recovery';

/** chrome.storage.local keys. */
export const STORAGE_KEYS = {
  playbook: 'playbook',
  settings: 'settings',
  /** The active incident and its events, mirrored from IndexedDB so overlays can follow it. */
  activeIncident: 'activeIncident',
  overlayLayout: 'overlayLayout',
  /** Meeting code → POC id, so the overlay pre-selects the POC used last time. */
  meetingPocs: 'meetingPocs',
  /** Meeting → the user's "always show" / "always hide" choice for the overlay while sharing. */
  privacyOverrides: 'privacyOverrides',
  /** Reminder name → the due time it fired for, so a restart never repeats a reminder. */
  firedReminders: 'firedReminders',
  /** Test-only: every reminder fires this many ms after it is scheduled; never set by the UI. */
  testReminderDelayMs: 'testReminderDelayMs',
} as const;

export const BACKUP_FORMAT = 'demo-rescue-backup';
export const BACKUP_VERSION = 1;
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** chrome.storage.session keys (short-lived worker state; cleared when the browser quits). */
export const SESSION_KEYS = {
  /** The tab whose top frame shows the full overlay; other call tabs show only a marker. */
  overlayTabId: 'overlayTabId',
  /** Prefix of `share:<tabId>`: what that tab is screen-sharing, as far as its hints tell. */
  shareStatePrefix: 'share:',
  /** The hotkey could not help; the badge says "!" until a recovery starts (see badge.ts). */
  hotkeyAlert: 'hotkeyAlert',
} as const;

/**
 * The CustomEvent the call page's main-world getDisplayMedia wrapper dispatches on `document` for
 * the isolated-world relay (both worlds share the DOM). Its detail is a JSON ShareHint; a page
 * can dispatch it too, so it is only ever a hint.
 */
export const SHARE_HINT_EVENT = 'demo-rescue:share-hint';

/** The worker's push to a call tab's top frame when that tab's share state changes. */
export const SHARE_CHANGED_MESSAGE = 'share/changed';

/**
 * Keys (Symbol.for) on the content scripts' isolated-world globalThis, invisible to the page:
 * the running overlay instance, and the show request the worker leaves before injecting it.
 */
export const OVERLAY_INSTANCE_KEY = 'demo-rescue.overlay';
export const OVERLAY_REQUEST_KEY = 'demo-rescue.overlay-request';

/** The toolbar popup's page; also opened in a tab to review many overdue reminders. */
export const POPUP_PAGE = 'src/popup/index.html';

/** The follow-up report in a full tab (`?incident=<id>`); reminders open it too. */
export const REPORT_PAGE = 'src/report/index.html';

/** The built-in practice call (an extension page). */
export const PRACTICE_PAGE = 'src/practice/index.html';

/** The side panel page: the recovery beside the presented demo (see src/background/side-panel.ts). */
export const SIDE_PANEL_PAGE = 'src/sidepanel/index.html';

/** The performance mark the side panel sets once it painted an incident's recovery (the bench reads it). */
export const RECOVERY_PAINTED_MARK = 'demo-rescue:recovery-painted';

/**
 * How long a call tab keeps asking the worker to store an incident it already painted (the
 * worker may have stopped before storing it), counted from the keydown. The worker accepts a
 * painted start time this old, and no older: a retry the tab may still send is never refused.
 */
export const START_RETRY_WINDOW_MS = 60_000;

/** Notification shown when the hotkey finds no call tab to put the overlay in. */
export const NO_CALL_TAB_NOTIFICATION = 'demo-rescue-no-call-tab';
