import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Caller } from '../../../src/background/router';
import { startedIncident } from '../../../src/domain/record';
import {
  SHARE_RELAY_LATE_KEY,
  START_RETRY_WINDOW_MS,
  STORAGE_KEYS,
} from '../../../src/shared/constants';
import { fakeBrowser } from '../fake-browser';
import { activeIncident, started } from './fixtures';

const incidents = vi.hoisted(() => ({
  startOrResume: vi.fn(async (_input: unknown) => ({ incidentId: 'inc-1', resumed: false })),
  getActive: vi.fn(async (): Promise<unknown> => null),
}));
vi.mock('../../../src/background/incidents', () => incidents);
const badge = vi.hoisted(() => ({
  refreshBadge: vi.fn(async () => undefined),
  raiseHotkeyAlert: vi.fn(async () => undefined),
  clearHotkeyAlert: vi.fn(async () => undefined),
}));
vi.mock('../../../src/background/badge', () => badge);

const { announcePress, panelPainted } = await import('../../../src/background/side-panel');
const panelPressStored = async () =>
  (await fakeBrowser.storage.session.get(STORAGE_KEYS.panelPress))[STORAGE_KEYS.panelPress];

const {
  onStartRecoveryCommand,
  preloadOverlay,
  reattachOverlays,
  recoveryHandlers,
  showOverlay,
  startRecoveryInTab,
} = await import('../../../src/background/recovery');

const MEET = 'https://meet.google.com/abc-defg-hij';
const inMeet = (tabId: number) => ({
  platform: 'meet' as const,
  meetingCode: 'abc-defg-hij',
  tabId,
});
const ZOOM = 'https://app.zoom.us/wc/123456789/join';
const PRACTICE = 'chrome-extension://test-extension-id/src/practice/index.html';

interface Tab {
  id: number;
  url: string;
  active?: boolean;
  lastAccessed?: number;
}

let tabs: Tab[];
const executeScript = vi.fn(async (_injection: unknown): Promise<{ result: unknown }[]> => [
  { result: false },
]);

Object.assign(fakeBrowser, {
  scripting: { executeScript },
  action: {
    ...fakeBrowser.action,
    setBadgeText: vi.fn(async () => undefined),
    setBadgeBackgroundColor: vi.fn(async () => undefined),
  },
});
Object.assign(fakeBrowser.runtime, {
  getManifest: () => ({
    version: '0.1.0',
    content_scripts: [
      { js: ['src/content/hotkey.iife.js'] },
      { js: ['src/content/share-watch.iife.js'], world: 'MAIN' },
      { js: ['src/content/share-relay.iife.js'] },
    ],
  }),
});
// One Chrome window, focused: the hotkey's routing reads it (see recoveryPlace).
Object.assign(fakeBrowser, {
  windows: {
    getLastFocused: vi.fn(async () => ({ id: 1, focused: true })),
    update: vi.fn(async () => ({})),
  },
});
Object.assign(fakeBrowser.tabs, {
  get: vi.fn(async (id: number) => {
    const tab = tabs.find((t) => t.id === id);
    if (!tab) throw new Error('No tab with id');
    return tab;
  }),
});

beforeEach(() => {
  tabs = [];
  badge.raiseHotkeyAlert.mockClear();
  badge.clearHotkeyAlert.mockClear();
  executeScript.mockClear();
  executeScript.mockImplementation(async () => [{ result: false }]);
  incidents.startOrResume.mockClear();
  incidents.getActive.mockReset();
  incidents.getActive.mockImplementation(async () => null);
  fakeBrowser.notifications.create.mockClear();
  fakeBrowser.action.setBadgeText.mockClear();
  fakeBrowser.tabs.query.mockImplementation((async (query: { active?: boolean; url?: string[] }) =>
    query.active
      ? tabs.filter((t) => t.active)
      : tabs.filter((t) =>
          /^https:\/\/(meet\.google\.com|[\w.]*zoom\.us\/wc)\//.test(t.url),
        )) as never);
});

/**
 * Each injection as [tabId, what]: the show request, the injected file, or 'probe' for the
 * check whether the overlay's code is loaded.
 */
function injections(): [number, unknown][] {
  return executeScript.mock.calls.map(([injection]) => {
    const { target, args, files } = injection as {
      target: { tabId: number };
      args?: unknown[];
      files?: string[];
    };
    const request = typeof args?.[2] === 'string' ? JSON.parse(args[2]) : args?.[2];
    return [target.tabId, files ? files[0] : args?.length === 1 ? 'probe' : request];
  });
}

/** The show requests only, in order. */
const showRequests = () => injections().filter(([, what]) => typeof what === 'object');

/** What Chrome does to executeScript's args on the way to the tab: null-valued keys vanish. */
function asChromeSendsArgs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asChromeSendsArgs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, asChromeSendsArgs(v)]),
  );
}

describe('the show request on its way into the tab', () => {
  it("keeps its nulls through Chrome's args (an unknown shared surface, unset times)", async () => {
    tabs = [{ id: 2, url: MEET, active: true }];
    await fakeBrowser.storage.session.set({
      [`${STORAGE_KEYS.shareStatePrefix}2`]: {
        sharing: true,
        surface: null,
        selfTab: false,
        at: 1,
      },
    });
    const received: unknown[] = [];
    const scope = globalThis as unknown as Record<symbol, unknown>;
    const key = Symbol.for('demo-rescue.overlay');
    scope[key] = { show: (request: unknown) => (received.push(request), true) };
    try {
      executeScript.mockImplementation(async (injection) => {
        const { func, args } = injection as {
          func?: (...a: unknown[]) => unknown;
          args?: unknown[];
        };
        if (!func || args?.length !== 3) return [{ result: true }];
        return [{ result: func(...(asChromeSendsArgs(args) as unknown[])) }];
      });
      await onStartRecoveryCommand();
    } finally {
      delete scope[key];
    }
    expect(received[0]).toMatchObject({
      privacy: { share: { sharing: true, surface: null } },
      provisional: { record: { endedAt: null, acknowledgedAt: null } },
    });
  });
});

describe('onStartRecoveryCommand', () => {
  it('uses the focused call tab', async () => {
    tabs = [
      { id: 1, url: ZOOM, lastAccessed: 50 },
      { id: 2, url: MEET, active: true, lastAccessed: 10 },
    ];
    await onStartRecoveryCommand();
    const stored = {
      platform: 'meet',
      meetingCode: 'abc-defg-hij',
      tabId: 2,
      incidentId: expect.any(String),
      at: expect.any(Number),
    };
    expect(incidents.startOrResume).toHaveBeenCalledWith(stored);
    // The overlay is painted from the same id and start time the store writes.
    const write = incidents.startOrResume.mock.calls[0]![0] as { incidentId: string; at: number };
    expect(
      (await fakeBrowser.storage.session.get(STORAGE_KEYS.overlayTabId))[STORAGE_KEYS.overlayTabId],
    ).toBe(2);
    const privacy = { share: null, override: 'auto' };
    const painted = startedIncident({ ...write, platform: 'meet', meetingCode: 'abc-defg-hij' });
    expect(showRequests()).toEqual([
      [2, { here: true, focus: true, provisional: painted, privacy }],
      [1, { here: false, focus: false }],
    ]);
    // The bundle is loaded once per tab: in the call tab while the worker reads its state.
    expect(injections().filter(([, what]) => what === 'overlay.js')).toEqual([
      [2, 'overlay.js'],
      [1, 'overlay.js'],
    ]);
    expect(executeScript.mock.calls[0]![0]).toMatchObject({ target: { tabId: 2, frameIds: [0] } });
    // A recovery started: an earlier "!" on the badge has done its job.
    expect(badge.clearHotkeyAlert).toHaveBeenCalledOnce();
  });

  it('starts loading the bundle before reading anything, and shows through it', async () => {
    tabs = [{ id: 2, url: MEET, active: true }];
    const order: string[] = [];
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    get.mockImplementation(async (keys) => {
      order.push(`read ${String(keys)}`);
      return {};
    });
    executeScript.mockImplementation(async (injection) => {
      const { args, files } = injection as { args?: unknown[]; files?: string[] };
      order.push(files ? `inject ${files[0]}` : args?.length === 1 ? 'probe' : 'show');
      return [{ result: false }];
    });
    await onStartRecoveryCommand();
    get.mockRestore();
    expect(order[0]).toBe('probe');
    expect(order.filter((step) => !step.startsWith('read'))).toEqual([
      'probe',
      'inject overlay.js',
      'show',
    ]);
  });

  it('injects the bundle at once when the hotkey script saw none in the top frame', async () => {
    tabs = [{ id: 2, url: MEET }];
    await startRecoveryInTab({ ...inMeet(2), overlayLoaded: false });
    expect(injections().filter(([tab]) => tab === 2)).toEqual([
      [2, 'overlay.js'],
      [2, expect.objectContaining({ here: true, focus: true })],
    ]);
  });

  it('only shows when the hotkey script saw the overlay loaded', async () => {
    tabs = [{ id: 2, url: MEET }];
    executeScript.mockImplementation(async () => [{ result: true }]);
    await startRecoveryInTab({ ...inMeet(2), overlayLoaded: true });
    expect(injections()).toEqual([[2, expect.objectContaining({ here: true, focus: true })]]);
  });

  it('stores the incident the tab already painted, without taking focus again', async () => {
    tabs = [{ id: 2, url: MEET }];
    const at = Date.now() - 2_000; // the worker took a while to wake up
    const shownHere = { started: { incidentId: 'painted-1', at } };
    await startRecoveryInTab({ ...inMeet(2), overlayLoaded: true, shownHere });
    expect(incidents.startOrResume).toHaveBeenCalledWith({
      ...inMeet(2),
      incidentId: 'painted-1',
      at,
    });
    expect(showRequests()[0]).toEqual([
      2,
      expect.objectContaining({
        focus: false,
        provisional: startedIncident({ ...inMeet(2), incidentId: 'painted-1', at }),
      }),
    ]);
  });

  it('keeps a painted start time the tab may still be retrying, however late it arrives', async () => {
    tabs = [{ id: 2, url: MEET }];
    const at = Date.now() - START_RETRY_WINDOW_MS + 1_000;
    const shownHere = { started: { incidentId: 'painted-1', at } };
    await startRecoveryInTab({ ...inMeet(2), overlayLoaded: true, shownHere });
    expect(incidents.startOrResume.mock.calls[0]![0]).toMatchObject({
      incidentId: 'painted-1',
      at,
    });
  });

  it('starts a new incident at the keydown the hotkey script saw', async () => {
    tabs = [{ id: 2, url: MEET }];
    const pressedAt = Date.now() - 40;
    await startRecoveryInTab({ ...inMeet(2), overlayLoaded: false, pressedAt });
    expect(incidents.startOrResume.mock.calls[0]![0]).toMatchObject({ at: pressedAt });
    expect(showRequests()[0]![1]).toMatchObject({
      provisional: { record: { startedAt: pressedAt } },
    });
  });

  it('replaces a painted incident whose start time is not believable', async () => {
    tabs = [{ id: 2, url: MEET }];
    const shownHere = {
      started: { incidentId: 'painted-1', at: Date.now() - START_RETRY_WINDOW_MS - 1_000 },
    };
    await startRecoveryInTab({ ...inMeet(2), overlayLoaded: true, shownHere });
    const stored = incidents.startOrResume.mock.calls[0]![0] as { incidentId: string };
    expect(stored.incidentId).not.toBe('painted-1');
    expect(showRequests()[0]![1]).toMatchObject({
      provisional: { record: { id: stored.incidentId } },
    });
  });

  it('re-shows the active incident the tab already showed, without taking focus again', async () => {
    tabs = [{ id: 2, url: MEET }];
    await fakeBrowser.storage.local.set({ activeIncident: activeIncident([started()]) });
    await startRecoveryInTab({ ...inMeet(2), overlayLoaded: true, shownHere: { started: null } });
    expect(showRequests()).toEqual([[2, expect.objectContaining({ focus: false })]]);
  });

  it('injects the bundle again when the loaded one was orphaned by an update', async () => {
    tabs = [{ id: 2, url: MEET, active: true }];
    // The probe finds the old version's instance; it refuses the show request.
    executeScript.mockImplementation(async (injection) => [
      { result: (injection as { args?: unknown[] }).args?.length === 1 },
    ]);
    await onStartRecoveryCommand();
    expect(injections()).toEqual([
      [2, 'probe'],
      [2, expect.objectContaining({ here: true })],
      [2, 'overlay.js'],
    ]);
  });

  it('otherwise the most recently used call tab', async () => {
    tabs = [
      { id: 3, url: 'https://example.com/', active: true },
      { id: 4, url: MEET, lastAccessed: 10 },
      { id: 5, url: ZOOM, lastAccessed: 90 },
    ];
    await onStartRecoveryCommand();
    expect(incidents.startOrResume).toHaveBeenCalledWith(
      expect.objectContaining({ platform: 'zoom', meetingCode: '123456789', tabId: 5 }),
    );
  });

  it('resumes an active incident without a provisional one', async () => {
    tabs = [{ id: 2, url: MEET, active: true }];
    await fakeBrowser.storage.local.set({ activeIncident: activeIncident([started()]) });
    await onStartRecoveryCommand();
    expect(incidents.startOrResume).toHaveBeenCalledWith({
      platform: 'meet',
      meetingCode: 'abc-defg-hij',
      tabId: 2,
    });
    expect(showRequests()[0]).toEqual([
      2,
      { here: true, focus: true, privacy: { share: null, override: 'auto' } },
    ]);
  });

  it("hands the overlay the tab's share state and the meeting's privacy choice", async () => {
    tabs = [
      { id: 2, url: MEET, active: true },
      { id: 5, url: ZOOM },
    ];
    const screen = { sharing: true, surface: 'monitor', selfTab: false, at: 7 };
    await fakeBrowser.storage.session.set({ 'share:2': screen, 'share:5': { ...screen, at: 8 } });
    await fakeBrowser.storage.local.set({
      privacyOverrides: {
        'abc-defg-hij': { mode: 'show', at: 1 },
        '123456789': { mode: 'hide', at: 2 },
      },
    });
    await onStartRecoveryCommand();
    expect(showRequests()[0]).toEqual([
      2,
      expect.objectContaining({ privacy: { share: screen, override: 'show' } }),
    ]);
    // Other call tabs show at most the marker; their overlay reads its own state.
    expect(injections()).toContainEqual([5, { here: false, focus: false }]);
  });

  it('without a meeting code, leaves the privacy choice for the overlay to read', async () => {
    tabs = [{ id: 2, url: 'https://meet.google.com/landing', active: true }];
    await onStartRecoveryCommand();
    expect(showRequests()[0]).toEqual([
      2,
      expect.objectContaining({ here: true, privacy: { share: null } }),
    ]);
  });

  it('withdraws the painted incident and tells the user when it cannot be stored', async () => {
    tabs = [{ id: 2, url: MEET, active: true }];
    incidents.startOrResume.mockRejectedValueOnce(new Error('QuotaExceededError'));
    await onStartRecoveryCommand();
    const { incidentId } = incidents.startOrResume.mock.calls[0]![0] as { incidentId: string };
    expect(injections()).toContainEqual([2, { here: true, focus: false, withdraw: incidentId }]);
    expect(fakeBrowser.notifications.create).toHaveBeenCalledWith(
      'demo-rescue-no-call-tab',
      expect.objectContaining({
        message: 'The recovery overlay could not open: QuotaExceededError',
      }),
    );
  });

  it('withdraws the press when its incident cannot be stored, with the reason', async () => {
    tabs = [{ id: 2, url: MEET, active: true }];
    incidents.startOrResume.mockRejectedValueOnce(new Error('QuotaExceededError'));
    const press = announcePress(Date.now());
    await onStartRecoveryCommand(press);
    expect(await panelPressStored()).toEqual({
      ...press,
      status: 'withdrawn',
      reason: 'The recovery overlay could not open: QuotaExceededError',
    });
  });

  it('keeps the press started when it was stored but the call tab could not show it', async () => {
    tabs = [{ id: 2, url: MEET, active: true }];
    const press = announcePress(Date.now());
    incidents.getActive.mockImplementation(async () =>
      activeIncident([started()], press.incidentId),
    );
    executeScript.mockImplementation(async (injection) => {
      const { files } = injection as { files?: string[] };
      if (files) throw new Error('Cannot access contents of the page');
      return [{ result: false }];
    });
    await onStartRecoveryCommand(press);
    expect(await panelPressStored()).toEqual({ ...press, status: 'started' });
    expect(fakeBrowser.notifications.create).toHaveBeenCalled();
  });

  it('from the demo tab: the call tab keeps the overlay in step without taking focus (the side panel shows it)', async () => {
    tabs = [
      { id: 1, url: MEET, lastAccessed: 50 },
      { id: 3, url: 'https://demo.example.com/', active: true, lastAccessed: 90 },
    ];
    const press = announcePress(Date.now());
    const served = onStartRecoveryCommand(press);
    // Storing and the call tab wait for the panel's first paint (it paints the press itself).
    await new Promise((done) => setTimeout(done, 20));
    expect(incidents.startOrResume).not.toHaveBeenCalled();
    panelPainted();
    await served;
    expect(incidents.startOrResume).toHaveBeenCalledWith(
      expect.objectContaining({ tabId: 1, incidentId: press.incidentId, at: press.at }),
    );
    expect(showRequests()[0]).toEqual([1, expect.objectContaining({ here: true, focus: false })]);
    expect(await panelPressStored()).toEqual({ ...press, status: 'started' });
  });

  it('withdraws the press when there is no call tab, with what the SE is told', async () => {
    tabs = [{ id: 3, url: 'https://demo.example.com/', active: true }];
    const press = announcePress(Date.now());
    await onStartRecoveryCommand(press);
    expect(incidents.startOrResume).not.toHaveBeenCalled();
    expect(await panelPressStored()).toEqual({
      ...press,
      status: 'withdrawn',
      reason: 'Open your Meet or Zoom call tab, then press the shortcut again.',
    });
  });

  it('does not store a press as pressed when its time is not believable', async () => {
    tabs = [{ id: 2, url: MEET, active: true }];
    const press = announcePress(Date.now() - START_RETRY_WINDOW_MS - 1_000);
    await onStartRecoveryCommand(press);
    const [input] = incidents.startOrResume.mock.calls[0] as [{ incidentId: string; at: number }];
    expect(input.incidentId).not.toBe(press.incidentId);
    expect(input.at).toBeGreaterThan(press.at);
  });

  it('from the demo tab while the whole screen is shared: the call tab overlay takes the recovery', async () => {
    tabs = [
      { id: 1, url: MEET, lastAccessed: 50 },
      { id: 3, url: 'https://demo.example.com/', active: true, lastAccessed: 90 },
    ];
    await fakeBrowser.storage.session.set({
      [`${STORAGE_KEYS.shareStatePrefix}1`]: {
        sharing: true,
        surface: 'monitor',
        selfTab: false,
        at: 1,
      },
    });
    await onStartRecoveryCommand();
    expect(showRequests()[0]).toEqual([1, expect.objectContaining({ here: true, focus: true })]);
  });

  it('never fails silently when there is no call tab', async () => {
    tabs = [{ id: 3, url: 'https://example.com/', active: true }];
    await onStartRecoveryCommand();
    expect(incidents.startOrResume).not.toHaveBeenCalled();
    expect(fakeBrowser.notifications.create).toHaveBeenCalledWith(
      'demo-rescue-no-call-tab',
      expect.objectContaining({
        message: 'Open your Meet or Zoom call tab, then press the shortcut again.',
      }),
    );
    expect(badge.raiseHotkeyAlert).toHaveBeenCalledOnce();
    expect(badge.clearHotkeyAlert).not.toHaveBeenCalled();
  });

  it('tells the user when the tabs cannot even be listed', async () => {
    fakeBrowser.tabs.query.mockRejectedValueOnce(new Error('No window with id: 1.'));
    await expect(onStartRecoveryCommand()).resolves.toBeUndefined();
    expect(fakeBrowser.notifications.create).toHaveBeenCalledWith(
      'demo-rescue-no-call-tab',
      expect.objectContaining({ message: expect.stringContaining('could not open') }),
    );
    expect(badge.raiseHotkeyAlert).toHaveBeenCalledOnce();
  });

  it('tells the user when the overlay cannot be injected', async () => {
    tabs = [{ id: 2, url: MEET, active: true }];
    executeScript.mockRejectedValue(new Error('Frame with ID 0 was removed.'));
    await onStartRecoveryCommand();
    expect(fakeBrowser.notifications.create).toHaveBeenCalledWith(
      'demo-rescue-no-call-tab',
      expect.objectContaining({
        message: 'The recovery overlay could not open: Frame with ID 0 was removed.',
      }),
    );
  });

  it('starts a practice incident from the practice call without injecting anything', async () => {
    tabs = [{ id: 7, url: PRACTICE, active: true }];
    await onStartRecoveryCommand();
    expect(incidents.startOrResume).toHaveBeenCalledWith({
      platform: 'practice',
      meetingCode: null,
      tabId: 7,
    });
    expect(executeScript).not.toHaveBeenCalled();
  });
});

describe('preloadOverlay', () => {
  it('loads the bundle, dormant, into the top frame of a tab that has none yet', async () => {
    await preloadOverlay(4);
    expect(executeScript.mock.calls.map(([i]) => i)).toEqual([
      expect.objectContaining({
        target: { tabId: 4, frameIds: [0] },
        args: ['demo-rescue.overlay'],
      }),
      { target: { tabId: 4, frameIds: [0] }, injectImmediately: true, files: ['overlay.js'] },
    ]);
  });

  it('warms the dormant overlay up when asked, loaded just now or before', async () => {
    await preloadOverlay(4, { warmUp: true });
    executeScript.mockImplementation(async () => [{ result: true }]);
    await preloadOverlay(5, { warmUp: true });
    const calls = executeScript.mock.calls.map(([i]) => i as { target: { tabId: number } });
    expect(calls.map((call) => [call.target.tabId, Object.keys(call).sort().join()])).toEqual([
      [4, 'args,func,target'],
      [4, 'files,injectImmediately,target'],
      [4, 'args,func,target'],
      [5, 'args,func,target'],
      [5, 'args,func,target'],
    ]);
    const warmFunc = (calls[2] as unknown as { func: (key: string) => void }).func;
    const warmUp = vi.fn();
    const scope = globalThis as unknown as Record<symbol, unknown>;
    scope[Symbol.for('demo-rescue.overlay')] = { warmUp };
    try {
      warmFunc('demo-rescue.overlay');
    } finally {
      delete scope[Symbol.for('demo-rescue.overlay')];
    }
    expect(warmUp).toHaveBeenCalledOnce();
  });

  it('does nothing where the code is already loaded', async () => {
    executeScript.mockImplementation(async () => [{ result: true }]);
    await preloadOverlay(4);
    expect(executeScript).toHaveBeenCalledTimes(1);
  });
});

describe('showOverlay', () => {
  it('hands the request to a running overlay instead of injecting the bundle again', async () => {
    tabs = [{ id: 2, url: MEET }];
    executeScript.mockImplementation(async () => [{ result: true }]);
    await showOverlay(2);
    expect(injections()).toEqual([[2, { here: true, focus: true }]]);
  });
});

const caller = (tabId: number): Caller => ({
  kind: 'call',
  platform: 'meet',
  tabId,
  frameId: 0,
  url: MEET,
});

describe('recovery/attach', () => {
  it('does nothing without an active incident', async () => {
    expect(await recoveryHandlers['recovery/attach']({}, caller(2))).toEqual({ attached: false });
    expect(executeScript).not.toHaveBeenCalled();
  });

  it('puts the overlay back in the tab that holds it, a marker elsewhere', async () => {
    incidents.getActive.mockImplementation(async () => activeIncident([started()]));
    tabs = [
      { id: 2, url: MEET },
      { id: 3, url: ZOOM },
    ];
    await fakeBrowser.storage.session.set({ [STORAGE_KEYS.overlayTabId]: 2 });
    expect(await recoveryHandlers['recovery/attach']({}, caller(2))).toEqual({ attached: true });
    await recoveryHandlers['recovery/attach']({}, caller(3));
    expect(injections()).toEqual([
      [2, { here: true, focus: false }],
      [2, 'overlay.js'],
      [3, { here: false, focus: false }],
      [3, 'overlay.js'],
    ]);
  });

  it('claims the overlay when its tab is gone', async () => {
    incidents.getActive.mockImplementation(async () => activeIncident([started()]));
    tabs = [{ id: 3, url: ZOOM }];
    await fakeBrowser.storage.session.set({ [STORAGE_KEYS.overlayTabId]: 99 });
    await recoveryHandlers['recovery/attach']({}, caller(3));
    expect(injections()[0]).toEqual([3, { here: true, focus: false }]);
  });
});

describe('reattachOverlays', () => {
  it('re-injects the share relay and the hotkey script everywhere and picks the incident’s call tab', async () => {
    incidents.getActive.mockImplementation(async () => activeIncident([started()]));
    tabs = [
      { id: 4, url: ZOOM, lastAccessed: 99 },
      { id: 5, url: MEET, lastAccessed: 1 },
    ];
    await reattachOverlays();
    expect(
      (await fakeBrowser.storage.session.get(STORAGE_KEYS.overlayTabId))[STORAGE_KEYS.overlayTabId],
    ).toBe(5);
    // The relay first, so the page's share reports reach the new worker before overlays attach;
    // never the main-world wrapper, which outlives the update in the page.
    // Marked late first: the relay must take its kept channel, never meet on a new one.
    const files = ['src/content/share-relay.iife.js', 'src/content/hotkey.iife.js'];
    for (const tabId of [4, 5]) {
      const calls = executeScript.mock.calls
        .map(([i]) => i as { target: { tabId: number }; files?: string[]; args?: unknown[] })
        .filter((i) => i.target.tabId === tabId);
      expect(calls).toEqual([
        expect.objectContaining({
          target: { tabId, allFrames: true },
          args: [SHARE_RELAY_LATE_KEY],
        }),
        { target: { tabId, allFrames: true }, files },
      ]);
    }
  });
});
