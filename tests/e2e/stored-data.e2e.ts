/**
 * Stored data that fails validation (an older or newer version, a hand edit, a bug) is repaired
 * field by field in the built extension, never replaced by the defaults: the options page warns
 * and keeps the original, the overlay and the backup use the repaired value, and changing one
 * setting keeps the others.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Playbook } from '../../src/domain/playbook';
import { DEFAULT_PLAYBOOK } from '../../src/domain/playbook';
import { DEFAULT_SETTINGS, type Settings } from '../../src/domain/settings';
import type { BackupFile } from '../../src/shared/backup';
import { STORAGE_KEYS } from '../../src/shared/constants';
import {
  MEET_URL,
  START_RECOVERY_COMMAND,
  dispatchCommand,
  launchExtension,
  openExtensionPage,
  readOverlay,
  routeCallPages,
  waitFor,
  waitForServiceWorker,
  type ExtensionHarness,
} from './harness';
import { extensionProbe, type ExtensionProbe } from './overlay-helpers';
import { call } from './store-helpers';

let harness: ExtensionHarness;
let probe: ExtensionProbe;
const opened: Page[] = [];

const KEPT_LINE = 'Stored-data E2E: this is my own acknowledge line.';

function stored<T>(key: string): Promise<T | undefined> {
  return probe.page.evaluate(
    async (k) => (await chrome.storage.local.get(k))[k] as never,
    key,
  ) as Promise<T | undefined>;
}

function store(values: Record<string, unknown>): Promise<void> {
  return probe.page.evaluate((v) => chrome.storage.local.set(v), values);
}

async function openOptions(section: string): Promise<Page> {
  const page = await openExtensionPage(
    harness.context,
    harness.extensionId,
    `src/options/index.html#${section}`,
  );
  opened.push(page);
  return page;
}

beforeAll(async () => {
  harness = await launchExtension();
  await routeCallPages(harness.context);
  probe = await extensionProbe(harness.context, harness.extensionId);
});

afterEach(async () => {
  await probe.endActive();
  for (const page of opened.splice(0)) await page.close().catch(() => undefined);
  await probe.page.evaluate(() => chrome.storage.local.clear());
});

afterAll(async () => harness?.close());

describe('a stored playbook that fails validation', () => {
  it('is repaired field by field: warned about, original kept, used by the overlay and the backup', async () => {
    const broken = structuredClone(DEFAULT_PLAYBOOK) as unknown as {
      phases: Record<string, Record<string, unknown>>;
    };
    broken.phases.acknowledge = {
      ...broken.phases.acknowledge,
      talkTracks: [KEPT_LINE, 'x'.repeat(2_001)],
    };
    delete broken.phases.diagnose;
    await store({ [STORAGE_KEYS.playbook]: broken });

    const options = await openOptions('playbook');
    const notice = options.locator('.stored-notice[data-item="playbook"]');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.getAttribute('role')).toBe('alert');
    expect(await notice.innerText()).toMatch(/could not be read/);
    // The original stays stored (as it was, or in quarantine once a repair is written) until
    // the user dismisses the warning.
    const original = async () =>
      JSON.stringify([
        await stored(STORAGE_KEYS.playbook),
        (await stored(STORAGE_KEYS.quarantine)) ?? null,
      ]);
    expect(await original()).toContain('x'.repeat(2_001));

    // The overlay speaks the user's own line, not the defaults'.
    const meet = await harness.context.newPage();
    opened.push(meet);
    await meet.goto(MEET_URL);
    await meet.bringToFront();
    await dispatchCommand(
      await waitForServiceWorker(harness.context, harness.extensionId),
      START_RECOVERY_COMMAND,
    );
    await readOverlay(meet, {
      until: (s) => s.text.includes(KEPT_LINE),
      what: 'the overlay showing the stored (repaired) acknowledge line',
    });

    // The backup carries the repaired playbook: the user's line, and a diagnose phase again.
    const exported = (JSON.parse(await call(probe.page, 'backup/export', {})) as BackupFile)
      .playbook!;
    expect(exported.phases.acknowledge.talkTracks[0]).toBe(KEPT_LINE);
    expect(exported.phases.acknowledge.talkTracks[1]).toHaveLength(2_000);
    expect(exported.phases.diagnose).toEqual(DEFAULT_PLAYBOOK.phases.diagnose);

    // Dismissing keeps the repaired value and lets the original go.
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached', timeout: 5_000 });
    await waitFor(
      async () =>
        !JSON.stringify((await stored(STORAGE_KEYS.quarantine)) ?? {}).includes(KEPT_LINE),
      5_000,
      { message: 'the quarantined original cleared after Dismiss' },
    );
    const kept = await stored<Playbook>(STORAGE_KEYS.playbook);
    expect(kept?.phases.acknowledge.talkTracks[0]).toBe(KEPT_LINE);
  });
});

describe('stored settings with one invalid field', () => {
  it('changing the size keeps the corner, reminders and retention', async () => {
    const mine: Settings = {
      ...DEFAULT_SETTINGS,
      overlayCorner: 'bottom-left',
      remindersEnabled: false,
      retentionMonths: 6,
    };
    await store({ [STORAGE_KEYS.settings]: { ...mine, overlayOpacity: 5 } });

    const options = await openOptions('settings');
    await options.locator('.stored-notice[data-item="settings"]').waitFor({ timeout: 10_000 });
    await options.locator('input[name="overlay-size"][value="large"]').check();
    const after = await waitFor(
      async () => {
        const settings = await stored<Settings>(STORAGE_KEYS.settings);
        return settings?.overlaySize === 'large' ? settings : null;
      },
      5_000,
      { message: 'the new size stored' },
    );
    expect(after).toMatchObject({
      overlayCorner: 'bottom-left',
      remindersEnabled: false,
      retentionMonths: 6,
      overlaySize: 'large',
    });
    expect(after.overlayOpacity).toBeGreaterThanOrEqual(0.5);
    expect(after.overlayOpacity).toBeLessThanOrEqual(1);
  });
});
