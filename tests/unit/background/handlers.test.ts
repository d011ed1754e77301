import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handlers } from '../../../src/background/handlers';
import { preloadOverlay, startRecoveryInTab } from '../../../src/background/recovery';
import type { Caller } from '../../../src/background/router';
import { identifyCaller, route } from '../../../src/background/router';
import { STORAGE_KEYS } from '../../../src/shared/constants';
import { fakeBrowser } from '../fake-browser';
import { T0, clockAt, freshStore } from './store-fixtures';

// The recovery seam is tested on its own; here it only has to store the incident.
vi.mock('../../../src/background/recovery', async () => {
  const { startOrResume } = await import('../../../src/background/incidents');
  return {
    startRecoveryInTab: vi.fn(startOrResume),
    preloadOverlay: vi.fn(async () => undefined),
    recoveryHandlers: {},
  };
});

const ORIGIN = 'chrome-extension://test-extension-id/';
const practice = identifyCaller(
  { id: 'test-extension-id', url: `${ORIGIN}src/practice/index.html`, tab: { id: 3 } as never },
  'test-extension-id',
  ORIGIN,
)!;
const meetTab = (tabId: number): Caller =>
  identifyCaller(
    {
      id: 'test-extension-id',
      url: 'https://meet.google.com/abc-defg-hij',
      tab: { id: tabId } as never,
      frameId: 0,
    },
    'test-extension-id',
    ORIGIN,
  )!;

beforeEach(async () => {
  await freshStore();
  clockAt(T0);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.mocked(startRecoveryInTab).mockClear();
  vi.mocked(preloadOverlay).mockClear();
});

describe('handlers', () => {
  it('starts a practice incident from an extension page without injecting anything', async () => {
    const reply = await route(handlers, { type: 'recovery/start', payload: {} }, practice);
    expect(reply).toMatchObject({ ok: true, value: { resumed: false } });
    expect(startRecoveryInTab).not.toHaveBeenCalled();
    const active = await route(handlers, { type: 'incident/active', payload: {} }, practice);
    expect(active).toMatchObject({
      ok: true,
      value: { here: true, incident: { record: { platform: 'practice', meetingCode: null } } },
    });
  });

  it('starts in a call tab, shows the overlay there, and tells other tabs it is elsewhere', async () => {
    const reply = await route(handlers, { type: 'recovery/start', payload: {} }, meetTab(7));
    expect(reply).toMatchObject({ ok: true, value: { resumed: false } });
    expect(startRecoveryInTab).toHaveBeenCalledWith({
      platform: 'meet',
      meetingCode: 'abc-defg-hij',
      tabId: 7,
    });
    await fakeBrowser.storage.session.set({ [STORAGE_KEYS.overlayTabId]: 7 });
    const here = await route(handlers, { type: 'incident/active', payload: {} }, meetTab(7));
    const elsewhere = await route(handlers, { type: 'incident/active', payload: {} }, meetTab(8));
    expect(here).toMatchObject({
      ok: true,
      value: {
        here: true,
        incident: { record: { platform: 'meet', meetingCode: 'abc-defg-hij' } },
      },
    });
    expect(elsewhere).toMatchObject({ ok: true, value: { here: false } });
  });

  it("passes on the hotkey script's overlay hint from the top frame only", async () => {
    const start = { type: 'recovery/start', payload: { overlayLoaded: false } };
    await route(handlers, start, meetTab(7));
    expect(vi.mocked(startRecoveryInTab).mock.calls[0]?.[0]).toMatchObject({
      tabId: 7,
      overlayLoaded: false,
    });
    const inIframe = { ...meetTab(7), frameId: 3 };
    await route(handlers, start, inIframe);
    expect(vi.mocked(startRecoveryInTab).mock.calls[1]?.[0]).toMatchObject({ tabId: 7 });
    expect(vi.mocked(startRecoveryInTab).mock.calls[1]?.[0].overlayLoaded).toBeUndefined();
  });

  it('preloads the overlay when a call tab starts presenting, and only then', async () => {
    const hint = (sharing: boolean) => ({
      type: 'share/hint',
      payload: { sharing, surface: sharing ? 'browser' : null, selfTab: false },
    });
    expect(await route(handlers, hint(false), meetTab(5))).toEqual({ ok: true, value: null });
    expect(preloadOverlay).not.toHaveBeenCalled();
    expect(await route(handlers, hint(true), meetTab(5))).toEqual({ ok: true, value: null });
    expect(preloadOverlay).toHaveBeenCalledWith(5, { warmUp: true });
  });

  it('refuses page-only methods to content scripts in call tabs', async () => {
    for (const type of ['backup/export', 'incidents/delete', 'pocs/save'] as const) {
      const reply = await route(handlers, { type, payload: {} }, meetTab(7));
      expect(reply).toEqual({
        ok: false,
        error: {
          code: 'forbidden',
          message: `"${type}" is only available to Demo Rescue's pages.`,
        },
      });
    }
  });

  it('answers a wrongly shaped action with the path of the problem', async () => {
    const reply = await route(
      handlers,
      {
        type: 'incident/act',
        payload: {
          incidentId: 'x',
          action: { kind: 'escalate', eta: '', etaInMs: -1 },
          key: 'k1',
        },
      },
      practice,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    const paths = reply.ok ? [] : reply.error.problems!.map((p) => p.path);
    expect(paths).toEqual(['action.eta', 'action.etaInMs']);
  });

  it('reports a missing incident as not-found', async () => {
    const reply = await route(
      handlers,
      {
        type: 'incident/act',
        payload: { incidentId: 'gone', action: { kind: 'acknowledge' }, key: 'k1' },
      },
      practice,
    );
    expect(reply).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'That incident no longer exists.' },
    });
  });
});

describe('panel/allowed and panel/opened (the popup opening the side panel)', () => {
  const popup = identifyCaller(
    { id: 'test-extension-id', url: `${ORIGIN}src/popup/index.html` },
    'test-extension-id',
    ORIGIN,
  )!;
  const scope = fakeBrowser as unknown as Record<string, unknown>;
  const tabs = fakeBrowser.tabs as unknown as Record<string, unknown>;
  beforeEach(() => {
    scope.windows = { getLastFocused: vi.fn(async () => ({ id: 5 })) };
  });
  afterEach(() => {
    delete scope.windows;
    delete tabs.get;
  });
  const panelWindows = async () =>
    (await fakeBrowser.storage.session.get(STORAGE_KEYS.panelWindows))[STORAGE_KEYS.panelWindows];

  it('allows a panel while nothing or a tab is shared, not for a window or the screen', async () => {
    const allowed = () => route(handlers, { type: 'panel/allowed', payload: {} }, popup);
    expect(await allowed()).toEqual({ ok: true, value: true });
    const share = { sharing: true, surface: 'window', selfTab: false, at: 1 };
    await fakeBrowser.storage.session.set({ 'share:7': share });
    expect(await allowed()).toEqual({ ok: true, value: false });
  });

  it('counts the popup window as showing a panel (the popup is in no tab)', async () => {
    const reply = await route(handlers, { type: 'panel/opened', payload: {} }, popup);
    expect(reply).toEqual({ ok: true, value: null });
    expect(await panelWindows()).toEqual([5]);
  });

  it("takes the page's tab window, or the last focused one once that tab has closed", async () => {
    const inTab = { ...popup, tabId: 9 };
    tabs.get = vi.fn(async () => ({ id: 9, windowId: 4 }));
    await route(handlers, { type: 'panel/opened', payload: {} }, inTab);
    expect(await panelWindows()).toEqual([4]);
    tabs.get = vi.fn(async () => {
      throw new Error('No tab with id: 9.');
    });
    await route(handlers, { type: 'panel/opened', payload: {} }, inTab);
    expect(await panelWindows()).toEqual([4, 5]);
  });

  it('is refused to a call page', async () => {
    const reply = await route(handlers, { type: 'panel/opened', payload: {} }, meetTab(7));
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await panelWindows()).toBeUndefined();
  });
});
