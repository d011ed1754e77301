/**
 * The moment between "Present" and the capture starting: while Chrome's share picker is open
 * the SE may pick the whole screen, so the side panel is disabled as soon as the call page asks
 * for a capture, before anything is captured. Headed, with no auto-select switch: the real
 * picker stays open until xdotool cancels it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MEET_URL,
  contentScriptContexts,
  hasDisplay,
  launchExtension,
  pressRealKeys,
  readOverlay,
  routeCallPages,
  serveHtml,
  waitFor,
  waitForServiceWorker,
  type ExtensionHarness,
} from './harness';
import { extensionProbe, type ExtensionProbe } from './overlay-helpers';
import { tabIdOf, waitForShareState } from './privacy-helpers';
import {
  captureOutcome,
  openPanels,
  requestCapture,
  waitForPanelRecovery,
} from './side-panel-helpers';

const DEMO_URL = 'https://demo.example.com/choosing';

const title = hasDisplay()
  ? 'choosing what to share (headed, the real picker, xdotool)'
  : 'choosing what to share — SKIPPED: no DISPLAY; run under `node scripts/with-display.mjs`';

describe.skipIf(!hasDisplay())(title, () => {
  let h: ExtensionHarness;
  let probe: ExtensionProbe;
  let call: Page;
  let demo: Page;

  beforeAll(async () => {
    h = await launchExtension({ headed: true });
    await routeCallPages(h.context);
    await serveHtml(h.context, DEMO_URL, '<!doctype html><title>Demo</title>Demo');
    probe = await extensionProbe(h.context, h.extensionId);
    call = await h.context.newPage();
    await call.goto(MEET_URL);
    await contentScriptContexts(call);
    await call.click('[data-action="join"]');
    demo = await h.context.newPage();
    await demo.goto(DEMO_URL);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('while the picker is open the hotkey leaves the panel closed; cancelling enables it again', async () => {
    const callTabId = await tabIdOf(probe.page, call);
    await call.bringToFront();
    await requestCapture(call);
    // Asked for, nothing captured yet: an unknown surface, which counts as the whole screen.
    await waitForShareState(probe.page, callTabId, {
      sharing: true,
      surface: null,
      selfTab: false,
    });
    await pressRealKeys('ctrl+shift+9', { page: demo });
    await waitFor(() => probe.mirror(), 10_000, { message: 'an active incident' });
    const worker = await waitForServiceWorker(h.context, h.extensionId);
    expect(await openPanels(worker)).toBe(0);
    // The call tab holds the recovery, discreet: the one-time warning, never the recovery.
    const overlay = await readOverlay(call, { until: (s) => s.present, timeoutMs: 10_000 });
    expect(overlay.visibleText).toMatch(/^Hidden: you are sharing your screen/);
    expect(overlay.visibleText).not.toMatch(/\d+:\d{2}/);

    // Cancelled: nothing is shared, and the hotkey opens the panel again.
    await pressRealKeys('Escape', { page: call });
    expect(await captureOutcome(call, 10_000)).toBe('NotAllowedError');
    await waitForShareState(probe.page, callTabId, {
      sharing: false,
      surface: null,
      selfTab: false,
    });
    await pressRealKeys('ctrl+shift+9', { page: demo });
    await waitForPanelRecovery(probe.page);
  });
});
