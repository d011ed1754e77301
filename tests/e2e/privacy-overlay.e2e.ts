/**
 * The overlay under its privacy guard in real Chromium, on the Meet fixture: presenting the
 * whole screen or the call tab hides it (a one-time warning, the hotkey again peeks), another
 * tab or nothing shows it with its indicator; a page forging the wrapper's reports during a real
 * whole-screen capture cannot reveal it; the pop-out opens a Document Picture-in-Picture window from a real
 * click, keeps the clock running there, and gives the overlay back when it closes; after an
 * extension update the share relay is injected again on the kept private channel, so a live
 * capture reaches the new worker without a reload.
 *
 * One headed browser (the whole-screen source needs a display: run under with-display/xvfb).
 * The tab switch picks whichever tab is titled CAPTURE_TARGET; when none is, the desktop switch
 * picks the entire screen.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PEEK_MS } from '../../src/domain/privacy';
import { SHARE_HINT_EVENT, STORAGE_KEYS } from '../../src/shared/constants';
import {
  MEET_URL,
  START_RECOVERY_COMMAND,
  clickInOverlay,
  contentScriptContexts,
  dispatchCommand,
  inContentWorld,
  overlayBox,
  readOverlay,
  sleep,
  waitFor,
  waitForServiceWorker,
  type ExtensionHarness,
  type OverlaySnapshot,
} from './harness';
import { extensionProbe, type ExtensionProbe } from './overlay-helpers';
import {
  closePopOut,
  presentInMeet,
  readPopOut,
  setTitle,
  shareStateOf,
  stopPresentingInMeet,
  tabIdOf,
  waitForShareState,
  CAPTURE_TARGET,
  DEMO_URL,
  launchForScreenSharing,
} from './privacy-helpers';
import { forgeShareHints } from './share-forgery';

const NOT_SHARING = { sharing: false, surface: null, selfTab: false } as const;

let harness: ExtensionHarness;
let probe: ExtensionProbe;
/** Another tab the SE could share (the demo). */
let demo: Page;
const opened: Page[] = [];

async function worker() {
  return waitForServiceWorker(harness.context, harness.extensionId);
}

async function openMeetCall(): Promise<Page> {
  const page = await harness.context.newPage();
  opened.push(page);
  await page.goto(MEET_URL);
  await contentScriptContexts(page);
  await page.click('[data-action="join"]');
  return page;
}

async function startRecovery(): Promise<void> {
  await dispatchCommand(await worker(), START_RECOVERY_COMMAND);
}

const CLOCK = /\b(\d+):(\d{2})\b/;
/** The full panel is painted: its m:ss clock and phase are on screen. */
const panelShown = (s: OverlaySnapshot) =>
  CLOCK.test(s.visibleText) && /acknowledge/i.test(s.visibleText);
/** Nothing of the overlay is on screen. */
const nothingShown = (s: OverlaySnapshot) => s.visibleText === '';

function clockSeconds(text: string): number {
  const match = CLOCK.exec(text);
  if (!match) throw new Error(`no clock in "${text}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

async function expectOverlay(page: Page, until: (s: OverlaySnapshot) => boolean) {
  const snapshot = await readOverlay(page, { until, timeoutMs: 8_000 });
  expect(until(snapshot), `overlay: "${snapshot.visibleText}"`).toBe(true);
  return snapshot;
}

beforeAll(async () => {
  harness = await launchForScreenSharing();
  probe = await extensionProbe(harness.context, harness.extensionId);
  // Mid-screen, clear of what the tests click in Meet: "Stop presenting" in the banner (top
  // left) and "Present now" in the call controls (bottom right).
  await probe.page.evaluate(
    (key) => chrome.storage.local.set({ [key]: { left: 440, top: 16, collapsed: false } }),
    STORAGE_KEYS.overlayLayout,
  );
  demo = await harness.context.newPage();
  await demo.goto(DEMO_URL);
});

afterEach(async () => {
  await probe.endActive();
  await setTitle(demo, 'Demo');
  for (const page of opened.splice(0)) await page.close().catch(() => undefined);
});

afterAll(async () => harness?.close());

describe('discreet mode while presenting', () => {
  it('hides the overlay for the whole screen and the call tab, shows it for another tab', async () => {
    const meet = await openMeetCall();
    const meetTab = await tabIdOf(probe.page, meet);
    await startRecovery();
    let shown = await expectOverlay(
      meet,
      (s) => panelShown(s) && /Not sharing/.test(s.visibleText),
    );
    expect((await overlayBox(meet)).visible).toBe(true);

    // The whole screen: only the one-time warning is left.
    await presentInMeet(meet);
    await waitForShareState(probe.page, meetTab, {
      sharing: true,
      surface: 'monitor',
      selfTab: false,
    });
    shown = await expectOverlay(meet, (s) =>
      /Hidden: you are sharing your whole screen/.test(s.visibleText),
    );
    expect(shown.visibleText).toContain('Share another tab or a window instead.');
    expect(panelShown(shown)).toBe(false);
    await clickInOverlay(meet, 'Dismiss this warning', { role: 'button' });
    await expectOverlay(meet, nothingShown);
    const hidden = await overlayBox(meet);
    expect(hidden.present).toBe(true);
    expect(hidden.visible).toBe(false);

    // The hotkey again peeks, for PEEK_MS.
    await startRecovery();
    shown = await expectOverlay(meet, panelShown);
    expect(shown.visibleText).toContain('Hidden: you are sharing your whole screen');
    expect((await overlayBox(meet)).visible).toBe(true);
    const peekedAt = Date.now();
    await expectOverlay(meet, nothingShown);
    expect(Date.now() - peekedAt).toBeGreaterThan(PEEK_MS - 1_500);

    await stopPresentingInMeet(meet);
    await expectOverlay(meet, (s) => panelShown(s) && /Not sharing/.test(s.visibleText));

    // The call tab itself: hidden (the warning was dismissed for this meeting).
    const title = await meet.title();
    await setTitle(meet, CAPTURE_TARGET);
    try {
      await presentInMeet(meet);
      await waitForShareState(probe.page, meetTab, {
        sharing: true,
        surface: 'browser',
        selfTab: true,
      });
      await expectOverlay(meet, nothingShown);
      expect((await overlayBox(meet)).visible).toBe(false);
    } finally {
      await stopPresentingInMeet(meet);
      await setTitle(meet, title);
    }
    await expectOverlay(meet, panelShown);

    // Another tab: the audience cannot see the call tab.
    await setTitle(demo, CAPTURE_TARGET);
    await presentInMeet(meet);
    await waitForShareState(probe.page, meetTab, {
      sharing: true,
      surface: 'browser',
      selfTab: false,
    });
    shown = await expectOverlay(
      meet,
      (s) => panelShown(s) && /Private: you are sharing another tab/.test(s.visibleText),
    );
    expect((await overlayBox(meet)).visible).toBe(true);

    await stopPresentingInMeet(meet);
    await waitForShareState(probe.page, meetTab, NOT_SHARING);
    await expectOverlay(meet, (s) => panelShown(s) && /Not sharing/.test(s.visibleText));
  });
});

describe('a page lying about its share', () => {
  it('cannot reveal the overlay during a real whole-screen capture, nor touch an incident', async () => {
    const meet = await openMeetCall();
    const meetTab = await tabIdOf(probe.page, meet);
    await startRecovery();
    await expectOverlay(meet, panelShown);
    const before = (await probe.mirror())!;
    const listIncidents = () =>
      probe.call<{ items: unknown[] }>('incidents/list', { query: {}, cursor: null, limit: 50 });
    const incidentsBefore = (await listIncidents()).items.length;

    await presentInMeet(meet);
    await waitForShareState(probe.page, meetTab, {
      sharing: true,
      surface: 'monitor',
      selfTab: false,
    });
    await expectOverlay(meet, (s) => !panelShown(s));

    const forged = await meet.evaluate(forgeShareHints, SHARE_HINT_EVENT);
    // The forgery reached every node the page can reach, the old event name included.
    expect(forged.targets).toBeGreaterThan(3);
    await sleep(500);
    expect(await shareStateOf(probe.page, meetTab)).toMatchObject({
      sharing: true,
      surface: 'monitor',
    });
    const lied = await readOverlay(meet);
    expect(panelShown(lied)).toBe(false);
    expect(lied.visibleText).not.toMatch(/Not sharing|Private/);

    // The truth still gets through: the same checks see the real end of the capture.
    await stopPresentingInMeet(meet);
    await waitForShareState(probe.page, meetTab, NOT_SHARING);
    await expectOverlay(meet, (s) => panelShown(s) && /Not sharing/.test(s.visibleText));
    const after = (await probe.mirror())!;
    expect(after.record.id).toBe(before.record.id);
    expect(after.record.status).toBe('active');
    expect(after.events).toEqual(before.events);
    expect((await listIncidents()).items).toHaveLength(incidentsBefore);
  });
});

describe('pop-out', () => {
  it('opens from a real click, ticks there, and comes back to the tab when closed', async () => {
    const meet = await openMeetCall();
    await startRecovery();
    await expectOverlay(meet, panelShown);
    expect((await readPopOut(meet)).open).toBe(false);

    await clickInOverlay(meet, 'Pop out into its own window', { role: 'button' });
    const popped = await waitFor(
      async () => {
        const snapshot = await readPopOut(meet);
        return CLOCK.test(snapshot.text) ? snapshot : null;
      },
      8_000,
      { message: 'the overlay in the pop-out window' },
    );
    expect(popped.title).toBe('Demo Rescue');
    // Free text out there is typed in the same private field (the window is the page's too).
    const noteFrame = await waitFor(
      () =>
        harness.context
          .pages()
          .flatMap((p) => p.frames())
          .find(
            (f) =>
              f.url().includes('private-field') &&
              f.url().includes('field=note') &&
              f.page() !== meet,
          ) ?? null,
      5_000,
      { message: 'the notes field framed in the pop-out window' },
    );
    await noteFrame.waitForSelector('input[aria-label="Notes"]', { timeout: 5_000 });
    expect(popped.text).toContain('Not sharing');
    expect(popped.text).toContain('Back to the call tab');
    // The tab keeps only a note, from which the overlay can be called back.
    const tab = await expectOverlay(meet, (s) => /Overlay popped out/.test(s.visibleText));
    expect(CLOCK.test(tab.visibleText)).toBe(false);

    // The clock keeps running out there, even with the call tab in the background.
    await demo.bringToFront();
    const first = clockSeconds(popped.text);
    const later = await waitFor(
      async () => {
        const { text } = await readPopOut(meet);
        return clockSeconds(text) >= first + 2 ? text : null;
      },
      6_000,
      { message: 'the pop-out clock to advance' },
    );
    const startedAt = (await probe.mirror())!.record.startedAt;
    expect(
      Math.abs(clockSeconds(later) - Math.floor((Date.now() - startedAt) / 1000)),
    ).toBeLessThanOrEqual(1);
    await meet.bringToFront();

    // Closing the window gives the overlay back to the tab.
    await closePopOut(meet);
    await expectOverlay(meet, panelShown);
    expect((await readPopOut(meet)).open).toBe(false);
    expect((await overlayBox(meet)).visible).toBe(true);
  });

  it('while the call tab is presented, shows the overlay in the window and nothing in the tab', async () => {
    const meet = await openMeetCall();
    const meetTab = await tabIdOf(probe.page, meet);
    await startRecovery();
    await expectOverlay(meet, panelShown);
    await clickInOverlay(meet, 'Pop out into its own window', { role: 'button' });
    await waitFor(async () => (await readPopOut(meet)).open || null, 8_000, {
      message: 'pop-out window',
    });
    const title = await meet.title();
    await setTitle(meet, CAPTURE_TARGET);
    try {
      await presentInMeet(meet);
      await waitForShareState(probe.page, meetTab, {
        sharing: true,
        surface: 'browser',
        selfTab: true,
      });
      await expectOverlay(meet, nothingShown);
      const popped = await waitFor(
        async () => {
          const snapshot = await readPopOut(meet);
          return /Private: you are sharing the call tab/.test(snapshot.text) ? snapshot : null;
        },
        5_000,
        { message: 'the pop-out to stay visible' },
      );
      expect(CLOCK.test(popped.text)).toBe(true);
    } finally {
      await stopPresentingInMeet(meet);
      await setTitle(meet, title);
      await closePopOut(meet);
    }
    await expectOverlay(meet, panelShown);
  });
});

describe('presenting', () => {
  it('loads the overlay dormant, touching nothing on the page, so the hotkey only shows it', async () => {
    const meet = await openMeetCall();
    const meetTab = await tabIdOf(probe.page, meet);
    const loaded = () => inContentWorld(meet, `Symbol.for('demo-rescue.overlay') in globalThis`);
    expect(await loaded()).toBe(false);

    await presentInMeet(meet);
    await waitForShareState(probe.page, meetTab, {
      sharing: true,
      surface: 'monitor',
      selfTab: false,
    });
    await waitFor(async () => (await loaded()) === true, 10_000, {
      message: 'the overlay code was not preloaded while presenting',
    });
    // Dormant: no host element, nothing drawn, until the hotkey.
    expect(
      await meet.evaluate(() => document.querySelector('demo-rescue-overlay, demo-rescue-marker')),
    ).toBeNull();

    await startRecovery();
    await expectOverlay(meet, (s) =>
      /Hidden: you are sharing your whole screen/.test(s.visibleText),
    );
    await stopPresentingInMeet(meet);
    await expectOverlay(meet, panelShown);
  });
});

describe('extension updates', () => {
  it('injects the share relay again on the kept channel, so a live capture reaches the new worker', async () => {
    const meet = await openMeetCall();
    const meetTab = await tabIdOf(probe.page, meet);
    await waitForShareState(probe.page, meetTab, NOT_SHARING);

    // What an update does to the old relay: its runtime is gone, so it retires at its next
    // report (presenting the whole screen); and chrome.storage.session is cleared.
    await inContentWorld(
      meet,
      `globalThis.__realSend = chrome.runtime.sendMessage;
       chrome.runtime.sendMessage = () => { throw new Error('Extension context invalidated.'); };`,
    );
    await presentInMeet(meet);
    await inContentWorld(
      meet,
      `chrome.runtime.sendMessage = globalThis.__realSend; delete globalThis.__realSend;`,
    );
    await (await worker()).evaluate(() => chrome.storage.session.clear());
    await sleep(500);
    // Nobody relays any more: the worker knows nothing.
    expect(await shareStateOf(probe.page, meetTab)).toBeNull();

    await (
      await worker()
    ).evaluate(() => {
      const installed = chrome.runtime.onInstalled as unknown as {
        dispatch(details: { reason: string }): void;
      };
      installed.dispatch({ reason: 'update' });
    });
    // The new relay asked the wrapper, which still watches the capture, to report again.
    await waitForShareState(probe.page, meetTab, {
      sharing: true,
      surface: 'monitor',
      selfTab: false,
    });
    // Injected late, it left nothing in the page to meet on.
    expect(
      await meet.evaluate(() => [...document.childNodes].map((n) => n.nodeValue ?? n.nodeName)),
    ).not.toContain('demo-rescue:share-channel');
    await stopPresentingInMeet(meet);
    await waitForShareState(probe.page, meetTab, NOT_SHARING);
  });
});
