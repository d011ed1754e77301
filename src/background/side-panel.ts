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
import { createSerialQueue } from '../domain/serial-queue';
import { newPress, type PanelPress, type Press } from '../shared/panel-press';
import { panelPressItem } from '../shared/storage/items';
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

/**
 * Right after openSidePanelNow, still before any await: a new press, written first so the panel
 * Chrome is loading (or one already open) reads it and paints the recovery without waiting for
 * the worker to decide where it goes and store it (the panel's page load is most of its latency).
 */
export function announcePress(at: number): PanelPress {
  const press = newPress(at);
  void pressWrites(() => panelPressItem.set(press)).catch(() => undefined);
  return press;
}

/** One write at a time, so a settled press never overwrites a newer one. */
const pressWrites = createSerialQueue();

/**
 * What came of a press, if it is still the last one: started (its incident is in the mirror)
 * or withdrawn, when a panel that painted it goes back to its ready view and says why.
 */
export function settlePress(
  press: Press,
  outcome: { status: 'started' } | { status: 'withdrawn'; reason: string },
): Promise<void> {
  return pressWrites(async () => {
    const last = await panelPressItem.get();
    if (last?.incidentId !== press.incidentId) return;
    await panelPressItem.set({ ...last, reason: null, ...outcome });
  }).catch(() => undefined);
}

/** Longer than a panel takes to load and paint here (~100–250 ms on 2 busy cores). */
const PANEL_PAINT_WAIT_MS = 400;
/** What resolves each wait; only for the moments a hotkey is being served. */
const paintWaits = new Set<() => void>();

/**
 * Resolves when the side panel next says it painted a recovery, or after PANEL_PAINT_WAIT_MS.
 * The rest of a hotkey served in the panel waits for this (see onStartRecoveryCommand).
 */
export function whenPanelPainted(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      paintWaits.delete(done);
      resolve();
    };
    const timer = setTimeout(done, PANEL_PAINT_WAIT_MS);
    paintWaits.add(done);
  });
}

export function panelPainted(): void {
  for (const done of [...paintWaits]) done();
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
