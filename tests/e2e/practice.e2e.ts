/** The practice call: the same overlay on a call-like extension page, for rehearsal. */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  START_RECOVERY_COMMAND,
  dispatchCommand,
  launchExtension,
  openExtensionPage,
  readOverlay,
  routeCallPages,
  waitFor,
  waitForServiceWorker,
  type ExtensionHarness,
  type OverlaySnapshot,
} from './harness';
import { extensionProbe, type ExtensionProbe } from './overlay-helpers';

let harness: ExtensionHarness;
let probe: ExtensionProbe;
let practice: Page;

const showsOverlay = (s: OverlaySnapshot) => s.present && /\d:\d\d/.test(s.visibleText);

beforeAll(async () => {
  harness = await launchExtension();
  await routeCallPages(harness.context);
  probe = await extensionProbe(harness.context, harness.extensionId);
});

afterEach(async () => {
  await probe.endActive();
  await practice?.close();
});

afterAll(async () => harness?.close());

async function openPractice(): Promise<Page> {
  practice = await openExtensionPage(
    harness.context,
    harness.extensionId,
    'src/practice/index.html',
  );
  await practice.bringToFront();
  await practice.getByRole('button', { name: 'Simulate a failure' }).waitFor();
  return practice;
}

describe('practice call', () => {
  it('looks like a call with a shared demo, and simulating a failure runs the overlay', async () => {
    const page = await openPractice();
    expect(await page.getByRole('region', { name: 'Shared screen: demo app' }).isVisible()).toBe(
      true,
    );
    expect((await readOverlay(page)).present).toBe(false);
    await page.getByRole('button', { name: 'Simulate a failure' }).click();
    const shown = await readOverlay(page, { until: showsOverlay });
    expect(shown.shadowRootType).toBe('closed');
    expect(shown.visibleText).toMatch(/Acknowledge/i);
    expect(await page.getByText('Export failed: 500 Internal Server Error').isVisible()).toBe(true);

    await page.keyboard.press('a');
    await waitFor(async () => (await probe.mirror())?.record.acknowledgedAt != null);
    await page.keyboard.press('f');
    const ended = await readOverlay(page, { until: (s) => s.text.includes('Open the report') });
    expect(ended.text).toContain('Fixed live after');
    const list = await probe.call<{ items: { platform: string; outcome: string }[] }>(
      'incidents/list',
      { query: { platform: 'practice' }, cursor: null, limit: 10 },
    );
    expect(list.items[0]).toMatchObject({ platform: 'practice', outcome: 'fixed-live' });
  });

  it('Ctrl+Shift+9 on the page starts a practice incident', async () => {
    const page = await openPractice();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Shift+9');
    await readOverlay(page, { until: showsOverlay });
    expect((await probe.mirror())?.record.platform).toBe('practice');
  });

  it('Chrome’s shortcut, pressed on the practice call, starts practice there', async () => {
    const page = await openPractice();
    await dispatchCommand(
      await waitForServiceWorker(harness.context, harness.extensionId),
      START_RECOVERY_COMMAND,
    );
    const shown = await readOverlay(page, { until: showsOverlay });
    expect(shown.present).toBe(true);
    expect((await probe.mirror())?.record.platform).toBe('practice');
  });
});
