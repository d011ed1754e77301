/**
 * A real Ctrl+Shift+9 (an X key event from xdotool, in a headed Chromium under Xvfb) fires
 * chrome.commands.onCommand, on the Meet page and with focus inside Zoom's client iframe.
 * page.keyboard cannot do this: CDP key events never reach Chromium's command handling.
 * Needs DISPLAY: `node scripts/with-display.mjs npx vitest run --project e2e` provides one.
 */
import type { Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MEET_URL,
  START_RECOVERY_COMMAND,
  ZOOM_URL,
  hasDisplay,
  launchExtension,
  pressRealKeys,
  routeCallPages,
  sleep,
  waitFor,
  waitForServiceWorker,
  type ExtensionHarness,
} from './harness';

const title = hasDisplay()
  ? 'real Ctrl+Shift+9 (xdotool, headed)'
  : 'real Ctrl+Shift+9 — SKIPPED: no DISPLAY; run under `node scripts/with-display.mjs` (xvfb-run)';

/** Commands seen by the listener this test installs in the worker. */
const seen = (worker: Worker) =>
  worker.evaluate(() => [...((globalThis as { __seen?: string[] }).__seen ?? [])]);

describe.skipIf(!hasDisplay())(title, () => {
  let h: ExtensionHarness;
  let worker: Worker;

  beforeAll(async () => {
    h = await launchExtension({ headed: true });
    await routeCallPages(h.context);
    worker = await waitForServiceWorker(h.context, h.extensionId);
    // The product's own handler is registered too; this one only records what fired.
    await worker.evaluate(() => {
      const scope = globalThis as { __seen?: string[] };
      scope.__seen = [];
      chrome.commands.onCommand.addListener((command) => scope.__seen?.push(command));
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('fires chrome.commands.onCommand on the Meet page', async () => {
    const page = h.context.pages()[0] ?? (await h.context.newPage());
    await page.goto(MEET_URL);
    await page.getByRole('button', { name: 'Join now' }).click();

    // Control: CDP key events (page.keyboard) do not trigger extension commands.
    await page.keyboard.press('Control+Shift+9');
    await sleep(300);
    expect(await seen(worker)).toEqual([]);

    await pressRealKeys('ctrl+shift+9', { page });
    expect(await waitFor(async () => (await seen(worker)).length > 0, 5_000)).toBe(true);
    expect(await seen(worker)).toEqual([START_RECOVERY_COMMAND]);
  });

  it('fires it with keyboard focus inside the Zoom client iframe', async () => {
    const page = await h.context.newPage();
    await page.goto(ZOOM_URL);
    const client = page.frameLocator('#webclient');
    await client.getByPlaceholder('Type message here ...').click();
    const frame = page.frames()[1];
    expect(await frame?.evaluate(() => document.activeElement?.id)).toBe('chat-input');

    const before = (await seen(worker)).length;
    await pressRealKeys('ctrl+shift+9', { page });
    expect(
      await waitFor(async () => (await seen(worker)).length > before, 5_000, {
        message: 'onCommand after xdotool',
      }),
    ).toBe(true);
    expect((await seen(worker)).slice(before)).toEqual([START_RECOVERY_COMMAND]);
  });
});
