import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Caller, Handlers } from '../../../src/background/router';
import { route } from '../../../src/background/router';
import { forgetShareState, shareHandlers } from '../../../src/background/share';
import { fakeBrowser } from '../fake-browser';

const tabsSendMessage = vi.fn(async (..._args: unknown[]): Promise<unknown> => undefined);
Object.assign(fakeBrowser.tabs, { sendMessage: tabsSendMessage });

const callTab = (tabId: number, frameId = 0): Caller => ({
  kind: 'call',
  platform: 'meet',
  tabId,
  frameId,
  url: 'https://meet.google.com/abc-defg-hij',
});
const extensionPage: Caller = {
  kind: 'page',
  platform: 'practice',
  tabId: 7,
  frameId: 0,
  url: 'chrome-extension://test-extension-id/src/popup/index.html',
};

const monitor = { sharing: true, surface: 'monitor', selfTab: false } as const;
const otherTab = { sharing: true, surface: 'browser', selfTab: false } as const;

beforeEach(() => {
  tabsSendMessage.mockReset();
  tabsSendMessage.mockResolvedValue(undefined);
  vi.useRealTimers();
});

describe('share/hint', () => {
  it('stores the hint per tab, stamped by the worker, in session storage only', async () => {
    vi.useFakeTimers({ now: 1_000 });
    await shareHandlers['share/hint'](monitor, callTab(3));
    vi.setSystemTime(2_000);
    await shareHandlers['share/hint'](otherTab, callTab(4, 12));
    expect(await fakeBrowser.storage.session.get(null)).toEqual({
      'share:3': { ...monitor, at: 1_000 },
      'share:3$v': 1,
      'share:4:12': { ...otherTab, at: 2_000 },
      'share:4:12$v': 1,
    });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it("pushes the new state to the tab's top frame, even when a sub-frame reported it", async () => {
    vi.useFakeTimers({ now: 5_000 });
    await shareHandlers['share/hint'](monitor, callTab(3, 9));
    expect(tabsSendMessage).toHaveBeenCalledWith(
      3,
      { type: 'share/changed', state: { ...monitor, at: 5_000 } },
      { frameId: 0 },
    );
  });

  it('still stores the hint when no overlay listens in the tab', async () => {
    tabsSendMessage.mockRejectedValue(
      new Error('Could not establish connection. Receiving end does not exist.'),
    );
    await expect(shareHandlers['share/hint'](monitor, callTab(3))).resolves.toBeNull();
    expect(await shareHandlers['share/state']({}, callTab(3))).toMatchObject(monitor);
  });

  it('refuses hints from extension pages', async () => {
    await expect(shareHandlers['share/hint'](monitor, extensionPage)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it('is validated by the router before any handler runs', async () => {
    const handlers = shareHandlers as unknown as Handlers;
    const reply = await route(
      handlers,
      { type: 'share/hint', payload: { sharing: true, surface: 'application', selfTab: false } },
      callTab(3),
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});

describe('share/state', () => {
  it("answers with the sender tab's own state, or null", async () => {
    await shareHandlers['share/hint'](monitor, callTab(3));
    expect(await shareHandlers['share/state']({}, callTab(3, 4))).toMatchObject(monitor);
    expect(await shareHandlers['share/state']({}, callTab(4))).toBeNull();
    expect(await shareHandlers['share/state']({}, { ...extensionPage, tabId: null })).toBeNull();
  });

  it('treats a corrupt stored state as none', async () => {
    await fakeBrowser.storage.session.set({ 'share:3': { sharing: 'yes' } });
    expect(await shareHandlers['share/state']({}, callTab(3))).toBeNull();
  });

  it('forgets a tab once it closes', async () => {
    await shareHandlers['share/hint'](monitor, callTab(3));
    await shareHandlers['share/hint'](otherTab, callTab(4));
    await forgetShareState(3);
    expect(await shareHandlers['share/state']({}, callTab(3))).toBeNull();
    expect(await shareHandlers['share/state']({}, callTab(4))).toMatchObject(otherTab);
  });
});

describe("a call's blank popup window", () => {
  const popupOf = (opener: number, tabId: number): Caller => ({
    ...callTab(tabId),
    url: 'about:blank',
    openerTabId: opener,
  });
  const lastPushTo = (tabId: number) =>
    tabsSendMessage.mock.calls.filter(([to]) => to === tabId).at(-1)?.[1];

  it("keeps its hints apart, and its opener's overlay assumes the more exposing share", async () => {
    vi.useFakeTimers({ now: 1_000 });
    await shareHandlers['share/hint'](otherTab, callTab(3));
    vi.setSystemTime(2_000);
    // The popup's first document reports "nothing" at start: the tab share must stand.
    await shareHandlers['share/hint']({ ...monitor, sharing: false, surface: null }, popupOf(3, 8));
    expect(lastPushTo(3)).toEqual({ type: 'share/changed', state: { ...otherTab, at: 2_000 } });
    vi.setSystemTime(3_000);
    await shareHandlers['share/hint'](monitor, popupOf(3, 8));
    expect(lastPushTo(3)).toEqual({ type: 'share/changed', state: { ...monitor, at: 3_000 } });
    expect(lastPushTo(8)).toBeUndefined();
    expect(await fakeBrowser.storage.session.get('share:8')).toEqual({
      'share:8': { ...monitor, at: 3_000, openerTabId: 3 },
    });
    const asked = await shareHandlers['share/state']({}, callTab(3));
    expect(asked).toEqual({ ...monitor, at: 3_000 });
  });

  it('gone with its tab: the opener is told what is left, stamped now', async () => {
    vi.useFakeTimers({ now: 1_000 });
    await shareHandlers['share/hint'](monitor, popupOf(3, 8));
    vi.setSystemTime(4_000);
    await forgetShareState(8);
    expect(lastPushTo(3)).toEqual({
      type: 'share/changed',
      state: { sharing: false, surface: null, selfTab: false, at: 4_000 },
    });
  });
});

describe("a call page's frames, each reporting on its own", () => {
  it('a frame that stops its capture never hides the page’s own whole-screen share', async () => {
    vi.useFakeTimers({ now: 1_000 });
    await shareHandlers['share/hint'](monitor, callTab(3));
    vi.setSystemTime(2_000);
    await shareHandlers['share/hint'](otherTab, callTab(3, 9));
    vi.setSystemTime(3_000);
    await shareHandlers['share/hint'](
      { ...otherTab, sharing: false, surface: null },
      callTab(3, 9),
    );
    expect(await shareHandlers['share/state']({}, callTab(3))).toEqual({ ...monitor, at: 3_000 });
  });

  it("a new top document drops its frames' reports; a closed tab drops them all", async () => {
    await shareHandlers['share/hint'](monitor, callTab(3, 9));
    await shareHandlers['share/hint'](monitor, callTab(4, 2));
    const fresh = { sharing: false, surface: null, selfTab: false, fresh: true } as const;
    await shareHandlers['share/hint'](fresh, callTab(3));
    expect(await shareHandlers['share/state']({}, callTab(3))).toMatchObject({ sharing: false });
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).not.toContain('share:3:9');
    await forgetShareState(4);
    expect(Object.keys(await fakeBrowser.storage.session.get(null))).not.toContain('share:4:2');
  });
});
