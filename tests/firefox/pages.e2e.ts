/**
 * The extension's pages in Firefox ESR: the popup lists an incident captured on Meet and drafts
 * its follow-up; a talk track edited in the options page reaches an open overlay live; a backup
 * exported and imported through the options page restores what was deleted; sync, turned on in
 * the options page, writes to Firefox's storage.sync.
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Poc } from '../../src/domain/poc';
import type { IncidentPage } from '../../src/shared/messages';
import {
  MEET_URL,
  launchFirefox,
  pressHotkey,
  waitFor,
  type FirefoxHarness,
  type OverlaySnapshot,
} from './harness';
import { buttonNamed, clickButton, fieldLabelled, pageShows, typeInto } from './pages-helpers';

const MEET_TABS = 'https://meet.google.com/*';
const POC: Poc = {
  id: 'poc-acme',
  prospect: 'Acme Corp',
  name: 'Data platform POC',
  contacts: [{ name: 'Dana Smith', email: 'dana@acme.example' }],
  criteria: [{ id: 'c-sso', title: 'SSO login', howToShow: 'Sign in', status: 'not-shown' }],
  archived: false,
  createdAt: 1,
  updatedAt: 1,
};
const ANY = { text: '', status: 'any', pocId: null, platform: 'any', from: null, to: null };

let fx: FirefoxHarness;
let dir: string;
const opened: Page[] = [];
const showsOverlay = (s: OverlaySnapshot) => s.present && /\d:\d\d/.test(s.visibleText);

async function page(open: Promise<Page>) {
  const opening = await open;
  opened.push(opening);
  return opening;
}

/** An incident captured with the hotkey on Meet, ended as fixed live; returns its id. */
async function captureIncident(): Promise<string> {
  const call = await page(fx.openCall(MEET_URL));
  await pressHotkey(call);
  await fx.readOverlay(MEET_TABS, { until: showsOverlay });
  const id = (await fx.stored()).record.id;
  await fx.call('incident/act', {
    incidentId: id,
    action: { kind: 'end', outcome: 'fixed-live' },
    key: crypto.randomUUID(),
  });
  await waitFor(async () => (await fx.mirror()) === null, 5_000, 'incident ended');
  return id;
}

const listed = async () =>
  (
    await fx.call<IncidentPage>('incidents/list', { query: ANY, cursor: null, limit: 50 })
  ).items.map((r) => r.id);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'demo-rescue-firefox-'));
  fx = await launchFirefox();
  await fx.call('pocs/save', { poc: POC });
});

afterEach(async () => {
  await fx.endActive();
  for (const p of opened.splice(0)) await p.close().catch(() => undefined);
});

afterAll(async () => {
  await fx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('Firefox: the extension pages', () => {
  it('the popup lists an incident from Meet and drafts its follow-up', async () => {
    await captureIncident();
    const popup = await page(fx.openExtensionPage('src/popup/index.html'));
    await clickButton(popup, /Acme Corp/);
    await clickButton(popup, /^Write follow-up$/);
    const draft = await pageShows(popup, 'Follow-up for Acme Corp');
    expect(draft).toContain('Dana');
  });

  it('a talk track edited in the options page reaches the open overlay live', async () => {
    const call = await page(fx.openCall(MEET_URL));
    await pressHotkey(call);
    await fx.readOverlay(MEET_TABS, { until: showsOverlay });
    const options = await page(fx.openExtensionPage('src/options/index.html'));
    await typeInto(
      await fieldLabelled(options, 'Talk track 1'),
      'Firefox edit: {prospect}, I see it too and I am on it.',
    );
    // The filled-in prospect is a text of its own (visibleText joins texts with a space), so
    // the sentence is read whole from `text`, and seen to be rendered in `visibleText`.
    const shown = await fx.readOverlay(MEET_TABS, {
      until: (s) =>
        s.text.includes('Firefox edit: Acme Corp, I see it too') &&
        s.visibleText.includes('Firefox edit:'),
      timeoutMs: 10_000,
    });
    expect(shown.present).toBe(true);
  });

  it('a backup exported, then imported in the options page, restores a deleted incident', async () => {
    const id = await captureIncident();
    const backup = await fx.call<string>('backup/export', {});
    await fx.call('incidents/delete', { id });
    expect(await listed()).not.toContain(id);

    const file = join(dir, 'demo-rescue-backup.json');
    writeFileSync(file, backup);
    const options = await page(fx.openExtensionPage('src/options/index.html'));
    await clickButton(options, /^Import and export$/);
    const input = await waitFor(() => options.$('#import-file'), 10_000, 'file input');
    await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(file);
    await pageShows(options, 'Import demo-rescue-backup.json?');
    await (await buttonNamed(options, /^Import$/)).click();
    await waitFor(async () => (await listed()).includes(id), 10_000, 'incident restored');
  });

  it("sync, named as this browser's own, copies the playbook into Firefox's storage.sync", async () => {
    const options = await page(fx.openExtensionPage('src/options/index.html#settings'));
    const label = 'Sync the playbook and POCs to my other browsers';
    const toggle = await waitFor(
      async () =>
        (
          await options.evaluateHandle(
            (text) =>
              [...document.querySelectorAll('label')].find((l) => l.textContent?.trim() === text) ??
              null,
            label,
          )
        ).asElement() as ElementHandle<Element> | null,
      10_000,
      `label "${label}"`,
    );
    const hint = await pageShows(options, "Uses this browser's own sync");
    expect(hint).toContain('Firefox Sync');
    await toggle.click();
    await pageShows(options, /Synced at /);
    const synced = await fx.control.evaluate(() => chrome.storage.sync.get(null));
    expect(Object.keys(synced)).toContain('demoRescue.manifest');
  });
});
