/**
 * The popup and the report tab in the built extension: an incident captured in a (fixture)
 * Meet call shows up with its timeline, the follow-up composer saves drafts and downloads
 * Markdown, "mark as sent" clears the badge, and the list stays fast with 10,000 incidents.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionHarness } from './harness';
import {
  MEET_URL,
  START_RECOVERY_COMMAND,
  dispatchCommand,
  launchExtension,
  openExtensionPage,
  routeCallPages,
  waitFor,
  waitForServiceWorker,
} from './harness';
import { firstListPaint, largeBackup, lastSearchMs, type FirstPaint } from './popup-helpers';
import { call, samplePoc } from './store-helpers';

const POPUP = 'src/popup/index.html';

let harness: ExtensionHarness;
/** An extension page to talk to the worker from, as the overlay would. */
let control: Page;
let incidentId = '';

async function badgeText(): Promise<string> {
  const worker = await waitForServiceWorker(harness.context, harness.extensionId);
  return worker.evaluate(() => chrome.action.getBadgeText({}));
}

async function openPopup(): Promise<Page> {
  const page = await openExtensionPage(harness.context, harness.extensionId, POPUP);
  await page.setViewportSize({ width: 400, height: 600 });
  return page;
}

beforeAll(async () => {
  harness = await launchExtension();
  await routeCallPages(harness.context);
  control = await openExtensionPage(harness.context, harness.extensionId, 'src/report/index.html');
});

afterAll(async () => {
  await harness?.close();
});

describe('popup', () => {
  it('shows a new user the practice call and the assigned shortcut', async () => {
    const popup = await openPopup();
    await popup.getByRole('heading', { name: 'No incidents yet' }).waitFor();
    const shortcut = await harness.worker.evaluate(async () => {
      const commands = await chrome.commands.getAll();
      return commands.find((c) => c.name === 'start-recovery')?.shortcut ?? '';
    });
    const line = popup.locator('.shortcut-line');
    if (shortcut) {
      for (const key of shortcut.split('+')) await line.locator('kbd', { hasText: key }).waitFor();
    } else {
      await line.getByText('not assigned').waitFor();
    }

    const practice = harness.context.waitForEvent('page');
    await popup.getByRole('button', { name: 'Try a practice call' }).click();
    const practicePage = await practice;
    await practicePage.waitForLoadState();
    expect(practicePage.url()).toBe(
      `chrome-extension://${harness.extensionId}/src/practice/index.html`,
    );
    await practicePage.close();
    await popup.close();
  });

  it('lists an incident captured in a Meet call, with its timeline', async () => {
    await call(control, 'pocs/save', { poc: samplePoc('poc-acme') });
    const meet = await harness.context.newPage();
    await meet.goto(MEET_URL);
    await meet.bringToFront();
    await dispatchCommand(harness.worker, START_RECOVERY_COMMAND);
    const active = await waitFor(
      async () => (await call(control, 'incident/active', {})).incident,
      10_000,
      { message: 'the hotkey to start an incident' },
    );
    incidentId = active.record.id;
    expect(active.record.platform).toBe('meet');

    const act = (action: Parameters<typeof call<'incident/act'>>[2]['action']) =>
      call(control, 'incident/act', { incidentId, action, key: crypto.randomUUID() });
    await act({ kind: 'acknowledge' });
    await act({ kind: 'describe-issue', text: 'Checkout API returned 500' });
    await act({ kind: 'note', text: 'Sandbox token looks expired' });
    await act({ kind: 'diagnose', rootCause: 'Expired sandbox token' });
    await act({ kind: 'end', outcome: 'fixed-live' });
    await meet.close();

    const popup = await openPopup();
    const row = popup.getByRole('button', { name: /Acme Corp/ });
    await expect(row.textContent()).resolves.toContain('Checkout API returned 500');
    await expect(row.textContent()).resolves.toContain('Fixed live');
    await expect(row.textContent()).resolves.toMatch(/Follow-up due in 2\d h/);

    await row.focus();
    await popup.keyboard.press('Enter');
    await popup.getByRole('heading', { level: 1, name: 'Acme Corp' }).waitFor();
    const timeline = popup.locator('ol.timeline li');
    await timeline.first().waitFor();
    const lines = await timeline.allInnerTexts();
    expect(lines[0]).toMatch(/^\+0:00\s+The failure occurred during the session\.$/);
    expect(lines.some((l) => /^\+\d:\d\d\s+Note: Sandbox token looks expired$/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/Incident closed in the session: fixed live\.$/);
    const scorecard = await popup.getByRole('list', { name: 'Scorecard' }).textContent();
    expect(scorecard).toContain('Acknowledged within 1:00: passed');
    expect(scorecard).toMatch(/Fixed live after \d:\d\d\./);
    await popup.close();
  });

  it('downloads the follow-up as Markdown and keeps the draft after the popup closes', async () => {
    const popup = await openPopup();
    await popup.getByRole('button', { name: /Acme Corp/ }).click();
    await popup.getByRole('button', { name: 'Write follow-up' }).click();
    await popup.getByRole('heading', { level: 1, name: 'Follow-up for Acme Corp' }).waitFor();
    expect(await popup.getByLabel('Recipients').inputValue()).toBe('dana@example.com');
    expect(await popup.getByLabel('Root cause').inputValue()).toBe('Expired sandbox token');

    await popup.getByLabel('Resolution', { exact: true }).fill('Regenerated the sandbox token.');
    await popup.getByLabel('Prevention', { exact: true }).fill('Tokens now rotate nightly.');
    await popup.getByLabel('Prevention owner').fill('Platform team');
    await popup.getByText(/^Draft saved at/).waitFor();

    const download = popup.waitForEvent('download');
    await popup.getByRole('button', { name: 'Download Markdown' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^incident-report-\d{4}-\d\d-\d\d-acme-corp\.md$/);
    const markdown = await readFile((await file.path())!, 'utf8');
    expect(markdown).toContain('## Root cause\n\nExpired sandbox token');
    expect(markdown).toContain('## Resolution (permanent)\n\nRegenerated the sandbox token.');
    expect(markdown).toContain('## Prevention\n\nTokens now rotate nightly.\nOwner: Platform team');
    expect(markdown).toContain('Note: Sandbox token looks expired');
    await popup.close();

    // Reopened, the popup offers the full tab: the same composer, with the saved draft.
    const again = await openPopup();
    await again.getByRole('button', { name: /Acme Corp/ }).click();
    const opened = harness.context.waitForEvent('page');
    await again.getByRole('button', { name: 'Open in a tab' }).click();
    const tab = await opened;
    expect(tab.url()).toBe(
      `chrome-extension://${harness.extensionId}/src/report/index.html?incident=${encodeURIComponent(incidentId)}`,
    );
    await again.close();
    await tab.getByRole('heading', { level: 1, name: 'Follow-up for Acme Corp' }).waitFor();
    expect(await tab.getByLabel('Prevention owner').inputValue()).toBe('Platform team');
    expect(await tab.getByLabel('Resolution', { exact: true }).inputValue()).toBe(
      'Regenerated the sandbox token.',
    );
    const preview = await tab.getByRole('region', { name: 'Preview' }).innerText();
    expect(preview).toContain('Tokens now rotate nightly.');
    await tab.close();
  });

  it('clears the badge count when the follow-up is marked as sent', async () => {
    await waitFor(async () => (await badgeText()) === '1', 5_000, { message: 'badge "1"' });
    const popup = await openPopup();
    await popup.getByRole('button', { name: /Acme Corp/ }).click();
    await popup.getByRole('button', { name: 'Write follow-up' }).click();
    await popup.getByRole('button', { name: 'Mark as sent' }).click();
    await popup.getByText(/^Follow-up marked as sent on/).waitFor();
    await waitFor(async () => (await badgeText()) === '', 5_000, { message: 'an empty badge' });

    await popup.getByRole('button', { name: /Incident/ }).click();
    await popup.getByRole('button', { name: /All incidents/ }).click();
    const row = popup.getByRole('button', { name: /Acme Corp/ });
    await expect(row.textContent()).resolves.toContain('Follow-up sent');
    await popup.close();
  });

  it('deletes an incident only after confirmation', async () => {
    const started = await call(control, 'recovery/start', {});
    await call(control, 'incident/act', {
      incidentId: started.incidentId,
      action: { kind: 'end', outcome: 'discarded' },
      key: crypto.randomUUID(),
    });
    const popup = await openPopup();
    await popup.getByRole('button', { name: /Discarded/ }).click();
    await popup.getByRole('button', { name: 'Delete incident' }).click();
    await popup.getByRole('button', { name: 'Cancel' }).click();
    expect(await call(control, 'incidents/get', { id: started.incidentId })).not.toBeNull();
    await popup.getByRole('button', { name: 'Delete incident' }).click();
    await popup.getByRole('button', { name: 'Delete', exact: true }).click();
    await popup.getByText('Incident deleted.').waitFor();
    expect(await popup.getByRole('button', { name: /Discarded/ }).count()).toBe(0);
    expect(await call(control, 'incidents/get', { id: started.incidentId })).toBeNull();
    await popup.close();
  });

  it('follows the system dark mode', async () => {
    const popup = await openPopup();
    await popup.emulateMedia({ colorScheme: 'dark' });
    const dark = await popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await popup.emulateMedia({ colorScheme: 'light' });
    const light = await popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(dark).toBe('rgb(27, 29, 33)');
    expect(light).toBe('rgb(255, 255, 255)');
    await popup.close();
  });

  it(
    'paints the first page and search results fast with 10,000 incidents',
    { timeout: 240_000 },
    async () => {
      const pocs = [
        samplePoc('poc-acme'),
        samplePoc('poc-globex', 'Globex'),
        samplePoc('poc-initech', 'Initech'),
      ];
      const imported = await call(control, 'backup/import', {
        text: largeBackup(10_000, pocs, Date.now()),
        importId: 'large-import',
      });
      expect(imported.incidents.add).toBe(10_000);
      // A warm worker, as when the SE opens the popup during the day.
      await call(control, 'incidents/list', {
        query: { text: '', status: 'any', pocId: null, platform: 'any', from: null, to: null },
        cursor: null,
        limit: 1,
      });

      const runs: FirstPaint[] = [];
      for (let i = 0; i < 5; i++) {
        const popup = await openPopup();
        runs.push(await firstListPaint(popup));
        await popup.close();
      }

      const popup = await openPopup();
      await firstListPaint(popup);
      // One page, not the store.
      expect(await popup.locator('button.incident-row').count()).toBeLessThanOrEqual(25 + 20);
      const search = popup.getByRole('searchbox', { name: 'Search incidents' });
      const timeSearch = async (text: string) => {
        const before = await popup.evaluate(
          () => performance.getEntriesByName('demo-rescue:search').length,
        );
        await search.fill(text);
        await popup.waitForFunction(
          (n) => performance.getEntriesByName('demo-rescue:search').length > n,
          before,
        );
        return lastSearchMs(popup);
      };
      const common = await timeSearch('initech');
      expect(await popup.locator('button.incident-row').first().textContent()).toContain('Initech');
      const rare = await timeSearch('pool exhausted');
      await popup
        .getByRole('button', { name: /Bulk failure number \d+/ })
        .first()
        .waitFor();
      const none = await timeSearch('no incident says this');
      await popup.getByText('No incidents match your search and filters.').waitFor();
      await popup.close();

      const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
      const paint = median(runs.map((r) => r.paintMs));
      const loaded = median(runs.map((r) => r.loadedMs));
      console.info(
        `popup, 10,000 incidents: first list paint ${paint.toFixed(0)} ms after navigation ` +
          `(median of ${runs.length}; scripts done at ${loaded.toFixed(0)} ms), ` +
          `search ${common.toFixed(0)} ms (1 in 3 match), ${rare.toFixed(0)} ms (1 in 97), ` +
          `${none.toFixed(0)} ms (no match)`,
      );
      // Ceilings far above the figures logged above (this shared 2-core machine is noisy), but
      // far below what painting or searching the whole store would take.
      expect(paint).toBeLessThan(750);
      expect(common).toBeLessThan(400);
    },
  );

  it('filters by POC and shows the weekly trend with a text alternative', async () => {
    const popup = await openPopup();
    await firstListPaint(popup);
    await popup.getByRole('button', { name: 'Filters' }).click();
    await popup
      .getByRole('combobox', { name: 'POC' })
      // Each part of the label is bidi-isolated (FSI … PDI).
      .selectOption({ label: '\u2068Globex\u2069 – \u2068Globex evaluation\u2069' });
    await popup.getByRole('button', { name: 'Filters (1)' }).waitFor();
    await waitFor(
      async () => {
        const rows = await popup.locator('button.incident-row .row-prospect').allTextContents();
        return rows.length > 0 && rows.every((r) => r === 'Globex');
      },
      5_000,
      { message: 'only Globex incidents' },
    );

    const summary = popup.locator('details.trend summary');
    await expect(summary.textContent()).resolves.toMatch(
      /Trend \d[\d,]* incidents in the last 12 weeks\. Median time to acknowledge/,
    );
    await summary.click();
    const chart = popup.getByRole('img', {
      name: 'Incidents per week and median time to acknowledge',
    });
    await chart.waitFor();
    expect(await chart.locator('rect.chart-bar').count()).toBe(12);
    expect(await popup.locator('.chart table tbody tr').count()).toBe(12);
    await popup.close();
  });
});
