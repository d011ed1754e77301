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
  /** Test-only: scales reminder delays down; never set by the UI. */
  testReminderDelayMs: 'testReminderDelayMs',
} as const;

export const BACKUP_FORMAT = 'demo-rescue-backup';
export const BACKUP_VERSION = 1;
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** chrome.storage.session keys (short-lived worker state; cleared when the browser quits). */
export const SESSION_KEYS = {
  /** The tab whose top frame shows the full overlay; other call tabs show only a marker. */
  overlayTabId: 'overlayTabId',
} as const;
