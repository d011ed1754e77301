/**
 * Opening the side panel from a page's click (the popup, the practice call): Chrome wants the
 * call inside the click's user gesture, so nothing is awaited before it. sidePanel is
 * Chrome-only; elsewhere there is no button to click (see sidePanelSupported).
 */

const api = (): typeof chrome.sidePanel | undefined =>
  (globalThis as { chrome?: typeof chrome }).chrome?.sidePanel;

export function sidePanelSupported(): boolean {
  return api() !== undefined;
}

/**
 * Opens the side panel in the page's window. Resolves false when Chrome refused: it is disabled
 * while a window or the whole screen is shared.
 */
export function openSidePanel(): Promise<boolean> {
  const sidePanel = api();
  if (!sidePanel) return Promise.resolve(false);
  return sidePanel.open({ windowId: chrome.windows.WINDOW_ID_CURRENT }).then(
    () => true,
    () => false,
  );
}
