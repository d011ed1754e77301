import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  announcePress,
  openSidePanelNow,
  panelPainted,
  panelShown,
  settlePress,
  syncSidePanel,
  whenPanelPainted,
} from '../../../src/background/side-panel';
import { SIDE_PANEL_PAGE, STORAGE_KEYS } from '../../../src/shared/constants';
import { fakeBrowser } from '../fake-browser';

const sidePanel = {
  onOpened: { addListener: vi.fn() },
  onClosed: { addListener: vi.fn() },
  open: vi.fn(async (_options: unknown) => undefined),
  setOptions: vi.fn(async (_options: unknown) => undefined),
  close: vi.fn(async (_options: unknown) => undefined),
};
const windows = {
  WINDOW_ID_CURRENT: -2,
  getAll: vi.fn(async () => [{ id: 1 }, { id: 2 }]),
};
const scope = globalThis as unknown as { chrome: Record<string, unknown> };

beforeEach(() => {
  scope.chrome = { ...fakeBrowser, sidePanel, windows };
  for (const fn of [sidePanel.open, sidePanel.setOptions, sidePanel.close]) fn.mockClear();
  fakeBrowser.tabs.query.mockResolvedValue([]);
});
afterEach(() => {
  scope.chrome = fakeBrowser;
});

const share = (surface: string | null, sharing = true) => ({
  sharing,
  surface,
  selfTab: false,
  at: 1,
});

describe('openSidePanelNow', () => {
  it('opens the panel in the current window synchronously, in the listener itself', () => {
    openSidePanelNow();
    expect(sidePanel.open).toHaveBeenCalledWith({ windowId: -2 });
  });

  it('does nothing where there is no sidePanel (another browser)', () => {
    scope.chrome = { ...fakeBrowser, windows };
    expect(() => openSidePanelNow()).not.toThrow();
  });

  it('swallows Chrome refusing it (disabled while a window or the screen is shared)', async () => {
    sidePanel.open.mockRejectedValueOnce(new Error('No active side panel'));
    openSidePanelNow();
    await new Promise((done) => setTimeout(done, 0));
  });
});

describe('syncSidePanel', () => {
  it('keeps the panel enabled while nothing or a tab is shared', async () => {
    await fakeBrowser.storage.session.set({ 'share:7': share('browser') });
    await syncSidePanel();
    expect(sidePanel.setOptions).toHaveBeenLastCalledWith({ enabled: true, path: SIDE_PANEL_PAGE });
    expect(sidePanel.close).not.toHaveBeenCalled();
  });

  it('disables and closes it in every window when any call tab shares the whole screen', async () => {
    await fakeBrowser.storage.session.set({
      'share:7': share('browser'),
      'share:8': share('monitor'),
    });
    await syncSidePanel();
    expect(sidePanel.setOptions).toHaveBeenLastCalledWith({
      enabled: false,
      path: SIDE_PANEL_PAGE,
    });
    expect(sidePanel.close.mock.calls).toEqual([[{ windowId: 1 }], [{ windowId: 2 }]]);
  });

  it('disables it for a window share, and enables it again once the share ends', async () => {
    await fakeBrowser.storage.session.set({ 'share:7': share('window') });
    await syncSidePanel();
    expect(sidePanel.setOptions).toHaveBeenLastCalledWith({
      enabled: false,
      path: SIDE_PANEL_PAGE,
    });
    await fakeBrowser.storage.session.set({ 'share:7': share(null, false) });
    await syncSidePanel();
    expect(sidePanel.setOptions).toHaveBeenLastCalledWith({ enabled: true, path: SIDE_PANEL_PAGE });
  });

  it('ignores other session keys and malformed share states', async () => {
    await fakeBrowser.storage.session.set({ overlayTabId: 3, 'share:9': { sharing: 'yes' } });
    await syncSidePanel();
    expect(sidePanel.setOptions).toHaveBeenLastCalledWith({ enabled: true, path: SIDE_PANEL_PAGE });
  });
});

describe('syncSidePanel: where the SE is looking', () => {
  const focus = (url: string, id = 7) => fakeBrowser.tabs.query.mockResolvedValue([{ id, url }]);
  const enabled = () => (sidePanel.setOptions.mock.lastCall?.[0] as { enabled: boolean }).enabled;

  it('is off on the call tab with no panel open: the hotkey there shows the overlay only', async () => {
    focus('https://meet.google.com/abc-defg-hij');
    await syncSidePanel();
    expect(enabled()).toBe(false);
    expect(sidePanel.close).not.toHaveBeenCalled();
    focus('https://app.zoom.us/wc/123456789/join');
    await syncSidePanel();
    expect(enabled()).toBe(false);
  });

  it('is on beside the demo, and beside a call tab that is itself the shared tab', async () => {
    focus('https://demo.example.com/app');
    await syncSidePanel();
    expect(enabled()).toBe(true);
    focus('https://meet.google.com/abc-defg-hij');
    await fakeBrowser.storage.session.set({ 'share:7': { ...share('browser'), selfTab: true } });
    await syncSidePanel();
    expect(enabled()).toBe(true);
  });

  it('stays on while a panel is open (the ready view), and goes off once it closes', async () => {
    focus('https://meet.google.com/abc-defg-hij');
    await panelShown(1, true);
    expect(enabled()).toBe(true);
    await panelShown(2, true);
    await panelShown(1, false);
    expect(enabled()).toBe(true);
    await panelShown(2, false);
    expect(enabled()).toBe(false);
  });

  it('treats the practice call as the call, and its demo tab as the demo', async () => {
    const practice = 'chrome-extension://test-extension-id/src/practice/index.html';
    focus(practice);
    await syncSidePanel();
    expect(enabled()).toBe(false);
    focus(`${practice}?demo`);
    await syncSidePanel();
    expect(enabled()).toBe(true);
  });

  it('counts a panel as open where Chrome cannot say when one closes (before onClosed)', async () => {
    scope.chrome = {
      ...fakeBrowser,
      windows,
      sidePanel: { ...sidePanel, onOpened: undefined, onClosed: undefined },
    };
    focus('https://meet.google.com/abc-defg-hij');
    await syncSidePanel();
    expect(enabled()).toBe(true);
  });
});

describe('the press handed to the panel', () => {
  const stored = async () =>
    (await fakeBrowser.storage.session.get(STORAGE_KEYS.panelPress))[STORAGE_KEYS.panelPress];

  it('is written at once, pending, with a new incident id and the press time', async () => {
    const press = announcePress(1_000.4);
    expect(press).toEqual({
      incidentId: expect.any(String),
      at: 1_000,
      status: 'pending',
      reason: null,
    });
    await vi.waitFor(async () => expect(await stored()).toEqual(press));
    expect(announcePress(2_000).incidentId).not.toBe(press.incidentId);
  });

  it('is settled as started or withdrawn, with the reason the SE was told', async () => {
    const press = announcePress(1_000);
    await settlePress(press, { status: 'withdrawn', reason: 'Open your call tab.' });
    expect(await stored()).toEqual({
      ...press,
      status: 'withdrawn',
      reason: 'Open your call tab.',
    });
  });

  it('never lets an older press settle over a newer one', async () => {
    const older = announcePress(1_000);
    const newer = announcePress(2_000);
    await settlePress(older, { status: 'started' });
    expect(await stored()).toEqual(newer);
  });
});

describe('whenPanelPainted', () => {
  it('resolves when the panel says it painted', async () => {
    vi.useFakeTimers();
    try {
      let done = false;
      void whenPanelPainted().then(() => (done = true));
      await vi.advanceTimersByTimeAsync(50);
      expect(done).toBe(false);
      panelPainted();
      await vi.advanceTimersByTimeAsync(0);
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('resolves after a moment when no panel paints (it never opened)', async () => {
    vi.useFakeTimers();
    try {
      let done = false;
      void whenPanelPainted().then(() => (done = true));
      await vi.advanceTimersByTimeAsync(399);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
