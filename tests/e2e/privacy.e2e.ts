/**
 * The privacy guard in real Chromium: the call page's own getDisplayMedia, picked by Chromium's
 * auto-selection switches, is reported per tab (another tab, the call tab itself, the whole
 * screen, Zoom's iframe); a page forging the wrapper's reports moves nothing and starts nothing;
 * and before the hotkey nothing in the call page reveals the extension beyond the wrapper.
 *
 * One headed browser (the whole-screen source needs a display: run under with-display/xvfb).
 * The tab switch picks whichever tab is titled CAPTURE_TARGET; when none is, the desktop switch
 * picks the entire screen.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGE_KEYS } from '../../src/shared/constants';
import type { ActiveIncident } from '../../src/shared/messages';
import {
  MEET_URL,
  START_RECOVERY_COMMAND,
  ZOOM_URL,
  contentScriptContexts,
  contentScriptContextsAfter,
  dispatchCommand,
  fixtureHtml,
  openExtensionPage,
  readBuiltManifest,
  readOverlay,
  serveHtml,
  waitFor,
  waitForServiceWorker,
  type ExtensionHarness,
} from './harness';
import {
  mainWorldView,
  type MainWorldView,
  presentInMeet,
  setTitle,
  shareIncludingSelf,
  shareStateOf,
  stopPresentingInMeet,
  tabIdOf,
  waitForShareState,
  CAPTURE_TARGET,
  DEMO_URL,
  launchForScreenSharing,
} from './privacy-helpers';

/** The Meet fixture on an origin the extension does not match: the page without us. */
const UNMATCHED_MEET_URL = 'https://meet.example.com/abc-defg-hij';

let harness: ExtensionHarness;
/** An extension page, to read chrome.storage.session and tab ids. */
let probe: Page;
/** Another tab the SE could share (the demo). */
let demo: Page;

async function openPage(url: string): Promise<Page> {
  const page = await harness.context.newPage();
  await page.goto(url);
  return page;
}

async function openMeetCall(): Promise<Page> {
  const page = await openPage(MEET_URL);
  await contentScriptContexts(page);
  await page.click('[data-action="join"]');
  return page;
}

beforeAll(async () => {
  harness = await launchForScreenSharing();
  await serveHtml(harness.context, `${UNMATCHED_MEET_URL}**`, fixtureHtml('meet'));
  probe = await openExtensionPage(harness.context, harness.extensionId, 'src/popup/index.html');
  demo = await openPage(DEMO_URL);
});

afterAll(async () => {
  await harness?.close();
});

describe('no fingerprint before the hotkey', () => {
  let meet: Page;
  /** The same fixture where the extension does not run. */
  let without: Page;
  let ours: MainWorldView;
  let theirs: MainWorldView;

  beforeAll(async () => {
    meet = await openPage(MEET_URL);
    without = await openPage(UNMATCHED_MEET_URL);
    await contentScriptContexts(meet);
    ours = await mainWorldView(meet);
    theirs = await mainWorldView(without);
  });

  afterAll(async () => {
    await meet?.close();
    await without?.close();
  });

  it('ships no web-accessible resource a page can load by a fixed URL', () => {
    // The private text field only, behind a per-session dynamic URL (private-field.e2e.ts).
    for (const entry of readBuiltManifest().web_accessible_resources ?? []) {
      expect(entry).toMatchObject({
        resources: ['src/private-field/index.html'],
        use_dynamic_url: true,
      });
    }
  });

  it('adds no node, attribute or global to the call page', async () => {
    expect(await contentScriptContextsAfter(without, 500)).toEqual([]);
    expect((await readOverlay(meet)).present).toBe(false);
    const nodes = await meet.evaluate(() =>
      [...document.querySelectorAll('*')]
        .filter(
          (el) =>
            el.localName.includes('demo-rescue') ||
            el.getAttributeNames().some((name) => name.includes('demo-rescue')),
        )
        .map((el) => el.localName),
    );
    expect(nodes).toEqual([]);
    expect(ours.globals).toEqual(theirs.globals);
    expect(ours.rootAttributes).toEqual(theirs.rootAttributes);
    expect(ours.bodyAttributes).toEqual(theirs.bodyAttributes);
  });

  it("leaves getDisplayMedia looking and failing as the browser's own", () => {
    expect(ours.mediaDevicesKeys).toEqual(theirs.mediaDevicesKeys);
    expect(ours.getDisplayMedia.source).toMatch(/^function \w*\(\) \{ \[native code\] \}$/);
    expect({ ...ours.getDisplayMedia, source: null }).toEqual({
      ...theirs.getDisplayMedia,
      source: null,
    });
    expect(ours.illegalInvocation).toBe(theirs.illegalInvocation);
    expect(ours.unhandledRejections).toEqual(theirs.unhandledRejections);
    expect(ours.unhandledRejections).toEqual(['TypeError']);
  });

  it('never names the extension in an error stack the page sees', () => {
    // Needs the wrapper built with an anonymous sourceURL (anonymousStackFrames, vite.config.ts).
    expect(ours.errorStacks).toHaveLength(2);
    for (const stack of ours.errorStacks) {
      expect(stack, 'an error stack names the extension').not.toContain('chrome-extension:');
      expect(stack).not.toContain(harness.extensionId);
    }
  });

  it("cannot fetch the extension's files", async () => {
    const fetched = await meet.evaluate(async (url) => {
      try {
        const response = await fetch(url);
        return `status ${response.status}`;
      } catch (error) {
        return (error as Error).name;
      }
    }, `chrome-extension://${harness.extensionId}/manifest.json`);
    expect(fetched).toBe('TypeError');
    const field = await meet.evaluate(
      (url) =>
        fetch(url).then(
          () => 'fetched',
          (error: Error) => error.name,
        ),
      `chrome-extension://${harness.extensionId}/src/private-field/index.html`,
    );
    expect(field).toBe('TypeError');
  });
});

describe('share detection on Meet', () => {
  let meet: Page;
  let meetTab: number;

  beforeAll(async () => {
    meet = await openMeetCall();
    meetTab = await tabIdOf(probe, meet);
    // A new call document starts as "not sharing".
    await waitForShareState(probe, meetTab, { sharing: false, surface: null, selfTab: false });
  });

  afterAll(async () => {
    await meet?.close();
  });

  it('another tab → browser, not this tab; stopping from Meet → not sharing', async () => {
    await setTitle(demo, CAPTURE_TARGET);
    try {
      await presentInMeet(meet);
      await waitForShareState(probe, meetTab, {
        sharing: true,
        surface: 'browser',
        selfTab: false,
      });
      await stopPresentingInMeet(meet);
      await waitForShareState(probe, meetTab, { sharing: false, surface: null, selfTab: false });
    } finally {
      await setTitle(demo, 'Demo');
    }
  });

  it('the call tab itself → selfTab', async () => {
    const title = await meet.title();
    await setTitle(meet, CAPTURE_TARGET);
    try {
      await presentInMeet(meet);
      await waitForShareState(probe, meetTab, { sharing: true, surface: 'browser', selfTab: true });
    } finally {
      await stopPresentingInMeet(meet);
      await setTitle(meet, title);
    }
    await waitForShareState(probe, meetTab, { sharing: false, surface: null, selfTab: false });
  });

  it('the whole screen → monitor', async () => {
    await presentInMeet(meet);
    try {
      await waitForShareState(probe, meetTab, {
        sharing: true,
        surface: 'monitor',
        selfTab: false,
      });
    } finally {
      await stopPresentingInMeet(meet);
    }
    await waitForShareState(probe, meetTab, { sharing: false, surface: null, selfTab: false });
  });

  it.each([
    ['an about:blank frame', null],
    ['a srcdoc frame', '<p>frame</p>'],
  ] as const)('a capture made from %s the call page adds is seen too', async (_, srcdoc) => {
    await setTitle(demo, CAPTURE_TARGET);
    try {
      await meet.evaluate((content) => {
        const frame = document.createElement('iframe');
        frame.name = 'capture-realm';
        if (content !== null) frame.srcdoc = content;
        document.body.append(frame);
      }, srcdoc);
      const frame = await waitFor(
        async () => meet.frames().find((f) => f.name() === 'capture-realm') ?? null,
        5_000,
        { message: 'the added frame' },
      );
      // Its own realm, with its own getDisplayMedia; the click that allows it is in the frame.
      await frame.evaluate(async () => {
        const stream = await navigator.mediaDevices.getDisplayMedia({ video: true });
        (window as unknown as { capture: MediaStream }).capture = stream;
      });
      await waitForShareState(probe, meetTab, {
        sharing: true,
        surface: 'browser',
        selfTab: false,
      });
      await frame.evaluate(() => {
        const stream = (window as unknown as { capture: MediaStream }).capture;
        for (const track of stream.getTracks()) track.stop();
      });
      await waitForShareState(probe, meetTab, { sharing: false, surface: null, selfTab: false });
    } finally {
      await meet.evaluate(() => document.querySelector('iframe[name="capture-realm"]')?.remove());
      await setTitle(demo, 'Demo');
    }
  });

  it('keeps the state per tab, and forgets a tab when it closes', async () => {
    const second = await openMeetCall();
    const secondTab = await tabIdOf(probe, second);
    await waitForShareState(probe, secondTab, { sharing: false, surface: null, selfTab: false });
    await second.close();
    await waitFor(async () => (await shareStateOf(probe, secondTab)) === null, 5_000, {
      message: 'closed tab forgotten',
    });
    expect(await shareStateOf(probe, meetTab)).toMatchObject({ sharing: false });
  });
});

describe("share detection in Zoom's client iframe", () => {
  it('reports from the sub-frame for the Zoom tab, and recognises the Zoom tab itself', async () => {
    const zoom = await openPage(ZOOM_URL);
    await contentScriptContexts(zoom, { minFrames: 2 });
    const zoomTab = await tabIdOf(probe, zoom);
    const client = zoom.frames().find((f) => f.url().includes('/start'));
    if (!client) throw new Error('no Zoom client frame');
    try {
      await setTitle(demo, CAPTURE_TARGET);
      await client.click('[data-action="share"]');
      await waitForShareState(probe, zoomTab, {
        sharing: true,
        surface: 'browser',
        selfTab: false,
      });
      await client.click('[data-action="stop-share"]');
      await waitForShareState(probe, zoomTab, { sharing: false, surface: null, selfTab: false });
      await setTitle(demo, 'Demo');

      await setTitle(zoom, CAPTURE_TARGET);
      await shareIncludingSelf(client);
      await waitForShareState(probe, zoomTab, { sharing: true, surface: 'browser', selfTab: true });
    } finally {
      await setTitle(demo, 'Demo');
      await zoom.close();
    }
  });
});

describe('the private channel between the wrapper and the relay', () => {
  it("is set up before the page's first script, which finds the wrapper in place and no node", async () => {
    const url = 'https://meet.google.com/e2e-first-script';
    // The first thing the page runs: what a page patching DOM prototypes early would see.
    await serveHtml(
      harness.context,
      url,
      `<!doctype html><html><head><script>
        const gdm = Object.getOwnPropertyDescriptor(MediaDevices.prototype, 'getDisplayMedia').value;
        window.firstScript = {
          nodes: [...document.childNodes].map((n) => n.nodeType + ':' + (n.nodeValue ?? n.nodeName)),
          rootChildren: document.documentElement.childNodes.length,
          gdm,
        };
      </script></head><body>first script</body></html>`,
    );
    const page = await openPage(url);
    try {
      await contentScriptContexts(page);
      const seen = await page.evaluate(() => {
        const first = (window as unknown as { firstScript: { nodes: string[]; gdm: unknown } })
          .firstScript;
        const now = Object.getOwnPropertyDescriptor(MediaDevices.prototype, 'getDisplayMedia');
        return { nodes: first.nodes, sameFunction: first.gdm === now?.value };
      });
      // No channel node left for the page to find, and getDisplayMedia already wrapped (the
      // wrapper never replaces it later: the page held the same function from its first line).
      expect(seen.nodes).toEqual(['10:html', '1:HTML']);
      expect(seen.sameFunction).toBe(true);
    } finally {
      await page.close();
    }
  });
});

describe('a page lying through the channel', () => {
  it('moves no share hint, and can never start an incident', async () => {
    const meet = await openMeetCall();
    const meetTab = await tabIdOf(probe, meet);
    await waitForShareState(probe, meetTab, { sharing: false, surface: null, selfTab: false });
    const incidentBefore = await probe.evaluate(
      async (key) => (await chrome.storage.local.get(key))[key] ?? null,
      STORAGE_KEYS.activeIncident,
    );
    expect(incidentBefore).toBeNull();

    await meet.evaluate(() => {
      const hintEvent = 'demo-rescue:share-hint';
      const fire = (type: string, detail: unknown) =>
        document.dispatchEvent(new CustomEvent(type, { detail }));
      fire(hintEvent, '{"sharing":true,"surface":"monitor","selfTab":false}');
      for (const payload of [
        { type: 'recovery/start', payload: {} },
        { type: 'incident/act', payload: { incidentId: 'x', action: { kind: 'acknowledge' } } },
        { type: 'share/hint', payload: { sharing: true, surface: 'window', selfTab: false } },
      ]) {
        fire(hintEvent, JSON.stringify(payload));
        fire(hintEvent, payload);
        window.dispatchEvent(new CustomEvent(hintEvent, { detail: JSON.stringify(payload) }));
        window.postMessage(payload, '*');
        window.postMessage(JSON.stringify(payload), '*');
        fire('demo-rescue:start', JSON.stringify(payload));
      }
      document.dispatchEvent(
        new KeyboardEvent('keydown', { key: '9', code: 'Digit9', ctrlKey: true, shiftKey: true }),
      );
    });

    await new Promise((done) => setTimeout(done, 500));
    // The page's events never reach the relay (its channel is private): no hint moved…
    expect(await shareStateOf(probe, meetTab)).toMatchObject({ sharing: false, surface: null });
    // …and nothing else happened: no incident, no overlay.
    expect(
      await probe.evaluate(
        async (key) => (await chrome.storage.local.get(key))[key] ?? null,
        STORAGE_KEYS.activeIncident,
      ),
    ).toBeNull();
    const listed = await probe.evaluate(() =>
      chrome.runtime.sendMessage({
        type: 'incidents/list',
        payload: { query: {}, cursor: null, limit: 50 },
      }),
    );
    expect(listed).toMatchObject({ ok: true, value: { items: [] } });
    expect((await readOverlay(meet)).present).toBe(false);

    // The same checks do see a real start (the hotkey), so they could fail.
    await dispatchCommand(
      await waitForServiceWorker(harness.context, harness.extensionId),
      START_RECOVERY_COMMAND,
    );
    const started = await waitFor(
      () =>
        probe.evaluate(
          async (key) =>
            ((await chrome.storage.local.get(key))[key] as ActiveIncident | undefined) ?? null,
          STORAGE_KEYS.activeIncident,
        ),
      10_000,
      { message: 'the hotkey to start an incident' },
    );
    await probe.evaluate(
      (incidentId) =>
        chrome.runtime.sendMessage({
          type: 'incident/act',
          payload: {
            incidentId,
            action: { kind: 'end', outcome: 'discarded' },
            key: crypto.randomUUID(),
          },
        }),
      started.record.id,
    );
    await meet.close();
  });
});
