/**
 * The side panel host (src/sidepanel/): browser UI beside the tab the SE looks at, never in a
 * tab capture. The hotkey must open it synchronously in its listener (an await first loses the
 * user gesture), so whether it may open is kept in Chrome itself, ahead of time: the panel is
 * enabled only while nothing or a tab is shared. A disabled panel cannot open, and disabling it
 * closes it, so it never shows inside a window or whole-screen share. Chrome keeps this state
 * while the worker sleeps: the hotkey's listener needs nothing from storage.
 * sidePanel is Chrome-only: every call is feature-checked.
 */
import { panelAllowed, shareKind } from '../domain/recovery-place';
import { SIDE_PANEL_PAGE } from '../shared/constants';
import { readAllShareStates } from './share';

const api = (): typeof chrome.sidePanel | undefined =>
  (globalThis as { chrome?: typeof chrome }).chrome?.sidePanel;

/**
 * In the hotkey's listener, before anything else: opens the panel in the last focused window.
 * Chrome refuses while the panel is disabled (a window or the screen is shared); that refusal is
 * the decision, not an error.
 */
export function openSidePanelNow(): void {
  const sidePanel = api();
  if (!sidePanel) return;
  sidePanel.open({ windowId: chrome.windows.WINDOW_ID_CURRENT }).catch(() => undefined);
}

let syncing: Promise<void> = Promise.resolve();

async function sync(): Promise<void> {
  const sidePanel = api();
  if (!sidePanel) return;
  const shares = await readAllShareStates();
  const allowed = panelAllowed(shareKind([...shares.values()]));
  await sidePanel.setOptions({ enabled: allowed, path: SIDE_PANEL_PAGE });
  if (allowed) return;
  // Disabling closes it already; closing each window too costs nothing and does not rely on it.
  const windows = await chrome.windows.getAll();
  await Promise.allSettled(windows.map((w) => sidePanel.close({ windowId: w.id as number })));
}

/**
 * After any share state changed: enables or disables (and closes) the panel. In order, one at a
 * time, so a slow earlier sync never lands after a later one.
 */
export function syncSidePanel(): Promise<void> {
  const next = syncing.then(sync);
  syncing = next.catch(() => undefined);
  return next;
}
