/**
 * The recovery overlay in Firefox ESR on the Meet and Zoom fixtures: the in-page hotkey, the
 * overlay in a closed shadow root and its clock, every recording action, the pop-out window,
 * and survival of a reload and of the event page being suspended (Firefox's idle timeout, shortened here).
 */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Poc } from '../../src/domain/poc';
import {
  MEET_URL,
  ZOOM_URL,
  focusedPrivateField,
  launchFirefox,
  pressHotkey,
  waitFor,
  type FirefoxHarness,
  type OverlaySnapshot,
} from './harness';

const MEET_TABS = 'https://meet.google.com/*';
const ZOOM_TABS = 'https://app.zoom.us/*';

const POC: Poc = {
  id: 'poc-acme',
  prospect: 'Acme Corp',
  name: 'Data platform POC',
  contacts: [{ name: 'Dana Smith', email: 'dana@acme.example' }],
  criteria: [
    { id: 'c-export', title: 'Scheduled exports', howToShow: 'Run an export', status: 'proven' },
    { id: 'c-sso', title: 'SSO login', howToShow: 'Sign in with Okta', status: 'not-shown' },
  ],
  archived: false,
  createdAt: 1,
  updatedAt: 1,
};

let fx: FirefoxHarness;
const opened: Page[] = [];

const showsOverlay = (s: OverlaySnapshot) => s.present && /\d:\d\d/.test(s.visibleText);

function secondsIn(text: string): number {
  const match = /(\d+):(\d{2})/.exec(text);
  if (!match) throw new Error(`no clock in "${text}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

const clockSeconds = (snapshot: OverlaySnapshot) => secondsIn(snapshot.visibleText);

async function openCall(url: string) {
  const page = await fx.openCall(url);
  opened.push(page);
  return page;
}

async function waitForEvent(type: string) {
  return waitFor(
    async () => (await fx.mirror())?.events.find((e) => e.type === type),
    5_000,
    `"${type}" event`,
  );
}

beforeAll(async () => {
  fx = await launchFirefox({ backgroundIdleMs: 2_000 });
  await fx.call('pocs/save', { poc: POC });
});

afterEach(async () => {
  await fx.endActive();
  for (const page of opened.splice(0)) await page.close().catch(() => undefined);
});

afterAll(async () => fx?.close());

describe('Firefox: the overlay', () => {
  it('the in-page hotkey opens it on Meet, in a closed shadow root, and its clock runs', async () => {
    const page = await openCall(MEET_URL);
    await pressHotkey(page);
    const first = await fx.readOverlay(MEET_TABS, { until: showsOverlay });
    expect(first.hostCount).toBe(1);
    expect(first.closed).toBe(true);
    expect(first.visibleText).toMatch(/Acknowledge/);
    // The page's own world sees no shadow root.
    expect(
      await page.evaluate(() => document.querySelector('demo-rescue-overlay')?.shadowRoot ?? null),
    ).toBeNull();
    const later = await fx.readOverlay(MEET_TABS, {
      until: (s) => clockSeconds(s) >= clockSeconds(first) + 2,
    });
    expect(clockSeconds(later)).toBeGreaterThanOrEqual(clockSeconds(first) + 2);
  });

  it('keys and clicks record acknowledge, checklist, note, pivot, escalation and the end', async () => {
    const page = await openCall(MEET_URL);
    await pressHotkey(page);
    await fx.readOverlay(MEET_TABS, { until: showsOverlay });

    await page.keyboard.press('a');
    await waitForEvent('acknowledged');
    await fx.readOverlay(MEET_TABS, { until: (s) => /Diagnose/.test(s.visibleText) });
    await page.keyboard.press('1');
    expect(await waitForEvent('checklist')).toMatchObject({ done: true });
    // N moves the keyboard into the notes field, an extension page framed in the overlay.
    await page.keyboard.press('n');
    await focusedPrivateField(page, 'note');
    await page.keyboard.type('Token expired at 10:02');
    await page.keyboard.press('Enter');
    expect(await waitForEvent('note')).toMatchObject({ text: 'Token expired at 10:02' });
    await fx.readOverlay(MEET_TABS, { until: (s) => s.text.includes('Token expired at 10:02') });

    await fx.clickInOverlay(page, MEET_TABS, /^Escalate now/);
    await fx.clickInOverlay(page, MEET_TABS, /SSO login/);
    expect(await waitForEvent('pivoted')).toMatchObject({ criterionId: 'c-sso' });
    await fx.clickInOverlay(page, MEET_TABS, 'Record escalation');
    expect(await waitForEvent('escalated')).toBeTruthy();

    const id = (await fx.mirror())!.record.id;
    await fx.clickInOverlay(page, MEET_TABS, /^End: escalated/);
    const ended = await fx.readOverlay(MEET_TABS, {
      until: (s) => s.text.includes('Open the report'),
    });
    expect(ended.text).toMatch(/Follow-up due in (24 h|1 d)/);
    const stored = await fx.call<{ events: { type: string }[] }>('incidents/get', { id });
    expect(stored.events.map((e) => e.type)).toEqual([
      'started',
      'acknowledged',
      'checklist',
      'note',
      'pivoted',
      'escalated',
      'ended',
    ]);
  });

  it('on Zoom the hotkey is heard inside the client iframe and the overlay opens on top', async () => {
    const page = await openCall(ZOOM_URL);
    const client = await waitFor(
      () => page.frames().find((frame) => frame.url().includes('/start')),
      10_000,
      'Zoom client iframe',
    );
    await client.waitForSelector('body');
    await client.focus('body');
    expect(await client.evaluate(() => document.hasFocus())).toBe(true);
    await pressHotkey(page);
    const shown = await fx.readOverlay(ZOOM_TABS, { until: showsOverlay });
    expect(shown.closed).toBe(true);
    expect((await fx.stored()).record.platform).toBe('zoom');
  });

  it('Pop out draws the overlay in its own window, its clock running, and closing it brings it back', async () => {
    const page = await openCall(MEET_URL);
    await pressHotkey(page);
    await fx.readOverlay(MEET_TABS, { until: showsOverlay });
    expect((await fx.readPopOut(MEET_TABS)).open).toBe(false);

    await fx.clickInOverlay(page, MEET_TABS, 'Pop out into its own window');
    const popped = await waitFor(
      async () => {
        const snapshot = await fx.readPopOut(MEET_TABS);
        return /\d:\d\d/.test(snapshot.text) && snapshot;
      },
      8_000,
      'the overlay in the pop-out window',
    );
    expect(popped.title).toBe('Demo Rescue');
    expect(popped.text).toContain('Back to the call tab');
    expect(popped.text).toContain('Acknowledge');
    // The tab keeps only a note, from which the overlay can be called back.
    const tab = await fx.readOverlay(MEET_TABS, {
      until: (s) => s.visibleText.includes('Overlay popped out'),
    });
    expect(showsOverlay(tab)).toBe(false);
    const first = secondsIn(popped.text);
    await waitFor(
      async () => {
        const { text } = await fx.readPopOut(MEET_TABS);
        return secondsIn(text) >= first + 2;
      },
      6_000,
      'the pop-out clock to advance',
    );

    await fx.closePopOut(MEET_TABS);
    await fx.readOverlay(MEET_TABS, { until: showsOverlay });
    expect((await fx.readPopOut(MEET_TABS)).open).toBe(false);
  });

  it('survives a reload and a suspended event page, clock and all', async () => {
    const page = await openCall(MEET_URL);
    await pressHotkey(page);
    await fx.readOverlay(MEET_TABS, { until: showsOverlay });
    const startedAt = (await fx.stored()).record.startedAt;

    await fx.reloadCall(page, MEET_TABS);
    const back = await fx.readOverlay(MEET_TABS, { until: showsOverlay, timeoutMs: 10_000 });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(clockSeconds(back) * 1000);
    expect((await fx.mirror())!.record.startedAt).toBe(startedAt);

    // Firefox suspends the idle event page (after 2 s here); the overlay keeps working.
    await waitFor(async () => !(await fx.backgroundRunning()), 15_000, 'event page suspended');
    // The reattached overlay does not take the page's focus: a click, which wakes the page.
    await fx.clickInOverlay(page, MEET_TABS, /I said it: acknowledged/);
    await waitForEvent('acknowledged');
    // The click's message woke a fresh event page, which recorded it.
    expect(await fx.backgroundRunning()).toBe(true);
    const after = await fx.readOverlay(MEET_TABS, { until: (s) => /Diagnose/.test(s.visibleText) });
    expect(clockSeconds(after)).toBeGreaterThanOrEqual(clockSeconds(back));
    expect((await fx.mirror())!.record.startedAt).toBe(startedAt);
  });
});
