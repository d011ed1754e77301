/** Names shared across contexts. */

/** The one element the overlay adds to a call page (its UI lives in a closed shadow root). */
export const OVERLAY_HOST_TAG = 'demo-rescue-overlay';
/** The small marker shown in other call tabs while an incident is active elsewhere. */
export const MARKER_HOST_TAG = 'demo-rescue-marker';

/** The overlay bundle injected on demand (see vite.config.ts). */
export const OVERLAY_SCRIPT = 'overlay.js';

export const COMMAND_START_RECOVERY = 'start-recovery';

/**
 * Every chrome.storage key, in one place (each is defined as a typed item, with its default,
 * schema and version, in src/shared/storage/items.ts). Local unless marked session.
 */
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
  /** When the playbook last changed in this browser (or in the browser it was synced from). */
  playbookSavedAt: 'playbookSavedAt',
  /** What sync last did, for the options page. */
  syncStatus: 'syncStatus',
  /** Stamped by the worker whenever it writes POCs, so options tabs re-fetch and sync pushes. */
  pocsChangedAt: 'pocsChangedAt',
  /** Stored values that needed repair, kept as they were until the person has seen the warning. */
  quarantine: 'quarantine',
  /** Session: the tab whose top frame shows the full overlay; other call tabs show a marker. */
  overlayTabId: 'overlayTabId',
  /** Session: the last hotkey press, for the side panel to paint before the incident is stored. */
  panelPress: 'panelPress',
  /** Session: the windows whose side panel is open (sidePanel.onOpened / onClosed). */
  panelWindows: 'panelWindows',
  /** Session: prefix of `share:<tabId>`, what that tab is screen-sharing as far as hints tell. */
  shareStatePrefix: 'share:',
  /** Session: the hotkey could not help; the badge says "!" until a recovery starts. */
  hotkeyAlert: 'hotkeyAlert',
  /** Session: the recent failures seen in demo tabs (src/background/evidence-buffer.ts). */
  evidence: 'evidence',
  /** Session: since when request capture runs (it runs only while a demo tab is open). */
  captureSince: 'captureSince',
} as const;

export const BACKUP_FORMAT = 'demo-rescue-backup';
/**
 * 2: evidence events in incidents, demo app addresses in POCs (both additive).
 * 3: POCs' "Also capture console.error" opt-in (additive).
 */
export const BACKUP_VERSION = 3;
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/**
 * The page-error scripts (see vite.config.ts), registered for granted demo origins only: the
 * listener in the page's world and the relay in the isolated world, and the DOM event on
 * `document` between them (its detail is JSON text; a page can dispatch it too).
 */
export const PAGE_ERRORS_SCRIPT = 'page-errors.js';
export const PAGE_ERRORS_MAIN_SCRIPT = 'page-errors-main.js';
export const PAGE_ERRORS_SCRIPT_ID = 'demo-rescue-page-errors';
export const PAGE_ERRORS_MAIN_SCRIPT_ID = 'demo-rescue-page-errors-main';
export const PAGE_ERROR_EVENT = 'demo-rescue:page-error';
/** The console.error wrapper's page-world script: only where a POC opted in (see poc.ts). */
export const PAGE_CONSOLE_MAIN_SCRIPT = 'page-console-main.js';
export const PAGE_CONSOLE_MAIN_SCRIPT_ID = 'demo-rescue-page-console-main';

/**
 * The private channel between the call page's main-world getDisplayMedia wrapper and the
 * isolated-world relay (src/content/share-channel.ts): a Comment node with this text, handed
 * over at document_start and detached before any page script runs.
 */
export const SHARE_CHANNEL_MARK = 'demo-rescue:share-channel';
/** On the private channel: the wrapper's report, a CustomEvent whose detail is a JSON ShareHint. */
export const SHARE_HINT_EVENT = 'demo-rescue:share-hint';
/** On the private channel: a relay injected after an update asks the wrapper to report again. */
export const SHARE_REPORT_REQUEST_EVENT = 'demo-rescue:share-report-request';
/**
 * Keys (Symbol.for) on the isolated world's globalThis, invisible to the page: the channel, kept
 * for a relay injected again after an update; and the worker's mark that the next relay is
 * injected late (the page has run), so it must not meet on a new channel.
 */
export const SHARE_CHANNEL_KEY = 'demo-rescue.share-channel';
export const SHARE_RELAY_LATE_KEY = 'demo-rescue.share-relay-late';

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
