/**
 * The side panel beside the presented demo, in headed Chromium with real X key events
 * (xdotool) and real captures (getDisplayMedia from the call page, picked by Chromium's
 * auto-select switches: the tab titled CAPTURE_TARGET, or else the entire screen). Each row of
 * the routing table this machine can produce: nothing shared, a tab shared, the whole screen
 * shared; the panel's pixels never in a tab capture; a whole-screen share closes an open panel
 * and the hotkey cannot open it; panel actions are stored, also after the worker stopped; the
 * panel and the call tab's overlay stay in step; the ready view before the demo.
 */
import type { Page, Worker } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  MEET_URL,
  clickInOverlay,
  contentScriptContexts,
  hasDisplay,
  openExtensionPage,
  pressRealKeys,
  readOverlay,
  serveHtml,
  stopServiceWorker,
  waitFor,
  waitForServiceWorker,
  type ExtensionHarness,
} from './harness';
import { extensionProbe, type ExtensionProbe } from './overlay-helpers';
import { STORAGE_KEYS } from '../../src/shared/constants';
import {
  CAPTURE_TARGET,
  launchForScreenSharing,
  setTitle,
  shareStateOf,
  tabIdOf,
  waitForShareState,
} from './privacy-helpers';
import {
  captureFrameStats,
  clickInPanel,
  openPanels,
  panelText,
  pressInPanel,
  startCapture,
  stopCapture,
  waitForPanelClosed,
  waitForPanelEnabled,
  waitForPanelRecovery,
  waitForPanelText,
} from './side-panel-helpers';

/** The demo: one flat colour, so a capture of it can be checked pixel by pixel. */
const DEMO_URL = 'https://demo.example.com/app';
const DEMO_HTML = `<!doctype html><title>Demo app</title>
<style>html, body { margin: 0; height: 100%; background: rgb(0, 160, 80); }</style>`;
const DEMO_TITLE = 'Demo app';

const title = hasDisplay()
  ? 'side panel (headed, xdotool, real captures)'
  : 'side panel — SKIPPED: no DISPLAY; run under `node scripts/with-display.mjs` (xvfb-run)';

describe.skipIf(!hasDisplay())(title, () => {
  let h: ExtensionHarness;
  let probe: ExtensionProbe;
  let call: Page;
  let callTabId: number;
  let demo: Page;
  const worker = (): Promise<Worker> => waitForServiceWorker(h.context, h.extensionId);

  async function closePanels(): Promise<void> {
    await (
      await worker()
    ).evaluate(async () => {
      const windows = await chrome.windows.getAll();
      await Promise.allSettled(windows.map((w) => chrome.sidePanel.close({ windowId: w.id! })));
    });
    await waitForPanelClosed(await worker());
  }

  /** The real hotkey, with the demo tab in front (the SE presenting it). */
  async function hotkeyOnDemo(): Promise<void> {
    await demo.bringToFront();
    // The worker follows the tab switch (a moment); a share may keep the panel disabled anyway.
    if (await shareAllowsPanel()) await waitForPanelEnabled(await worker(), true);
    await pressRealKeys('ctrl+shift+9', { page: demo });
  }

  async function shareAllowsPanel(): Promise<boolean> {
    const state = await shareStateOf(probe.page, callTabId);
    return !state?.sharing || state.surface === 'browser';
  }

  /** Records the panels Chrome opens from now on (sidePanel.onOpened, in the worker). */
  async function recordPanelsOpened(): Promise<() => Promise<unknown[]>> {
    const recorder = await worker();
    await recorder.evaluate(() => {
      const scope = globalThis as { e2eOpened?: unknown[] };
      scope.e2eOpened = [];
      chrome.sidePanel.onOpened.addListener((info) => scope.e2eOpened?.push(info));
    });
    return () => recorder.evaluate(() => (globalThis as { e2eOpened?: unknown[] }).e2eOpened ?? []);
  }

  async function activeIncidentId(): Promise<string> {
    const active = await waitFor(() => probe.mirror(), 10_000, { message: 'an active incident' });
    return active.record.id;
  }

  beforeAll(async () => {
    h = await launchForScreenSharing();
    await serveHtml(h.context, DEMO_URL, DEMO_HTML);
    probe = await extensionProbe(h.context, h.extensionId);
    call = await h.context.newPage();
    await call.goto(MEET_URL);
    await contentScriptContexts(call);
    await call.click('[data-action="join"]');
    callTabId = await tabIdOf(probe.page, call);
    demo = await h.context.newPage();
    await demo.goto(DEMO_URL);
  });

  afterEach(async () => {
    await stopCapture(call).catch(() => undefined);
    await setTitle(demo, DEMO_TITLE).catch(() => undefined);
    await probe.endActive();
    await closePanels();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('before the demo: the popup opens the ready view; the hotkey then switches it to the recovery', async () => {
    const popup = await openExtensionPage(h.context, h.extensionId, 'src/popup/index.html');
    await popup.getByRole('button', { name: 'Side panel' }).click();
    // Once the shortcut and the call were read (each a moment after the first paint).
    const ready = await waitForPanelText(probe.page, /Ctrl\+Shift\+9[\s\S]*Google Meet/);
    expect(ready).toContain('Ctrl+Shift+9');
    expect(ready).toContain('Google Meet · abc-defg-hij');
    expect(ready).toMatch(/Start recovery/);
    expect(ready).toMatch(/Follow-ups due/);
    // The same panel document switches: nothing is reopened.
    await probe.page.evaluate(() => {
      const view = chrome.extension
        .getViews()
        .find((w) => w.location.pathname.includes('sidepanel'));
      (view as unknown as { e2eMark: boolean }).e2eMark = true;
    });
    await hotkeyOnDemo();
    await waitForPanelRecovery(probe.page);
    const same = await probe.page.evaluate(() => {
      const view = chrome.extension
        .getViews()
        .find((w) => w.location.pathname.includes('sidepanel'));
      return (view as unknown as { e2eMark?: boolean } | undefined)?.e2eMark === true;
    });
    expect(same).toBe(true);
  });

  it('the ready view starts a recovery in the call tab', async () => {
    const popup = await openExtensionPage(h.context, h.extensionId, 'src/popup/index.html');
    await popup.getByRole('button', { name: 'Side panel' }).click();
    await waitForPanelText(probe.page, /Start recovery/);
    await clickInPanel(probe.page, /^Start recovery$/);
    await waitForPanelRecovery(probe.page);
    await activeIncidentId();
    const active = await probe.mirror();
    expect(active?.record).toMatchObject({ platform: 'meet', meetingCode: 'abc-defg-hij' });
  });

  it('nothing shared, on the demo tab: the panel shows the recovery, the demo stays in front, the call tab follows', async () => {
    expect(await openPanels(await worker())).toBe(0);
    await hotkeyOnDemo();
    const text = await waitForPanelRecovery(probe.page);
    expect(text).toMatch(/Acknowledge/i);
    // The tab the SE is on stays active and untouched; the call tab is not brought forward.
    const active = (tabId: number) =>
      probe.page.evaluate(async (id) => (await chrome.tabs.get(id)).active, tabId);
    expect(await demo.evaluate(() => document.visibilityState)).toBe('visible');
    expect(await active(callTabId)).toBe(false);
    const id = await activeIncidentId();

    // An action in the panel: stored, and the call tab's overlay shows it.
    await pressInPanel(probe.page, 'a');
    await waitFor(async () => (await probe.incident(id))?.record.acknowledgedAt, 5_000, {
      message: 'acknowledged stored',
    });
    await waitForPanelRecovery(probe.page, { phase: /Diagnose/i });
    const overlay = await readOverlay(call, { until: (s) => /Diagnose/i.test(s.text) });
    expect(overlay.text).toMatch(/Diagnose/i);

    // Also after the worker was stopped: the panel's message wakes it.
    await stopServiceWorker(h.context, h.extensionId);
    await pressInPanel(probe.page, '1');
    const ticked = await waitFor(
      async () => (await probe.incident(id))?.events.find((e) => e.type === 'checklist'),
      10_000,
      { message: 'the checklist tick stored after a worker restart' },
    );
    expect(ticked).toBeTruthy();

    // And the other way: an action in the call tab's overlay shows in the panel.
    await call.bringToFront();
    const before = (await probe.incident(id))?.events.length ?? 0;
    await clickInOverlay(call, /Escalate/i, { role: 'button' });
    await waitFor(async () => ((await probe.incident(id))?.events.length ?? 0) >= before, 5_000);
    await waitForPanelText(probe.page, /Escalate|timeline|ETA/i);
  });

  it('nothing shared, on the call tab: the overlay there, and the panel stays closed', async () => {
    const opened = await recordPanelsOpened();
    await call.bringToFront();
    await waitForPanelEnabled(await worker(), false);
    await pressRealKeys('ctrl+shift+9', { page: call });
    await activeIncidentId();
    const overlay = await readOverlay(call, {
      until: (s) => /Acknowledge/i.test(s.text),
      timeoutMs: 10_000,
    });
    expect(overlay.visibleText).toMatch(/Acknowledge/i);
    // The panel would have opened long before the overlay painted.
    expect(await openPanels(await worker())).toBe(0);
    expect(await opened()).toEqual([]);
  });

  it('the popup opens the ready view over the call tab too; it stays open across tabs, and once closed the hotkey there leaves it closed', async () => {
    const popup = await openExtensionPage(h.context, h.extensionId, 'src/popup/index.html');
    const button = popup.getByRole('button', { name: 'Side panel' });
    await button.waitFor();
    // The popup shows over the call tab: its page stays, the call tab comes to the front.
    await call.bringToFront();
    await waitForPanelEnabled(await worker(), false);
    await button.click();
    await waitForPanelText(probe.page, /Start recovery/);
    const mark = () =>
      probe.page.evaluate(() => {
        const view = chrome.extension
          .getViews()
          .find((w) => w.location.pathname.includes('sidepanel'));
        const scope = view as unknown as { e2eMark?: boolean } | undefined;
        const seen = scope?.e2eMark === true;
        if (scope) scope.e2eMark = true;
        return seen;
      });
    expect(await mark()).toBe(false);
    // Moving between the demo and the call keeps the same panel open.
    await demo.bringToFront();
    await call.bringToFront();
    await waitForPanelEnabled(await worker(), true);
    expect(await openPanels(await worker())).toBe(1);
    expect(await mark()).toBe(true);
    // Closed on the call tab: the hotkey there is the overlay's again.
    await closePanels();
    await waitForPanelEnabled(await worker(), false);
    const opened = await recordPanelsOpened();
    await pressRealKeys('ctrl+shift+9', { page: call });
    await readOverlay(call, { until: (s) => /Acknowledge/i.test(s.text), timeoutMs: 10_000 });
    expect(await openPanels(await worker())).toBe(0);
    expect(await opened()).toEqual([]);
  });

  it('a tab shared (the demo): the panel opens beside it and the tab capture holds none of its pixels', async () => {
    await setTitle(demo, CAPTURE_TARGET);
    await startCapture(call);
    await waitForShareState(probe.page, callTabId, {
      sharing: true,
      surface: 'browser',
      selfTab: false,
    });
    await setTitle(demo, DEMO_TITLE);
    await hotkeyOnDemo();
    await waitForPanelRecovery(probe.page);
    expect(await openPanels(await worker())).toBe(1);
    const frame = await captureFrameStats(call);
    // The frame is the demo page only: its one colour, nothing of the panel.
    expect(frame.width).toBeGreaterThan(0);
    expect(frame.matching, `dominant colour ${frame.dominant}`).toBeGreaterThan(0.99);
    expect(frame.panelLike).toBe(0);
  });

  it('the whole screen shared: the hotkey leaves the panel closed; the call tab holds the recovery, discreet', async () => {
    const opened = await recordPanelsOpened();
    await startCapture(call);
    await waitForShareState(probe.page, callTabId, {
      sharing: true,
      surface: 'monitor',
      selfTab: false,
    });
    await hotkeyOnDemo();
    await activeIncidentId();
    // The call tab got the recovery (discreet: nothing of it on screen while the screen is shared).
    await readOverlay(call, { until: (s) => s.present, timeoutMs: 10_000 });
    expect(await openPanels(await worker())).toBe(0);
    expect(await opened()).toEqual([]);
  });

  it('a whole-screen share that starts while the panel is open closes it; the recovery goes on in the call tab', async () => {
    await hotkeyOnDemo();
    await waitForPanelRecovery(probe.page);
    const id = await activeIncidentId();
    await startCapture(call);
    await waitForPanelClosed(await worker(), 5_000);
    // Chrome drops the panel's context a moment before its document goes.
    await waitFor(async () => (await panelText(probe.page)) === null, 2_000, {
      message: 'the closed panel document gone',
    });
    expect((await probe.mirror())?.record).toMatchObject({ id, status: 'active' });
    // Today's discreet rules: the one-time warning, never the recovery itself.
    const overlay = await readOverlay(call, { until: (s) => s.present, timeoutMs: 10_000 });
    expect(overlay.visibleText).toMatch(/^Hidden: you are sharing your whole screen/);
    expect(overlay.visibleText).not.toMatch(/\d+:\d{2}/);
    // While it lasts, the hotkey cannot bring the panel back.
    await hotkeyOnDemo();
    await waitFor(async () => (await probe.mirror())?.record.id === id, 5_000);
    expect(await openPanels(await worker())).toBe(0);
  });

  it('a whole-screen capture from a popup window the call page opened closes the panel too, and the overlay goes discreet', async () => {
    await hotkeyOnDemo();
    await waitForPanelRecovery(probe.page);
    const opening = h.context.waitForEvent('page');
    await call.evaluate(() => void window.open('', 'capture', 'popup,width=400,height=300'));
    const popup = await opening;
    try {
      // A blank document of the call page's origin, in a tab of its own.
      expect(popup.url()).toBe('about:blank');
      await popup.evaluate(async () => {
        const stream = await navigator.mediaDevices.getDisplayMedia({ video: true });
        (window as unknown as { capture: MediaStream }).capture = stream;
      });
      await waitForPanelClosed(await worker(), 5_000);
      const overlay = await readOverlay(call, {
        until: (s) => /^Hidden: you are sharing your whole screen/.test(s.visibleText),
        timeoutMs: 10_000,
      });
      expect(overlay.visibleText).not.toMatch(/\d+:\d{2}/);
    } finally {
      await popup.close();
    }
    // Its capture went with it: the panel may open again.
    await hotkeyOnDemo();
    await waitForPanelRecovery(probe.page);
  });

  it('the practice call rehearses it: present the demo from a second tab, press the hotkey there, read the panel', async () => {
    const practice = await openExtensionPage(h.context, h.extensionId, 'src/practice/index.html');
    const opening = h.context.waitForEvent('page');
    await practice.getByRole('button', { name: 'Present it from a second tab' }).click();
    const practiceDemo = await opening;
    await practiceDemo.waitForLoadState();
    expect(await practiceDemo.textContent('body')).toMatch(/Practice demo/);
    await pressRealKeys('ctrl+shift+9', { page: practiceDemo });
    await waitForPanelRecovery(probe.page);
    const active = await waitFor(() => probe.mirror(), 10_000, {
      message: 'the practice incident',
    });
    expect(active.record.platform).toBe('practice');
    // The demo shows its failure, as the SE would be presenting it.
    await practiceDemo.getByText(/Export failed/).waitFor();
    await practiceDemo.close();
    await practice.close();
  });

  it('the worker stopped just after the hotkey: the press the panel painted is stored as pressed', async () => {
    await hotkeyOnDemo();
    await stopServiceWorker(h.context, h.extensionId);
    await waitForPanelRecovery(probe.page);
    const press = await probe.page.evaluate(
      async (key) =>
        (await chrome.storage.session.get(key))[key] as { incidentId: string; at: number },
      STORAGE_KEYS.panelPress,
    );
    // Stored by the worker that stopped, or asked for again by the panel (same id, same start).
    const active = await waitFor(() => probe.mirror(), 10_000, { message: 'the stored press' });
    expect(active.record).toMatchObject({ id: press.incidentId, startedAt: press.at });
  });

  it('no call tab open: the panel paints the press, then says why on its ready view', async () => {
    await call.close();
    await hotkeyOnDemo();
    const text = await waitForPanelText(probe.page, /Open your Meet or Zoom call tab/);
    expect(text).toMatch(/Demo Rescue is ready/);
    expect(await probe.mirror()).toBeNull();
  });
});
