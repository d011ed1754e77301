import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  exportBackup,
  exportCsv,
  importBackup,
  previewImport,
} from '../../../src/background/backup';
import { openDatabase } from '../../../src/background/db';
import { importStatus, resumeImports } from '../../../src/background/import-journal';
import {
  actOn,
  deleteIncidents,
  getActive,
  startOrResume,
} from '../../../src/background/incidents';
import { listPocs, savePoc } from '../../../src/background/pocs';
import { DEFAULT_PLAYBOOK } from '../../../src/domain/playbook';
import { DEFAULT_SETTINGS } from '../../../src/domain/settings';
import type { BackupFile } from '../../../src/shared/backup';
import { STORAGE_KEYS } from '../../../src/shared/constants';
import { loadPlaybook, loadSettings } from '../../../src/shared/prefs';
import { fakeBrowser } from '../fake-browser';
import { HOUR, T0, clockAt, freshStore, poc } from './store-fixtures';

const customPlaybook = {
  ...DEFAULT_PLAYBOOK,
  windows: { ...DEFAULT_PLAYBOOK.windows, followUpMs: 12 * HOUR },
};

/** Two ended incidents with notes and one still active (unless `endAll`), two POCs, custom prefs. */
async function populate(endAll = false): Promise<void> {
  await fakeBrowser.storage.local.set({
    [STORAGE_KEYS.playbook]: customPlaybook,
    [STORAGE_KEYS.settings]: { ...DEFAULT_SETTINGS, retentionMonths: 24 },
  });
  await savePoc(poc('acme'));
  await savePoc(poc('globex', 'Globex'));
  for (const [i, code] of ['aaa-bbbb-ccc', 'ddd-eeee-fff', null].entries()) {
    clockAt(T0 + i * HOUR);
    const { incidentId } = await startOrResume({ platform: 'meet', meetingCode: code, tabId: 1 });
    await actOn(incidentId, { kind: 'select-poc', pocId: 'globex' });
    await actOn(incidentId, { kind: 'note', text: `=cmd|' /C calc'!A0, "quoted" ${i}` });
    if (code !== null || endAll) await actOn(incidentId, { kind: 'end', outcome: 'escalated' });
  }
}

async function wipe(): Promise<void> {
  const file = JSON.parse(await exportBackup(T0)) as BackupFile;
  await deleteIncidents(file.incidents!.map((r) => r.id));
  await fakeBrowser.storage.local.remove([STORAGE_KEYS.playbook, STORAGE_KEYS.settings]);
}

let imports = 0;
const importIt = (text: string) => importBackup(text, `import-${++imports}`);

const withoutExportTime = (text: string) => ({
  ...(JSON.parse(text) as BackupFile),
  exportedAt: 0,
});

beforeEach(async () => {
  await freshStore();
  clockAt(T0);
});
afterEach(() => vi.restoreAllMocks());

describe('backups', () => {
  it('export → wipe → import restores identical data', async () => {
    await populate(true);
    const before = await exportBackup(T0);
    await wipe();
    expect((JSON.parse(await exportBackup(T0)) as BackupFile).incidents).toEqual([]);
    expect(await loadPlaybook()).toEqual(DEFAULT_PLAYBOOK);

    const preview = await previewImport(before);
    expect(preview).toEqual({
      incidents: { add: 3, replace: 0 },
      events: 12,
      merges: [],
      pocs: { add: 0, replace: 2 },
      playbook: true,
      settings: true,
      exportedAt: T0,
      appVersion: '0.1.0',
    });
    expect(await importIt(before)).toEqual(preview);
    expect(withoutExportTime(await exportBackup(T0 + 1))).toEqual(withoutExportTime(before));
    expect(await loadPlaybook()).toEqual(customPlaybook);
    expect((await loadSettings()).retentionMonths).toBe(24);
    expect(await getActive()).toBeNull();
  });

  it('merges incidents it already has: importing the same file again adds nothing', async () => {
    await populate();
    const text = await exportBackup(T0);
    const preview = await previewImport(text);
    expect(preview.incidents).toEqual({ add: 0, replace: 3 });
    expect(preview.events).toBe(0);
    expect(preview.merges.map((m) => [m.adds, m.keeps])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    await importIt(text);
    expect(withoutExportTime(await exportBackup(T0))).toEqual(withoutExportTime(text));
  });

  it('re-importing a backup while its incident is in progress keeps the newer notes', async () => {
    await populate();
    const text = await exportBackup(T0);
    const active = (await getActive())!;
    clockAt(T0 + 3 * HOUR);
    await actOn(active.record.id, { kind: 'note', text: 'taken after the backup' });
    await actOn(active.record.id, { kind: 'acknowledge' });
    // The backup also holds an event this browser lacks (recorded before a restore, say).
    const file = JSON.parse(text) as BackupFile;
    file.events!.push({
      incidentId: active.record.id,
      event: { type: 'note', at: T0 + 2 * HOUR + 5, text: 'only in the backup' },
    });
    const preview = await previewImport(JSON.stringify(file));
    expect(preview.merges.find((m) => m.id === active.record.id)).toEqual({
      id: active.record.id,
      startedAt: active.record.startedAt,
      prospect: 'Globex',
      adds: 1,
      keeps: 2,
    });
    expect(preview.events).toBe(1);
    await importIt(JSON.stringify(file));
    const after = (await getActive())!;
    expect(
      after.events.filter((e) => e.type === 'note').map((e) => e.type === 'note' && e.text),
    ).toEqual([`=cmd|' /C calc'!A0, "quoted" 2`, 'only in the backup', 'taken after the backup']);
    expect(after.record.acknowledgedAt).toBe(T0 + 3 * HOUR);
    expect(after.record.searchText).toContain('only in the backup');
    expect(after.record.searchText).toContain('taken after the backup');
    // The overlay reads the mirror: it matches the store.
    const mirror = await fakeBrowser.storage.local.get(STORAGE_KEYS.activeIncident);
    expect(mirror[STORAGE_KEYS.activeIncident]).toEqual(after);
  });

  it('refuses a file whose copy of an incident starts differently', async () => {
    await populate(true);
    const file = JSON.parse(await exportBackup(T0)) as BackupFile;
    const started = file.events!.find((e) => e.event.type === 'started')!;
    const id = started.incidentId;
    started.event = { ...started.event, at: started.event.at + 1 };
    file.incidents!.find((r) => r.id === id)!.startedAt += 1;
    await expect(previewImport(JSON.stringify(file))).rejects.toMatchObject({
      // (Its end, at the same instant, moves with the start: reported too.)
      problems: expect.arrayContaining([
        { path: 'incidents[0]', message: expect.stringContaining('starts differently') },
      ]),
    });
  });

  it('changes nothing when one record in the middle is bad', async () => {
    await populate(true);
    const good = await exportBackup(T0);
    await wipe();
    await savePoc(poc('kept', 'Kept'));
    const before = await exportBackup(T0);
    const file = JSON.parse(good) as BackupFile;
    (file.events![5]!.event as { at: unknown }).at = -5;
    await expect(importIt(JSON.stringify(file))).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('Nothing was imported. events[5].event'),
      problems: [{ path: 'events[5].event.at', message: expect.any(String) }],
    });
    expect(await exportBackup(T0)).toEqual(before);
  });

  it('changes nothing when the write itself fails halfway', async () => {
    await populate(true);
    const good = await exportBackup(T0);
    await wipe();
    const before = await exportBackup(T0);
    const store = Object.getPrototypeOf((await openDatabase()).transaction('events').store);
    const add = store.add as (...args: unknown[]) => unknown;
    let calls = 0;
    vi.spyOn(store, 'add').mockImplementation(function (this: unknown, ...args: unknown[]) {
      if (++calls === 6) throw new DOMException('disk full', 'QuotaExceededError');
      return add.apply(this, args);
    });
    await expect(importBackup(good, 'failed-import')).rejects.toMatchObject({
      code: 'quota-exceeded',
    });
    vi.restoreAllMocks();
    expect(await exportBackup(T0)).toEqual(before);
    expect(await importStatus('failed-import')).toEqual({ state: 'not-imported' });
  });

  it('imports an unfinished incident only if it is the one in progress here', async () => {
    await populate();
    const text = await exportBackup(T0);
    const active = (await getActive())!;
    await deleteIncidents([active.record.id]);
    const refused = {
      code: 'invalid-input',
      problems: [
        {
          path: 'incidents[2]',
          message: expect.stringContaining('not the incident in progress in this browser'),
        },
      ],
    };
    // Nothing in progress here: a 400-day-old incident must not become the active one.
    await expect(previewImport(text)).rejects.toMatchObject(refused);
    await startOrResume({ platform: 'zoom', meetingCode: null, tabId: 2 });
    await expect(importIt(text)).rejects.toMatchObject(refused);
  });

  it('accepts references to POCs that only this browser has', async () => {
    await populate(true);
    const file = JSON.parse(await exportBackup(T0)) as BackupFile;
    delete file.pocs;
    expect((await previewImport(JSON.stringify(file))).incidents.replace).toBe(3);
    await wipe();
    await expect(previewImport(JSON.stringify(file))).resolves.toMatchObject({
      incidents: { add: 3 },
    });
  });

  it('keeps the POC order: new POCs go last, in file order', async () => {
    await savePoc(poc('b', 'B'));
    await savePoc(poc('a', 'A'));
    const file = {
      format: 'demo-rescue-backup',
      version: 1,
      exportedAt: T0,
      appVersion: '0.0.9',
      pocs: [poc('z', 'Z'), { ...poc('a', 'A'), name: 'Renamed' }, poc('c', 'C')],
    };
    expect(await importIt(JSON.stringify(file))).toMatchObject({
      incidents: { add: 0, replace: 0 },
      pocs: { add: 2, replace: 1 },
      playbook: false,
    });
    expect((await listPocs(true)).map((p) => [p.id, p.name])).toEqual([
      ['b', 'B evaluation'],
      ['a', 'Renamed'],
      ['z', 'Z evaluation'],
      ['c', 'C evaluation'],
    ]);
  });
});

describe('the import journal', () => {
  it('finishes the playbook and settings a stopped worker left unwritten', async () => {
    await populate(true);
    const text = await exportBackup(T0);
    await wipe();
    // The worker stops after the records commit, before chrome.storage is written.
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    set.mockRejectedValueOnce(new Error('Extension context invalidated.'));
    await expect(importBackup(text, 'stopped')).rejects.toThrow();
    set.mockRestore();
    expect(await loadPlaybook()).toEqual(DEFAULT_PLAYBOOK);
    await resumeImports();
    expect(await loadPlaybook()).toEqual(customPlaybook);
    expect((await loadSettings()).retentionMonths).toBe(24);
    expect(await importStatus('stopped')).toMatchObject({
      state: 'imported',
      prefsPending: false,
      preview: { incidents: { add: 3, replace: 0 }, playbook: true },
    });
  });

  it('answers what an import did, and never runs one id twice', async () => {
    await populate(true);
    const text = await exportBackup(T0);
    await wipe();
    expect(await importStatus('never-sent')).toEqual({ state: 'not-imported' });
    const first = await importBackup(text, 'once');
    expect(await importStatus('once')).toEqual({
      state: 'imported',
      preview: first,
      prefsPending: false,
    });
    await deleteIncidents([first.merges[0]?.id ?? (await getIncidentIds())[0]!]);
    expect(await importBackup(text, 'once')).toEqual(first);
    expect(await getIncidentIds()).toHaveLength(2);
  });
});

async function getIncidentIds(): Promise<string[]> {
  const file = JSON.parse(await exportBackup(T0)) as BackupFile;
  return file.incidents!.map((r) => r.id);
}

describe('CSV export', () => {
  it('writes one quoted, formula-safe row per incident', async () => {
    await populate();
    const csv = await exportCsv();
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^Incident,Started,Ended,Platform,Meeting,Prospect,/);
    expect(lines[1]).toContain(`,${new Date(T0).toISOString()},`);
    expect(lines[1]).toContain(',meet,aaa-bbbb-ccc,Globex,');
  });
});
