/**
 * The worker stopped at the worst moments, on purpose (see worker-stops-helpers.ts): after an
 * action's write and before its reply, and after the hotkey and before the incident's write.
 * The overlay must end up showing what is stored, store nothing twice, never show the
 * browser's own error text, and keep the hotkey's start time and anything typed meanwhile.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  MEET_URL,
  START_RECOVERY_COMMAND,
  clickInOverlay,
  contentScriptContexts,
  dispatchCommand,
  findInOverlay,
  launchExtension,
  readOverlay,
  routeCallPages,
  stopServiceWorker,
  waitFor,
  waitForServiceWorker,
  type CallPageRoutes,
  type ExtensionHarness,
  type OverlaySnapshot,
} from './harness';
import { extensionProbe, type ExtensionProbe } from './overlay-helpers';
import { privateFieldFrame } from './private-field-helpers';
import {
  committedWrites,
  holdWriteReplies,
  releaseWrites,
  stallIncidentStarts,
} from './worker-stops-helpers';

let harness: ExtensionHarness;
let routes: CallPageRoutes;
let probe: ExtensionProbe;
const opened: Page[] = [];

/** Chrome's own words for a lost reply: never for the user's eyes. */
const RAW_CHROME = /listener|message channel|message port|receiving end|asynchronous response/i;

const showsOverlay = (s: OverlaySnapshot) => s.present && /\d:\d\d/.test(s.visibleText);

async function openCall(): Promise<Page> {
  const page = await harness.context.newPage();
  opened.push(page);
  await page.goto(MEET_URL);
  await contentScriptContexts(page);
  return page;
}

const worker = () => waitForServiceWorker(harness.context, harness.extensionId);
const stop = () => stopServiceWorker(harness.context, harness.extensionId);

async function startInNewTab(): Promise<Page> {
  const page = await openCall();
  await dispatchCommand(await worker(), START_RECOVERY_COMMAND);
  await readOverlay(page, { until: showsOverlay });
  await waitFor(() => probe.mirror(), 5_000, { message: 'incident stored' });
  return page;
}

async function storedEvents(): Promise<string[]> {
  const active = await probe.mirror();
  const id = active?.record.id;
  if (!id) throw new Error('no active incident');
  return ((await probe.incident(id))?.events ?? []).map((e) => e.type);
}

beforeAll(async () => {
  harness = await launchExtension();
  routes = await routeCallPages(harness.context);
  probe = await extensionProbe(harness.context, harness.extensionId);
});

afterEach(async () => {
  await probe.endActive();
  routes.update({});
  for (const page of opened.splice(0)) await page.close().catch(() => undefined);
});

afterAll(async () => harness?.close());

/** N opens the note field (a private extension frame); the text is typed and saved there. */
async function typeNote(page: Page, text: string): Promise<Frame> {
  await page.keyboard.press('n');
  const field = await privateFieldFrame(page, 'note');
  await field.waitForFunction(() => document.activeElement?.localName === 'input', null, {
    timeout: 5_000,
  });
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  return field;
}

describe('a reply lost to a worker stop', () => {
  it('a note stored just before the stop shows as saved, once, and its field is cleared', async () => {
    const page = await startInNewTab();
    const id = (await probe.mirror())!.record.id;
    await holdWriteReplies(await worker());
    const field = await typeNote(page, 'Token expired at 10:02');
    await waitFor(async () => (await committedWrites(await worker())) === 1, 5_000, {
      message: 'the note committed',
    });
    await stop();

    const shown = await readOverlay(page, {
      until: (s) => s.text.includes('Token expired at 10:02'),
      timeoutMs: 10_000,
    });
    await field.waitForFunction(() => document.querySelector('input')?.value === '', null, {
      timeout: 5_000,
    });
    const after = await readOverlay(page);
    expect(shown.text).toContain('Token expired at 10:02');
    expect(after.text).not.toMatch(/Not saved/);
    expect(after.text).not.toMatch(RAW_CHROME);
    const events = (await probe.incident(id))!.events;
    expect(events.filter((e) => e.type === 'note')).toHaveLength(1);
  });

  it('"Fixed live" stored just before the stop shows the ended incident, and offers no second end', async () => {
    const page = await startInNewTab();
    const id = (await probe.mirror())!.record.id;
    await holdWriteReplies(await worker());
    await clickInOverlay(page, /^Fixed live/, { role: 'button' });
    await waitFor(async () => (await committedWrites(await worker())) === 1, 5_000, {
      message: 'the end committed',
    });
    await stop();

    const ended = await readOverlay(page, {
      until: (s) => s.text.includes('Open the report'),
      timeoutMs: 10_000,
    });
    expect(ended.text).toMatch(/Fixed live after \d:\d\d/);
    expect(ended.text).not.toMatch(/Not saved|closed in another window/);
    expect(ended.text).not.toMatch(RAW_CHROME);
    await expect(
      findInOverlay(page, /^Fixed live/, { role: 'button', timeoutMs: 500 }),
    ).rejects.toThrow();
    const stored = (await probe.incident(id))!;
    expect(stored.record.outcome).toBe('fixed-live');
    expect(stored.events.filter((e) => e.type === 'ended')).toHaveLength(1);
  });
});

describe('commands that happen once', () => {
  it('A pressed five times before the first reply stores one "acknowledged"', async () => {
    const page = await startInNewTab();
    const id = (await probe.mirror())!.record.id;
    // Every press lands while the first acknowledgement is still unanswered.
    await holdWriteReplies(await worker());
    for (let i = 0; i < 5; i++) await page.keyboard.press('a');
    await releaseWrites(await worker());
    await readOverlay(page, { until: (s) => /Diagnose/i.test(s.visibleText) });
    expect(await storedEvents()).toEqual(['started', 'acknowledged']);
    // The worker itself acknowledges once, whatever the caller sends.
    await probe.call('incident/act', {
      incidentId: id,
      action: { kind: 'acknowledge' },
      key: crypto.randomUUID(),
    });
    expect((await probe.incident(id))!.events.map((e) => e.type)).toEqual([
      'started',
      'acknowledged',
    ]);
  });
});

describe('the worker stopped after the hotkey, before the incident was stored', () => {
  it('cold overlay: the incident it painted is stored with the hotkey’s start time', async () => {
    const page = await openCall();
    await stallIncidentStarts(await worker());
    const before = Date.now();
    await dispatchCommand(await worker(), START_RECOVERY_COMMAND);
    await readOverlay(page, { until: showsOverlay });
    const shownAt = Date.now();
    expect(await probe.mirror()).toBeNull();
    await stop();

    const stored = await waitFor(() => probe.mirror(), 10_000, { message: 'incident stored' });
    // Stamped at the hotkey, not when the overlay asked again after the restart.
    expect(stored.record.startedAt).toBeGreaterThanOrEqual(before);
    expect(stored.record.startedAt).toBeLessThanOrEqual(shownAt);
    const overlay = await readOverlay(page, { until: showsOverlay });
    expect(overlay.text).not.toMatch(/Not saved|no longer exists/);
    expect(overlay.text).not.toMatch(RAW_CHROME);
  });

  it('loaded overlay: the keydown’s time and a note typed before it was stored both survive', async () => {
    routes.update({
      pageScript: `addEventListener('keydown', (e) => {
        if (e.code === 'Digit9') window.hotkeyAt = Date.now();
      }, true);`,
    });
    const page = await openCall();
    // A first incident loads the overlay's code into the tab; it stays there, dormant.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Shift+9');
    await readOverlay(page, { until: showsOverlay });
    await waitFor(() => probe.mirror(), 5_000, { message: 'first incident stored' });
    await probe.endActive();
    await clickInOverlay(page, /^Close$/, { role: 'button' });
    await readOverlay(page, { until: (s) => !s.present });

    await stallIncidentStarts(await worker());
    await page.keyboard.press('Control+Shift+9');
    await readOverlay(page, { until: showsOverlay });
    const shownAt = Date.now();
    await typeNote(page, 'typed before it was stored');
    expect(await probe.mirror()).toBeNull();
    await stop();

    const stored = await waitFor(
      async () => {
        const active = await probe.mirror();
        return active?.events.some((e) => e.type === 'note') ? active : null;
      },
      10_000,
      { message: 'incident and note stored' },
    );
    const hotkeyAt = await page.evaluate(
      () => (window as unknown as { hotkeyAt: number }).hotkeyAt,
    );
    expect(stored.record.startedAt).toBeGreaterThanOrEqual(hotkeyAt);
    expect(stored.record.startedAt).toBeLessThanOrEqual(shownAt);
    expect(stored.events).toMatchObject([
      { type: 'started' },
      { type: 'note', text: 'typed before it was stored' },
    ]);
    const overlay = await readOverlay(page, {
      until: (s) => s.text.includes('typed before it was stored'),
    });
    expect(overlay.text).not.toMatch(/Not saved|no longer exists/);
    expect(overlay.text).not.toMatch(RAW_CHROME);
  });
});
