/**
 * Imports that must lose nothing and say only what is true, in the built extension: a backup
 * re-imported while its incident is in progress, and the worker stopped as a large import
 * commits. Also: long unbroken user text never pushes an extension page sideways.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActiveIncident } from '../../src/shared/messages';
import { DEFAULT_PLAYBOOK } from '../../src/domain/playbook';
import { STORAGE_KEYS } from '../../src/shared/constants';
import type { ExtensionHarness } from './harness';
import { launchExtension, openExtensionPage, stopServiceWorker, waitFor } from './harness';
import { largeBackup } from './popup-helpers';
import { call, samplePoc } from './store-helpers';

let harness: ExtensionHarness;
let practice: Page;

beforeAll(async () => {
  harness = await launchExtension();
  practice = await openExtensionPage(
    harness.context,
    harness.extensionId,
    'src/practice/index.html',
  );
});

afterAll(async () => {
  await harness?.close();
});

const file = (name: string, text: string) => ({
  name,
  mimeType: 'application/json',
  buffer: Buffer.from(text),
});

async function openImport(): Promise<Page> {
  const options = await openExtensionPage(
    harness.context,
    harness.extensionId,
    'src/options/index.html#backup',
  );
  await options.getByLabel('Import a playbook file or a backup').waitFor({ timeout: 10_000 });
  return options;
}

const mirrorOf = (page: Page) =>
  page.evaluate(
    async (key) => (await chrome.storage.local.get(key))[key] ?? null,
    STORAGE_KEYS.activeIncident,
  ) as Promise<ActiveIncident | null>;

/** Whether the page (or one element) is wider than its box: it would scroll sideways. */
const overflows = (page: Page, selector = 'html') =>
  page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) throw new Error(`no ${sel}`);
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
  }, selector);

/**
 * Reads the worker's database (same origin) until the import journal holds more than `than`
 * entries, polling every millisecond: resolves with the count as soon as an import commits.
 */
function journalEntries(page: Page, than: number): Promise<number> {
  return page.evaluate(
    (than) =>
      new Promise<number>((resolve, reject) => {
        const poll = () => {
          const open = indexedDB.open('demo-rescue');
          open.onerror = () => reject(new Error('the database did not open'));
          open.onsuccess = () => {
            const db = open.result;
            const count = db.transaction('imports').objectStore('imports').count();
            count.onsuccess = () => {
              db.close();
              if (count.result > than) resolve(count.result);
              else setTimeout(poll, 1);
            };
          };
        };
        poll();
      }),
    than,
  );
}

describe('import safety', () => {
  it('re-importing a backup during its incident keeps the notes taken since, and the mirror follows', async () => {
    await call(practice, 'pocs/save', { poc: samplePoc('poc-1') });
    const { incidentId } = await call(practice, 'recovery/start', {});
    await call(practice, 'incident/act', {
      incidentId,
      key: crypto.randomUUID(),
      action: { kind: 'note', text: 'in the backup' },
    });
    const backup = await call(practice, 'backup/export', {});
    await call(practice, 'incident/act', {
      incidentId,
      key: crypto.randomUUID(),
      action: { kind: 'note', text: 'taken after the backup' },
    });

    const options = await openImport();
    await options
      .getByLabel('Import a playbook file or a backup')
      .setInputFiles(file('backup.json', backup));
    const preview = options.getByRole('group', { name: 'Import backup.json?' });
    await preview.waitFor({ timeout: 10_000 });
    expect(await preview.textContent()).toContain(
      '1 existing incident: nothing new in the backup, left as it is (with 1 event only this browser has).',
    );
    await preview.getByRole('button', { name: 'Import' }).click();
    await options.getByText('Imported backup.json.').waitFor({ timeout: 10_000 });

    const stored = await call(practice, 'incidents/get', { id: incidentId });
    const notes = stored!.events.flatMap((e) => (e.type === 'note' ? [e.text] : []));
    expect(notes).toEqual(['in the backup', 'taken after the backup']);
    expect(await mirrorOf(practice)).toEqual(stored);
    await call(practice, 'incident/act', {
      incidentId,
      key: crypto.randomUUID(),
      action: { kind: 'end', outcome: 'fixed-live' },
    });
    await options.close();
  });

  it('after the worker stops as a large import commits, says what is stored, never "Nothing was changed"', async () => {
    const pocs = [samplePoc('poc-bulk-1'), samplePoc('poc-bulk-2', 'Globex')];
    const custom = { ...DEFAULT_PLAYBOOK, phases: { ...DEFAULT_PLAYBOOK.phases } };
    custom.phases.acknowledge = { ...custom.phases.acknowledge, goal: 'Imported goal' };
    const text = JSON.stringify({
      ...(JSON.parse(largeBackup(4_000, pocs, Date.now())) as object),
      playbook: custom,
    });
    // Whether the stop beats the reply is a race: try until the reply is lost (at most 3
    // times); every try must say only what is true.
    let lost = false;
    for (let attempt = 0; attempt < 3 && !lost; attempt++) {
      const options = await openImport();
      await options
        .getByLabel('Import a playbook file or a backup')
        .setInputFiles(file('large.json', text));
      const preview = options.getByRole('group', { name: 'Import large.json?' });
      await preview.waitFor({ timeout: 30_000 });
      const before = await journalEntries(options, -1);
      const journaled = journalEntries(options, before);
      await preview.getByRole('button', { name: 'Import' }).click();
      await journaled;
      await stopServiceWorker(harness.context, harness.extensionId);

      const outcome = options.locator('.ok-box, .import-error');
      await outcome.first().waitFor({ timeout: 30_000 });
      const said = (await outcome.first().textContent()) ?? '';
      expect(said).not.toContain('Nothing was changed');
      expect(said).toContain('Imported large.json.');
      // The reply was lost with the worker: the page asked the store what the import did.
      lost = said.includes('it checked what is stored');
      await options.close();
    }
    expect(lost, 'the worker stop never beat the import reply in 3 tries').toBe(true);
    const { items } = await call(practice, 'incidents/list', {
      query: {
        text: 'bulk failure',
        status: 'any',
        pocId: null,
        platform: 'any',
        from: null,
        to: null,
      },
      cursor: null,
      limit: 200,
    });
    expect(items.length).toBe(200);
    // The playbook came with the records: written, or written at the worker's next start.
    await waitFor(
      async () =>
        (
          (await practice.evaluate(
            async (key) => (await chrome.storage.local.get(key))[key],
            STORAGE_KEYS.playbook,
          )) as typeof custom | undefined
        )?.phases.acknowledge.goal === 'Imported goal',
      10_000,
      { message: 'the imported playbook to be stored' },
    );
  });
});

describe('long unbroken user text', () => {
  const long = (n: number) => `https://example.test/${'x'.repeat(n)}`;

  it('never makes the report page, the popup or the options page scroll sideways', async () => {
    await call(practice, 'pocs/save', {
      poc: { ...samplePoc('poc-long', long(250)), name: long(250) },
    });
    const { incidentId } = await call(practice, 'recovery/start', {});
    for (const action of [
      { kind: 'select-poc', pocId: 'poc-long' },
      { kind: 'describe-issue', text: long(450) },
      { kind: 'note', text: long(1_950) },
      { kind: 'end', outcome: 'escalated' },
    ] as const) {
      await call(practice, 'incident/act', { incidentId, key: crypto.randomUUID(), action });
    }

    const report = await openExtensionPage(
      harness.context,
      harness.extensionId,
      `src/report/index.html?incident=${incidentId}`,
    );
    await report.getByRole('heading', { level: 1 }).waitFor({ timeout: 10_000 });
    const reportBox = await overflows(report);
    expect(reportBox.scrollWidth).toBeLessThanOrEqual(reportBox.clientWidth);

    const popup = await openExtensionPage(
      harness.context,
      harness.extensionId,
      'src/popup/index.html',
    );
    const row = popup.locator(`[data-id="${incidentId}"]`);
    await row.waitFor({ timeout: 10_000 });
    const list = await overflows(popup);
    expect(list.scrollWidth).toBeLessThanOrEqual(list.clientWidth);
    await row.click();
    await popup.getByText(long(1_950)).first().waitFor({ timeout: 10_000 });
    const detail = await overflows(popup);
    expect(detail.scrollWidth).toBeLessThanOrEqual(detail.clientWidth);

    const options = await openExtensionPage(
      harness.context,
      harness.extensionId,
      'src/options/index.html#pocs',
    );
    await options.locator('.poc-name').first().waitFor({ timeout: 10_000 });
    await options.locator('.poc-list button').last().click();
    const pocs = await overflows(options);
    expect(pocs.scrollWidth).toBeLessThanOrEqual(pocs.clientWidth);
    await Promise.all([report.close(), popup.close(), options.close()]);
  });
});
