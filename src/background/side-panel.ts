/**
 * The side panel host (src/sidepanel/): browser UI beside the tab the SE looks at, never in a
 * tab capture. The hotkey must open it synchronously in its listener (an await first loses the
 * user gesture), so whether it may open is kept in Chrome itself, ahead of time (panelEnabled):
 * enabled only while nothing or a tab is shared, and not while the SE is on the call tab with
 * no panel open (the overlay is the recovery there). A disabled panel cannot open, and
 * disabling it closes it, so it never shows inside a window or whole-screen share. Chrome keeps
 * this state while the worker sleeps: the hotkey's listener needs nothing from storage.
 * sidePanel is Chrome-only: every call is feature-checked.
 */
import browser from 'webextension-polyfill';
import { panelAllowed, panelEnabled, shareKind } from '../domain/recovery-place';
import { callPlatform } from '../shared/call-sites';
import { SIDE_PANEL_PAGE } from '../shared/constants';
import { createSerialQueue } from '../domain/serial-queue';
import { newPress, type PanelPress, type Press } from '../shared/panel-press';
import { panelPressItem, panelWindowsItem } from '../shared/storage/items';
import { isPracticeCall } from './practice-pages';
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

/** The active tab of the last focused window: where the hotkey's open() would put the panel. */
async function focusedTab(): Promise<{ id?: number; url?: string } | undefined> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  return tab;
}

async function sync(): Promise<void> {
  const sidePanel = api();
  if (!sidePanel) return;
  const [shares, tab, panelWindows] = await Promise.all([
    readAllShareStates(),
    focusedTab(),
    panelWindowsItem.get(),
  ]);
  const share = shareKind([...shares.values()]);
  const onCallTab = callPlatform(tab?.url) !== null || isPracticeCall(tab?.url);
  const enabled = panelEnabled({
    share,
    onCallTab,
    callTabShared: onCallTab && tab?.id !== undefined && shares.get(tab.id)?.selfTab === true,
    // Without Chrome's open/close events an open panel cannot be told from none: count it open.
    panelOpen: !tracksPanels() || panelWindows.length > 0,
  });
  await sidePanel.setOptions({ enabled, path: SIDE_PANEL_PAGE });
  if (panelAllowed(share)) return;
  // Disabling closes it already; closing each window too costs nothing and does not rely on it.
  const windows = await chrome.windows.getAll();
  await Promise.allSettled(windows.map((w) => sidePanel.close({ windowId: w.id as number })));
}

/**
 * Chrome's panel state and the list of open panels, changed one step at a time in the order
 * the events came: a sync never reads the list before an earlier onOpened wrote it (it would
 * disable, and so close, the panel that just opened), nor lands after a later sync.
 */
const panelWork = createSerialQueue();

/**
 * After anything panelEnabled depends on changed (a share state, the focused tab): enables or
 * disables (and closes) the panel.
 */
export function syncSidePanel(): Promise<void> {
  return panelWork(sync);
}

/**
 * sidePanel.onOpened / onClosed (and a closed window): which windows show a panel. Also a page
 * that opened one (panel/opened): Chrome tells only once the panel has loaded, and a sync in
 * between would disable it, closing it.
 */
export function panelShown(window: number | Promise<number>, shown: boolean): Promise<void> {
  return panelWork(async () => {
    const windowId = await window;
    const windows = new Set(await panelWindowsItem.get());
    if (shown === windows.has(windowId)) return;
    if (shown) windows.add(windowId);
    else windows.delete(windowId);
    await panelWindowsItem.set([...windows]);
    await sync();
  });
}

type PanelEvent = chrome.events.Event<(info: { windowId: number }) => void>;
/** sidePanel.onOpened/onClosed: in Chrome 156, not in every version from our minimum (141). */
const panelEvents = () =>
  api() as (typeof chrome.sidePanel & { onOpened?: PanelEvent; onClosed?: PanelEvent }) | undefined;
const tracksPanels = () => Boolean(panelEvents()?.onOpened && panelEvents()?.onClosed);

/**
 * Where the SE is looking and which panels are open both decide whether the hotkey may open
 * one (panelEnabled): these keep Chrome's state in step.
 */
export function followPanelFacts(): void {
  if (!api()) return;
  browser.tabs.onActivated.addListener(() => void syncSidePanel());
  browser.windows.onFocusChanged.addListener((windowId) => {
    if (windowId !== browser.windows.WINDOW_ID_NONE) void syncSidePanel();
  });
  browser.windows.onRemoved.addListener((windowId) => void panelShown(windowId, false));
  const events = panelEvents();
  events?.onOpened?.addListener(({ windowId }) => void panelShown(windowId, true));
  events?.onClosed?.addListener(({ windowId }) => void panelShown(windowId, false));
}
