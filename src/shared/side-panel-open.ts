/**
 * Opening the side panel from a page's click (the popup, the practice call): Chrome wants the
 * call inside the click's user gesture, so nothing is awaited before it. sidePanel is
 * Chrome-only; elsewhere there is no button to click (see sidePanelSupported).
 */
import { SIDE_PANEL_PAGE } from './constants';

const api = (): typeof chrome.sidePanel | undefined =>
  (globalThis as { chrome?: typeof chrome }).chrome?.sidePanel;

export function sidePanelSupported(): boolean {
  return api() !== undefined;
}

/**
 * Opens the side panel in the page's window. Resolves false when Chrome refused: it is disabled
 * while a window or the whole screen is shared. `sharesAllow` (the worker's panel/allowed, read
 * before the click): the panel is also kept disabled while the SE is on the call tab, so it is
 * enabled first; Chrome runs the two calls in order, and the open() is still in the gesture.
 */
export function openSidePanel(sharesAllow: boolean): Promise<boolean> {
  const sidePanel = api();
  if (!sidePanel) return Promise.resolve(false);
  if (sharesAllow) sidePanel.setOptions({ enabled: true, path: SIDE_PANEL_PAGE }).catch(() => {});
  return sidePanel.open({ windowId: chrome.windows.WINDOW_ID_CURRENT }).then(
    () => true,
    () => false,
  );
}
