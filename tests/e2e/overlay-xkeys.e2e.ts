/**
 * One real X key event (xdotool, headed Chromium under Xvfb) starts recovery in the Meet tab:
 * the same path as an SE's keyboard, whether Chrome's shortcut or the page's keydown takes it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  MEET_URL,
  contentScriptContexts,
  hasDisplay,
  launchExtension,
  pressRealKeys,
  readOverlay,
  routeCallPages,
  type ExtensionHarness,
} from './harness';
import { extensionProbe } from './overlay-helpers';

let harness: ExtensionHarness | undefined;

beforeAll(async () => {
  if (!hasDisplay()) return;
  harness = await launchExtension({ headed: true });
  await routeCallPages(harness.context);
});

afterAll(async () => harness?.close());

it.skipIf(!hasDisplay())('a real Ctrl+Shift+9 from the X server opens the overlay', async () => {
  const probe = await extensionProbe(harness!.context, harness!.extensionId);
  const page = await harness!.context.newPage();
  await page.goto(MEET_URL);
  await contentScriptContexts(page);
  await pressRealKeys('ctrl+shift+9', { page });
  const shown = await readOverlay(page, {
    until: (s) => s.present && /\d:\d\d/.test(s.visibleText),
    timeoutMs: 8_000,
  });
  expect(shown.visibleText).toMatch(/Acknowledge/i);
  expect((await probe.mirror())?.record.platform).toBe('meet');
});
