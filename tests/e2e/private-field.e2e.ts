/**
 * Free text typed into the overlay stays private: it goes into a frame of the extension's
 * private field page, whose key and input events the call page cannot hear (its own listeners,
 * capture phase on window and document, hear everything typed in its document, closed shadow
 * roots included), and the frame saves it to the worker itself. The frame is the one
 * web-accessible resource, for the call origins only, behind a dynamic URL.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { STORAGE_KEYS } from '../../src/shared/constants';
import {
  MEET_URL,
  START_RECOVERY_COMMAND,
  contentScriptContexts,
  dispatchCommand,
  launchExtension,
  readOverlay,
  routeCallPages,
  waitFor,
  waitForServiceWorker,
  type ExtensionHarness,
} from './harness';
import { extensionProbe, type ExtensionProbe } from './overlay-helpers';
import {
  extensionFrameSources,
  installEavesdropper,
  overheard,
  privateFieldFrame,
} from './private-field-helpers';

let harness: ExtensionHarness;
let probe: ExtensionProbe;
const opened: Page[] = [];

const SECRET = 'prospect api key leaked';

beforeAll(async () => {
  harness = await launchExtension();
  await routeCallPages(harness.context);
  probe = await extensionProbe(harness.context, harness.extensionId);
});

afterEach(async () => {
  await probe.endActive();
  // Esc collapsed the overlay, which it remembers.
  await probe.page.evaluate((key) => chrome.storage.local.remove(key), STORAGE_KEYS.overlayLayout);
  for (const page of opened.splice(0)) await page.close().catch(() => undefined);
});

afterAll(async () => harness?.close());

async function openMeetWithOverlay(): Promise<Page> {
  const page = await harness.context.newPage();
  opened.push(page);
  await page.goto(MEET_URL);
  await contentScriptContexts(page);
  await installEavesdropper(page);
  await dispatchCommand(
    await waitForServiceWorker(harness.context, harness.extensionId),
    START_RECOVERY_COMMAND,
  );
  await readOverlay(page, { until: (s) => /Notes/.test(s.visibleText) && /\d:\d\d/.test(s.text) });
  return page;
}

async function waitForNote(text: string) {
  return waitFor(
    async () => (await probe.mirror())?.events.find((e) => e.type === 'note' && e.text === text),
    5_000,
    { message: `note "${text}" stored` },
  );
}

describe('the private text field', () => {
  it('saves a note typed with real keys, and the call page hears none of it', async () => {
    const page = await openMeetWithOverlay();
    // N moves the keyboard into the notes frame (a single-key command: the page may hear it).
    await page.keyboard.press('n');
    const frame = await privateFieldFrame(page, 'note');
    await frame.waitForFunction(() => document.activeElement?.localName === 'input', null, {
      timeout: 5_000,
    });
    await page.keyboard.type(SECRET);
    await page.keyboard.press('Enter');
    await waitForNote(SECRET);
    await frame.waitForFunction(() => document.querySelector('input')?.value === '', null, {
      timeout: 5_000,
    });

    const heard = await overheard(page);
    // The page's listeners work: they heard the N command itself…
    expect(heard.some((e) => e.type === 'keydown' && e.key === 'n')).toBe(true);
    // …and nothing of the note: no key but N, no input, composition or paste.
    const keys = heard.filter((e) => e.key !== null && e.key !== 'n');
    expect(keys, JSON.stringify(keys)).toEqual([]);
    expect(
      heard.filter(
        (e) =>
          e.type !== 'keydown' &&
          e.type !== 'keyup' &&
          e.type !== 'keypress' &&
          e.type !== 'focusin' &&
          e.type !== 'focusout',
      ),
    ).toEqual([]);
    expect(JSON.stringify(heard)).not.toMatch(/prospect|api|leaked/);
    // The saved note shows in the overlay (its own shadow root), not typed into the page.
    const shown = await readOverlay(page, { until: (s) => s.text.includes(SECRET) });
    expect(shown.text).toContain(SECRET);

    // Esc in the field (its own document) still collapses the overlay, through the worker.
    await page.keyboard.press('Escape');
    await waitFor(
      () =>
        probe.page.evaluate(async (key) => {
          const stored = await chrome.storage.local.get(key);
          return (stored[key] as { collapsed?: boolean } | undefined)?.collapsed === true;
        }, STORAGE_KEYS.overlayLayout) || null,
      5_000,
      { message: 'the overlay collapsed after Esc in the notes field' },
    );
  });

  it('is loaded behind a dynamic URL, which a page cannot guess from the fixed one', async () => {
    const page = await openMeetWithOverlay();
    await privateFieldFrame(page, 'note');
    const sources = await extensionFrameSources(page);
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) {
      // Not the extension's id: a per-session id a page cannot know in advance.
      expect(new URL(src).host).not.toBe(harness.extensionId);
    }
    const fixed = `chrome-extension://${harness.extensionId}/src/private-field/index.html`;
    const probed = await page.evaluate(async (target) => {
      const fetched = await fetch(target).then(
        (response) => `status ${response.status}`,
        (error: Error) => error.name,
      );
      const frame = document.createElement('iframe');
      frame.src = target;
      const loaded = new Promise((done) => frame.addEventListener('load', done, { once: true }));
      document.body.append(frame);
      await loaded;
      frame.remove();
      return fetched;
    }, fixed);
    expect(probed).toBe('TypeError');
    // The page's own frame of the fixed URL showed Chrome's error page, not the field.
    expect(page.frames().map((f) => f.url())).not.toContain(fixed);
  });
});
