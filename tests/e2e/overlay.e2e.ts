/**
 * The recovery overlay in real Chromium on the Meet and Zoom fixtures: started by the command
 * and by in-page keys, readable in its closed shadow root, recording every action, surviving
 * reloads, SPA navigation and a stopped worker, and immune to spoofed events and hostile CSS.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Poc } from '../../src/domain/poc';
import { NO_CALL_TAB_NOTIFICATION } from '../../src/shared/constants';
import {
  MEET_URL,
  START_RECOVERY_COMMAND,
  ZOOM_URL,
  cdpSession,
  clickInOverlay,
  contentScriptContexts,
  dispatchCommand,
  findInOverlay,
  inContentWorld,
  launchExtension,
  overlayBox,
  readOverlay,
  routeCallPages,
  sleep,
  stopServiceWorker,
  waitFor,
  waitForServiceWorker,
  type CallPageRoutes,
  type ExtensionHarness,
  type OverlaySnapshot,
} from './harness';
import { badgeText, extensionProbe, readMarker, type ExtensionProbe } from './overlay-helpers';

const POC: Poc = {
  id: 'poc-acme',
  prospect: 'Acme Corp',
  name: 'Data platform POC',
  contacts: [{ name: 'Dana Smith', email: 'dana@acme.example' }],
  criteria: [
    { id: 'c-export', title: 'Scheduled exports', howToShow: 'Run an export', status: 'proven' },
    { id: 'c-sso', title: 'SSO login', howToShow: 'Sign in with Okta', status: 'not-shown' },
    { id: 'c-audit', title: 'Audit trail', howToShow: 'Open the audit log', status: 'at-risk' },
  ],
  archived: false,
  createdAt: 1,
  updatedAt: 1,
};

let harness: ExtensionHarness;
let routes: CallPageRoutes;
let probe: ExtensionProbe;
const opened: Page[] = [];

async function openCall(url: string): Promise<Page> {
  const page = await harness.context.newPage();
  opened.push(page);
  await page.goto(url);
  await contentScriptContexts(page, { minFrames: url === ZOOM_URL ? 2 : 1 });
  return page;
}

async function worker() {
  return waitForServiceWorker(harness.context, harness.extensionId);
}

/** The overlay's m:ss clock, in seconds. */
function clockSeconds(snapshot: OverlaySnapshot): number {
  const match = /(\d+):(\d{2})/.exec(snapshot.visibleText);
  if (!match) throw new Error(`no clock in "${snapshot.visibleText}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

async function eventTypes(): Promise<string[]> {
  return ((await probe.mirror())?.events ?? []).map((e) => e.type);
}

async function waitForEvent(type: string) {
  return waitFor(async () => (await probe.mirror())?.events.find((e) => e.type === type), 5_000, {
    message: `"${type}" event`,
  });
}

const showsOverlay = (s: OverlaySnapshot) => s.present && /\d:\d\d/.test(s.visibleText);

beforeAll(async () => {
  harness = await launchExtension();
  routes = await routeCallPages(harness.context);
  probe = await extensionProbe(harness.context, harness.extensionId);
  await probe.call('pocs/save', { poc: POC });
});

afterEach(async () => {
  await probe.endActive();
  routes.update({});
  for (const page of opened.splice(0)) await page.close().catch(() => undefined);
});

afterAll(async () => harness?.close());

describe('starting', () => {
  it('tells the user when no call tab is open, starts nothing, and keeps "!" until it starts', async () => {
    await dispatchCommand(await worker(), START_RECOVERY_COMMAND);
    await waitFor(async () => (await badgeText(await worker())) === '!', 5_000, {
      message: 'badge "!"',
    });
    const notifications = await (await worker()).evaluate(() => chrome.notifications.getAll());
    expect(Object.keys(notifications)).toContain(NO_CALL_TAB_NOTIFICATION);
    expect(await probe.mirror()).toBeNull();
    // The worker's own upkeep recounts the badge after it starts: the "!" must survive it.
    await sleep(1_000);
    expect(await badgeText(await worker())).toBe('!');
    await openCall(MEET_URL);
    await dispatchCommand(await worker(), START_RECOVERY_COMMAND);
    await waitFor(async () => (await badgeText(await worker())) === '', 5_000, {
      message: 'badge cleared once a recovery started',
    });
  });

  it('the command opens a readable overlay in the Meet tab whose clock advances', async () => {
    const page = await openCall(MEET_URL);
    await dispatchCommand(await worker(), START_RECOVERY_COMMAND);
    const first = await readOverlay(page, { until: showsOverlay });
    expect(first.present).toBe(true);
    expect(first.hostCount).toBe(1);
    expect(first.shadowRootType).toBe('closed');
    expect(first.visibleText).toMatch(/Acknowledge/i);
    expect(first.visibleText).toContain('Don’t say');
    const { frameTree } = await (await cdpSession(page)).send('Page.getFrameTree');
    expect(first.frameId).toBe(frameTree.frame.id);

    const later = await readOverlay(page, {
      until: (s) => clockSeconds(s) >= clockSeconds(first) + 2,
      timeoutMs: 4_000,
    });
    expect(clockSeconds(later)).toBeGreaterThanOrEqual(clockSeconds(first) + 2);

    // The only POC is pre-selected, so the next talk track names the prospect.
    await page.keyboard.press('t');
    // The prospect is filled in its own <bdi> (the harness joins text nodes with a space).
    const filled = /Acme Corp\s*, you just saw that fail/;
    const cycled = await readOverlay(page, { until: (s) => filled.test(s.text) });
    expect(cycled.text).toMatch(filled);
  });

  it('trusted in-page keys start it; the hotkey again re-shows instead of duplicating', async () => {
    const page = await openCall(MEET_URL);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Shift+9');
    const shown = await readOverlay(page, { until: showsOverlay });
    expect(shown.present).toBe(true);
    const { incidentId } = await probe.call<{ incidentId: string }>('recovery/start', {});
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+9');
    await dispatchCommand(await worker(), START_RECOVERY_COMMAND);
    await sleep(500);
    const again = await readOverlay(page, { until: showsOverlay });
    expect(again.hostCount).toBe(1);
    expect((await probe.mirror())?.record.id).toBe(incidentId);
  });
});

describe('recording', () => {
  it('keys and clicks record acknowledge, checklist, note, issue, pivot, escalation and the end', async () => {
    const page = await openCall(MEET_URL);
    await dispatchCommand(await worker(), START_RECOVERY_COMMAND);
    await readOverlay(page, { until: showsOverlay });

    await page.keyboard.press('a');
    await waitForEvent('acknowledged');
    await readOverlay(page, { until: (s) => /Diagnose/i.test(s.visibleText) });

    await page.keyboard.press('1');
    const ticked = await waitForEvent('checklist');
    expect(ticked).toMatchObject({
      item: 'Read the exact error message and status code',
      done: true,
    });

    await page.keyboard.press('n');
    await page.keyboard.type('Token expired at 10:02');
    await page.keyboard.press('Enter');
    expect(await waitForEvent('note')).toMatchObject({ text: 'Token expired at 10:02' });
    const noted = await readOverlay(page, { until: (s) => s.text.includes('Token expired') });
    expect(noted.text).toMatch(/\+0:\d\d Token expired at 10:02/);

    // "What failed" is a private field (its own frame): a real click puts the caret there.
    await clickInOverlay(page, 'What failed', { role: 'Iframe' });
    await page.keyboard.type('the export returned a 500');
    await page.keyboard.press('Enter');
    expect(await waitForEvent('issue-described')).toMatchObject({
      text: 'the export returned a 500',
    });

    await clickInOverlay(page, 'Escalate now', { role: 'button' });
    await clickInOverlay(page, /SSO login/, { role: 'radio' });
    expect(await waitForEvent('pivoted')).toMatchObject({ criterionId: 'c-sso' });
    await clickInOverlay(page, 'Record escalation', { role: 'button' });
    expect(await waitForEvent('escalated')).toMatchObject({ eta: 'within the hour' });
    const escalated = await readOverlay(page, { until: (s) => /Escalate/i.test(s.visibleText) });
    expect(escalated.text).toContain('within the hour');
    expect(escalated.text).toContain('SSO login');

    const id = (await probe.mirror())!.record.id;
    await clickInOverlay(page, 'End: escalated', { role: 'button' });
    const ended = await readOverlay(page, { until: (s) => s.text.includes('Open the report') });
    expect(ended.text).toMatch(/Follow-up due in (24 h|1 d)/);
    const stored = await probe.incident(id);
    expect(stored?.record.outcome).toBe('escalated');
    expect(stored?.events.map((e) => e.type)).toEqual([
      'started',
      'acknowledged',
      'checklist',
      'note',
      'issue-described',
      'pivoted',
      'escalated',
      'ended',
    ]);

    const report = harness.context.waitForEvent('page');
    await clickInOverlay(page, 'Open the report', { role: 'button' });
    const reportPage = await report;
    opened.push(reportPage);
    expect(reportPage.url()).toContain(`src/report/index.html?incident=${id}`);

    await clickInOverlay(page, 'Close', { role: 'button' });
    const closed = await readOverlay(page, { until: (s) => !s.present });
    expect(closed.present).toBe(false);
  });

  it('discarding asks first', async () => {
    const page = await openCall(MEET_URL);
    await dispatchCommand(await worker(), START_RECOVERY_COMMAND);
    await readOverlay(page, { until: showsOverlay });
    await page.keyboard.press('d');
    await findInOverlay(page, 'Discard it', { role: 'button' });
    expect(await eventTypes()).toEqual(['started']);
    await page.keyboard.press('Enter');
    await waitFor(async () => (await probe.mirror()) === null, 5_000, { message: 'discarded' });
    const done = await readOverlay(page, { until: (s) => s.text.includes('Nothing to follow up') });
    expect(done.text).toContain('Discarded (false alarm)');
  });
});

describe('surviving the real world', () => {
  it('a reload and Meet’s SPA navigation bring the overlay back with the right clock', async () => {
    const page = await openCall(MEET_URL);
    await dispatchCommand(await worker(), START_RECOVERY_COMMAND);
    await readOverlay(page, { until: showsOverlay });
    const startedAt = (await probe.mirror())!.record.startedAt;
    await sleep(1_500);
    await page.reload();
    const back = await readOverlay(page, { until: showsOverlay, timeoutMs: 8_000 });
    expect(back.hostCount).toBe(1);
    const expected = Math.floor((Date.now() - startedAt) / 1000);
    expect(Math.abs(clockSeconds(back) - expected)).toBeLessThanOrEqual(1);

    await page.evaluate(() => {
      const join = document.querySelector<HTMLElement>('[data-action="join"]');
      join?.click();
    });
    await waitFor(() => page.evaluate(() => document.body.dataset.view === 'call'));
    await sleep(1_200);
    const after = await readOverlay(page, { until: showsOverlay });
    expect(after.hostCount).toBe(1);
    expect(
      Math.abs(clockSeconds(after) - Math.floor((Date.now() - startedAt) / 1000)),
    ).toBeLessThanOrEqual(1);
  });

  it('a stopped worker loses nothing and the next action works', async () => {
    const page = await openCall(MEET_URL);
    await dispatchCommand(await worker(), START_RECOVERY_COMMAND);
    const before = await readOverlay(page, { until: showsOverlay });
    await stopServiceWorker(harness.context, harness.extensionId);
    const ticking = await readOverlay(page, {
      until: (s) => clockSeconds(s) > clockSeconds(before),
      timeoutMs: 3_000,
    });
    expect(clockSeconds(ticking)).toBeGreaterThan(clockSeconds(before));
    await clickInOverlay(page, /I said it: acknowledged/, { role: 'button' });
    await waitForEvent('acknowledged');
    expect(await eventTypes()).toEqual(['started', 'acknowledged']);
  });

  it('with the worker asleep, a loaded overlay shows the hotkey’s incident without waiting for it', async () => {
    // The page's own first script notes when the hotkey went down, before our listener runs.
    routes.update({
      pageScript: `addEventListener('keydown', (e) => {
        if (e.code === 'Digit9') window.hotkeyAt = Date.now();
      }, true);`,
    });
    const page = await openCall(MEET_URL);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Shift+9');
    await readOverlay(page, { until: showsOverlay });
    await probe.endActive();
    await clickInOverlay(page, /^Close$/, { role: 'button' });
    await readOverlay(page, { until: (s) => !s.present });

    await stopServiceWorker(harness.context, harness.extensionId);
    await page.keyboard.press('Control+Shift+9');
    await readOverlay(page, { until: showsOverlay });
    const stored = await waitFor(() => probe.mirror(), 10_000, { message: 'incident stored' });
    const hotkeyAt = await page.evaluate(
      () => (window as unknown as { hotkeyAt: number }).hotkeyAt,
    );
    // Started at the keydown, in the tab; a worker waking up to stamp it would be tens of ms late.
    expect(stored.record.startedAt - hotkeyAt).toBeGreaterThanOrEqual(0);
    expect(stored.record.startedAt - hotkeyAt).toBeLessThan(5);
  });

  it('page-made key events, postMessage and CustomEvents never start an incident', async () => {
    const page = await openCall(MEET_URL);
    await page.evaluate(() => {
      const init = { key: '9', code: 'Digit9', ctrlKey: true, shiftKey: true, bubbles: true };
      for (const target of [document.body, document, window]) {
        target.dispatchEvent(new KeyboardEvent('keydown', init));
        target.dispatchEvent(new KeyboardEvent('keydown', { ...init, metaKey: true }));
      }
      window.postMessage({ type: 'recovery/start', payload: {} }, '*');
      document.dispatchEvent(new CustomEvent('recovery/start', { detail: {} }));
      window.dispatchEvent(new CustomEvent('demo-rescue', { detail: { type: 'recovery/start' } }));
    });
    await sleep(1_000);
    expect(await probe.mirror()).toBeNull();
    expect((await readOverlay(page)).present).toBe(false);
  });

  it('other call tabs show only the marker', async () => {
    const zoom = await openCall(ZOOM_URL);
    const meet = await openCall(MEET_URL);
    await dispatchCommand(await worker(), START_RECOVERY_COMMAND);
    await readOverlay(meet, { until: showsOverlay });
    // The marker's host is attached first and filled once its tab's store has the incident.
    const marker = await waitFor(
      async () => {
        const read = await readMarker(zoom);
        return read.text.includes('Incident active in another tab') ? read : null;
      },
      5_000,
      { message: 'the marker in the other call tab' },
    );
    expect(marker.present).toBe(true);
    expect((await readOverlay(zoom)).present).toBe(false);
  });
});

describe('extension updates', () => {
  it('an orphaned overlay removes itself cleanly', async () => {
    const page = await openCall(MEET_URL);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await dispatchCommand(await worker(), START_RECOVERY_COMMAND);
    await readOverlay(page, { until: showsOverlay });
    // What Chrome does to a content script when its extension is reloaded or removed.
    await inContentWorld(
      page,
      `Object.defineProperty(chrome.runtime, 'id', { get: () => undefined, configurable: true })`,
    );
    const gone = await readOverlay(page, { until: (s) => !s.present, timeoutMs: 3_000 });
    expect(gone.present).toBe(false);
    await page.keyboard.press('Control+Shift+9');
    await sleep(300);
    expect(errors).toEqual([]);
  });

  it('after an update the overlay re-attaches to the open call tab without a reload', async () => {
    const page = await openCall(MEET_URL);
    await dispatchCommand(await worker(), START_RECOVERY_COMMAND);
    await readOverlay(page, { until: showsOverlay });
    const startedAt = (await probe.mirror())!.record.startedAt;
    // A new version runs in a fresh world and session storage is cleared; the old UI is dead.
    await inContentWorld(
      page,
      `globalThis[Symbol.for('demo-rescue.overlay')].dispose();
       delete globalThis[Symbol.for('demo-rescue.hotkey')];`,
    );
    await (
      await worker()
    ).evaluate(async () => {
      await chrome.storage.session.clear();
      const installed = chrome.runtime.onInstalled as unknown as {
        dispatch(details: { reason: string }): void;
      };
      installed.dispatch({ reason: 'update' });
    });
    const back = await readOverlay(page, { until: showsOverlay, timeoutMs: 8_000 });
    expect(back.hostCount).toBe(1);
    expect(
      Math.abs(clockSeconds(back) - Math.floor((Date.now() - startedAt) / 1000)),
    ).toBeLessThanOrEqual(1);
  });
});

describe('Zoom', () => {
  it('keys pressed inside the client iframe start it, and the overlay lives in the top frame', async () => {
    const page = await openCall(ZOOM_URL);
    const client = page.frames().find((f) => f !== page.mainFrame());
    await client!.locator('#chat-input').click();
    await page.keyboard.press('Control+Shift+9');
    const shown = await readOverlay(page, { until: showsOverlay });
    const { frameTree } = await (await cdpSession(page)).send('Page.getFrameTree');
    expect(shown.frameId).toBe(frameTree.frame.id);
    expect((await probe.mirror())?.record.platform).toBe('zoom');
    expect((await probe.mirror())?.record.meetingCode).toBe('123456789');
  });
});

describe('hostile pages', () => {
  it('page CSS cannot hide, move or restyle the overlay', async () => {
    routes.update({
      extraCss: `
        :not(html):not(head):not(body), demo-rescue-overlay, [popover] {
          display: none !important; position: static !important; font-size: 80px !important;
          visibility: hidden !important; opacity: 0 !important; z-index: -1 !important;
          transform: translate(-5000px, -5000px) !important; width: 1px !important;
          height: 1px !important; overflow: hidden !important; pointer-events: none !important;
        }
        body { transform: scale(0.5) !important; filter: blur(4px) !important; }
        html { font-size: 80px !important; }`,
    });
    const page = await openCall(MEET_URL);
    await dispatchCommand(await worker(), START_RECOVERY_COMMAND);
    const shown = await readOverlay(page, { until: showsOverlay });
    expect(shown.visibleText).toMatch(/Acknowledge/i);
    const box = await overlayBox(page);
    expect(box.visible).toBe(true);
    expect(box.display).toBe('block');
    expect(box.position).toBe('fixed');
    expect(box.visibility).toBe('visible');
    expect(box.opacity).toBeGreaterThan(0.9);
    expect(box.topmost).toBe(true);
    const viewport = page.viewportSize()!;
    expect(box.box!.width).toBeGreaterThan(300);
    expect(box.box!.width).toBeLessThan(420);
    expect(box.box!.x).toBeGreaterThanOrEqual(0);
    expect(box.box!.x + box.box!.width).toBeLessThanOrEqual(viewport.width);
    expect(box.box!.y).toBeGreaterThanOrEqual(0);
  });
});
