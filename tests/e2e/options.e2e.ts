/**
 * The options page in the built extension: edits reach a running overlay in the Meet fixture
 * and other options tabs, imports are previewed and a bad file changes nothing, sync mirrors
 * the playbook and POCs into chrome.storage.sync within Chrome's real quotas, and the page
 * works by keyboard, at 200 % zoom and in dark mode.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Playbook } from '../../src/domain/playbook';
import { DEFAULT_PLAYBOOK } from '../../src/domain/playbook';
import type { Poc } from '../../src/domain/poc';
import { SYNC_MANIFEST_KEY, joinFromSync } from '../../src/domain/sync-chunks';
import type { BackupFile } from '../../src/shared/backup';
import { BACKUP_VERSION, STORAGE_KEYS } from '../../src/shared/constants';
import {
  MEET_URL,
  START_RECOVERY_COMMAND,
  clickInOverlay,
  contentScriptContexts,
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

const OPTIONS = 'src/options/index.html';

let harness: ExtensionHarness;
let probe: ExtensionProbe;
let files: string;
const opened: Page[] = [];

async function openOptions(section = 'playbook'): Promise<Page> {
  const page = await openExtensionPage(
    harness.context,
    harness.extensionId,
    `${OPTIONS}#${section}`,
  );
  opened.push(page);
  await page.getByRole('tab', { name: 'Playbook' }).waitFor();
  return page;
}

async function saved(page: Page) {
  await page.locator('.save-status[data-state="saved"]').waitFor({ timeout: 5_000 });
}

/** What chrome.storage.local holds for a key, read through an extension page. */
function stored<T>(key: string): Promise<T | undefined> {
  return probe.page.evaluate(
    async (k) => (await chrome.storage.local.get(k))[k] as never,
    key,
  ) as Promise<T | undefined>;
}

const showsOverlay = (s: OverlaySnapshot) => s.present && /\d:\d\d/.test(s.visibleText);

beforeAll(async () => {
  harness = await launchExtension();
  await routeCallPages(harness.context);
  probe = await extensionProbe(harness.context, harness.extensionId);
  files = await mkdtemp(join(tmpdir(), 'demo-rescue-options-'));
});

afterEach(async () => {
  await probe.endActive();
  for (const page of opened.splice(0)) await page.close().catch(() => undefined);
});

afterAll(async () => {
  await harness?.close();
  if (files) await rm(files, { recursive: true, force: true });
});

describe('edits reach the overlay', () => {
  it('a talk track and a criterion edited here show in the overlay of a Meet call, live', async () => {
    const options = await openOptions();
    await options
      .getByLabel('Talk track 1', { exact: true })
      .fill('Options E2E: {prospect}, that step failed and I am looking at it now.');
    await saved(options);

    await options.getByRole('tab', { name: 'POCs' }).click();
    await options.getByRole('button', { name: 'Add POC' }).click();
    await options.getByLabel('Prospect').fill('Wayne Enterprises');
    await options.getByRole('button', { name: 'Add criterion' }).click();
    await options.getByLabel('Criterion 1 Title').fill('Audit log export to S3');
    await options.getByLabel('Criterion 1: How to show it (one line)').fill('Run the export job');
    await saved(options);

    const call = await harness.context.newPage();
    opened.push(call);
    await call.goto(MEET_URL);
    await contentScriptContexts(call);
    await call.bringToFront();
    await dispatchCommand(
      await waitForServiceWorker(harness.context, harness.extensionId),
      START_RECOVERY_COMMAND,
    );
    // The overlay paints before the incident is stored; its POC (and so {prospect}) follows.
    const shown = await readOverlay(call, {
      until: (s) => showsOverlay(s) && s.text.includes('Options E2E: Wayne Enterprises'),
    });
    // Filled values are isolated (<bdi>), so the snapshot's text joins them with a space.
    expect(shown.text).toMatch(
      /Options E2E: Wayne Enterprises\s*, that step failed and I am looking at it now\./,
    );

    await clickInOverlay(call, 'Escalate now', { role: 'button' });
    const escalating = await readOverlay(call, {
      until: (s) => s.text.includes('Audit log export to S3'),
    });
    expect(escalating.text).toContain('Audit log export to S3');

    // Edited while the overlay is open: it follows without a reload.
    await options.getByRole('tab', { name: 'Playbook' }).click();
    await options
      .getByLabel('Talk track 1', { exact: true })
      .fill('Live edit: {prospect}, I see it too and I am on it.');
    await saved(options);
    const live = await readOverlay(call, { until: (s) => s.text.includes('Live edit') });
    expect(live.text).toMatch(/Live edit: Wayne Enterprises\s*, I see it too and I am on it\./);
  });

  it('an edit in one options tab appears in another open options tab', async () => {
    const first = await openOptions();
    const second = await openOptions();
    await first.getByLabel('Goal').fill('Goal typed in the first tab');
    await saved(first);
    await waitFor(
      async () => (await second.getByLabel('Goal').inputValue()) === 'Goal typed in the first tab',
      5_000,
      { message: 'goal in the second tab' },
    );

    await second.getByRole('tab', { name: 'POCs' }).click();
    await first.getByRole('tab', { name: 'POCs' }).click();
    await first.getByRole('button', { name: 'Add POC' }).click();
    await first.getByLabel('Prospect').fill('Stark Industries');
    await saved(first);
    await second
      .getByRole('list', { name: 'POCs' })
      .getByText('Stark Industries')
      .waitFor({ timeout: 5_000 });
  });
});

describe('import and export', () => {
  it('a malformed playbook file shows what is wrong and changes nothing', async () => {
    const options = await openOptions('backup');
    const playbookBefore = await stored<Playbook>(STORAGE_KEYS.playbook);
    const pocsBefore = await probe.call<Poc[]>('pocs/list', { includeArchived: true });

    const bad = structuredClone(DEFAULT_PLAYBOOK) as Playbook;
    bad.windows.acknowledgeMs = 15 * 60_000;
    bad.phases.diagnose.talkTracks[1] = 'x'.repeat(2_500);
    const file: BackupFile = {
      format: 'demo-rescue-backup',
      version: BACKUP_VERSION,
      exportedAt: Date.now(),
      appVersion: '0.1.0',
      playbook: bad,
    };
    const path = join(files, 'broken-playbook.json');
    await writeFile(path, JSON.stringify(file));
    await options.getByLabel('Import a playbook file or a backup').setInputFiles(path);

    const alert = options.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain('broken-playbook.json was not imported. Nothing was changed.');
    expect(text).toContain('playbook.windows.acknowledgeMs: must be at most 600 seconds');
    expect(text).toContain(
      'playbook.phases.diagnose.talkTracks[1]: must be at most 2,000 characters',
    );
    expect(await options.getByRole('button', { name: 'Import', exact: true }).count()).toBe(0);

    const notJson = join(files, 'not-json.json');
    await writeFile(notJson, '{"format": "demo-rescue-backup",\n  "version": 1,,}');
    await options.getByLabel('Import a playbook file or a backup').setInputFiles(notJson);
    await options.getByText('not-json.json was not imported. Nothing was changed.').waitFor();
    expect(await options.getByRole('alert').innerText()).toContain('line 2');

    expect(await stored<Playbook>(STORAGE_KEYS.playbook)).toEqual(playbookBefore);
    expect(await probe.call<Poc[]>('pocs/list', { includeArchived: true })).toEqual(pocsBefore);
  });

  it('exports the playbook and POCs, and imports an edited copy after a preview', async () => {
    const options = await openOptions('backup');
    const [download] = await Promise.all([
      options.waitForEvent('download'),
      options.getByRole('button', { name: 'Export playbook and POCs' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^demo-rescue-playbook-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as BackupFile;
    expect(exported.format).toBe('demo-rescue-backup');
    expect(exported.playbook).toEqual(await stored<Playbook>(STORAGE_KEYS.playbook));
    expect(exported.pocs).toEqual(await probe.call<Poc[]>('pocs/list', { includeArchived: true }));

    exported.playbook!.phases['follow-up'].goal = 'Imported follow-up goal';
    const path = join(files, 'edited-playbook.json');
    await writeFile(path, JSON.stringify(exported));
    await options.getByLabel('Import a playbook file or a backup').setInputFiles(path);
    await options.getByRole('heading', { name: 'Import edited-playbook.json?' }).waitFor();
    await options
      .getByText('Replace your playbook (talk tracks, phrases, checklists, windows).')
      .waitFor();
    expect((await stored<Playbook>(STORAGE_KEYS.playbook))?.phases['follow-up'].goal).not.toBe(
      'Imported follow-up goal',
    );

    await options.getByRole('button', { name: 'Import', exact: true }).click();
    await options.getByText('Imported edited-playbook.json.').waitFor();
    expect((await stored<Playbook>(STORAGE_KEYS.playbook))?.phases['follow-up'].goal).toBe(
      'Imported follow-up goal',
    );
    await options.getByRole('tab', { name: 'Playbook' }).click();
    await options.getByRole('tab', { name: 'Follow up' }).click();
    expect(await options.getByLabel('Goal').inputValue()).toBe('Imported follow-up goal');
  });
});

describe('settings', () => {
  it('shows the assigned shortcut and opens Chrome’s shortcut page', async () => {
    const options = await openOptions('settings');
    const shortcut = await harness.worker.evaluate(
      async () =>
        (await chrome.commands.getAll()).find((c) => c.name === 'start-recovery')?.shortcut ?? '',
    );
    await options
      .getByText(shortcut ? `Press ${shortcut} during a call` : 'Not assigned.', { exact: false })
      .waitFor();
    const [shortcutsPage] = await Promise.all([
      harness.context.waitForEvent('page'),
      options
        .getByRole('button', { name: shortcut ? 'Change shortcut' : 'Assign a shortcut' })
        .click(),
    ]);
    opened.push(shortcutsPage);
    await waitFor(() => shortcutsPage.url().startsWith('chrome://extensions/shortcuts'), 5_000, {
      message: 'chrome://extensions/shortcuts',
    });
  });

  it('sync mirrors the playbook and POCs within Chrome’s quotas, pauses when too large, and turns off', async () => {
    const options = await openOptions('settings');
    const syncArea = () => probe.page.evaluate(() => chrome.storage.sync.get(null));
    await options.getByLabel('Sync the playbook and POCs to my other browsers').check();
    await options.getByText(/^Synced at /).waitFor({ timeout: 10_000 });
    const first = joinFromSync(await syncArea());
    expect(first.kind).toBe('ok');
    const payload = JSON.parse(first.kind === 'ok' ? first.payload : '{}') as {
      playbook: Playbook;
      pocs: Poc[];
    };
    expect(payload.playbook).toEqual(await stored<Playbook>(STORAGE_KEYS.playbook));
    expect(payload.pocs).toEqual(await probe.call<Poc[]>('pocs/list', { includeArchived: true }));
    expect(JSON.stringify(payload)).not.toContain('"incidents"');

    // Text that costs more in Chrome's JSON than in JavaScript's, near the 100 KB total.
    const bulky = (id: string, criteria: number): Poc => ({
      id,
      prospect: `Bulky ${id}`,
      name: '',
      contacts: [],
      criteria: Array.from({ length: criteria }, (_, i) => ({
        id: `c${i}`,
        title: `<b>“Crit” ${i}</b> 🚀 ${'é'.repeat(100)}`,
        howToShow: '<'.repeat(60),
        status: 'not-shown' as const,
      })),
      archived: false,
      createdAt: 1,
      updatedAt: 1,
    });
    const signalPocs = () =>
      probe.page.evaluate(() => chrome.storage.local.set({ pocsChangedAt: Date.now() }));
    await probe.call('pocs/save', { poc: bulky('b1', 100) });
    await probe.call('pocs/save', { poc: bulky('b2', 40) });
    await signalPocs();
    await waitFor(
      async () => {
        const joined = joinFromSync(await syncArea());
        return joined.kind === 'ok' && joined.payload.includes('Bulky b2');
      },
      10_000,
      { message: 'bulky POCs synced' },
    );
    await options.getByText(/^Synced at .*\((8\d|9\d) KB of 100 KB\)/).waitFor({ timeout: 5_000 });
    const accepted = await syncArea();

    await probe.call('pocs/save', { poc: bulky('b3', 40) });
    await signalPocs();
    await options
      .getByText(
        /^Sync paused: your playbook and POCs are 1\d\d KB; your browser's sync allows 100 KB\./,
      )
      .waitFor({ timeout: 10_000 });
    expect(await syncArea()).toEqual(accepted);
    const pocs = await probe.call<Poc[]>('pocs/list', { includeArchived: true });
    expect(pocs.map((p) => p.id)).toEqual(expect.arrayContaining(['b1', 'b2', 'b3']));

    await options.getByLabel('Sync the playbook and POCs to my other browsers').uncheck();
    await waitFor(async () => !(SYNC_MANIFEST_KEY in (await syncArea())), 5_000, {
      message: 'sync keys removed',
    });
    expect(Object.keys(await syncArea())).toEqual([]);
    await options.getByText('Sync is off: the playbook and POCs stay in this browser.').waitFor();
  });
});

describe('accessibility', () => {
  it('works by keyboard, at 200 % zoom and in dark mode', async () => {
    const options = await openOptions();
    await options.getByRole('tab', { name: 'Playbook' }).focus();
    await options.keyboard.press('ArrowRight');
    expect(await options.getByRole('tab', { name: 'POCs' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    await options.keyboard.press('End');
    await options.getByRole('heading', { name: 'Import and export' }).waitFor();
    await options.keyboard.press('Home');

    // Reorder by keyboard only: focus a move button and press Enter.
    const second = await options.getByLabel('Talk track 2', { exact: true }).inputValue();
    await options.getByRole('button', { name: 'Move talk track 2 up' }).focus();
    await options.keyboard.press('Enter');
    expect(await options.getByLabel('Talk track 1', { exact: true }).inputValue()).toBe(second);
    expect(await options.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Move talk track 1 down',
    );

    // 200 % zoom of a 1280 px window: 640 CSS px, nothing scrolls sideways.
    await options.setViewportSize({ width: 640, height: 800 });
    for (const tab of ['Playbook', 'POCs', 'Settings', 'Import and export']) {
      await options.getByRole('tab', { name: tab }).click();
      const overflow = await options.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, tab).toBeLessThanOrEqual(0);
    }

    await options.emulateMedia({ colorScheme: 'dark' });
    const background = await options.evaluate(
      () => getComputedStyle(document.body).backgroundColor,
    );
    expect(background).toBe('rgb(27, 29, 33)');
  });
});
