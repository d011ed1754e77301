import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  exportBackup,
  exportCsv,
  importBackup,
  previewImport,
} from '../../../src/background/backup';
import { openDatabase } from '../../../src/background/db';
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

/** Two ended incidents with notes and one still active, two POCs, custom prefs. */
async function populate(): Promise<void> {
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
    if (code !== null) await actOn(incidentId, { kind: 'end', outcome: 'escalated' });
  }
}

async function wipe(): Promise<void> {
  const file = JSON.parse(await exportBackup(T0)) as BackupFile;
  await deleteIncidents(file.incidents!.map((r) => r.id));
  await fakeBrowser.storage.local.remove([STORAGE_KEYS.playbook, STORAGE_KEYS.settings]);
}

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
    await populate();
    const before = await exportBackup(T0);
    await wipe();
    expect((JSON.parse(await exportBackup(T0)) as BackupFile).incidents).toEqual([]);
    expect(await loadPlaybook()).toEqual(DEFAULT_PLAYBOOK);

    const preview = await previewImport(before);
    expect(preview).toEqual({
      incidents: { add: 3, replace: 0 },
      events: 11,
      pocs: { add: 0, replace: 2 },
      playbook: true,
      settings: true,
      exportedAt: T0,
      appVersion: '0.1.0',
    });
    expect(await importBackup(before)).toEqual(preview);
    expect(withoutExportTime(await exportBackup(T0 + 1))).toEqual(withoutExportTime(before));
    expect(await loadPlaybook()).toEqual(customPlaybook);
    expect((await loadSettings()).retentionMonths).toBe(24);
    expect((await getActive())?.record.meetingCode).toBeNull();
  });

  it('replaces incidents it already has instead of duplicating their events', async () => {
    await populate();
    const text = await exportBackup(T0);
    expect((await previewImport(text)).incidents).toEqual({ add: 0, replace: 3 });
    await importBackup(text);
    expect(withoutExportTime(await exportBackup(T0))).toEqual(withoutExportTime(text));
  });

  it('changes nothing when one record in the middle is bad', async () => {
    await populate();
    const good = await exportBackup(T0);
    await wipe();
    await savePoc(poc('kept', 'Kept'));
    const before = await exportBackup(T0);
    const file = JSON.parse(good) as BackupFile;
    (file.events![5]!.event as { at: unknown }).at = -5;
    await expect(importBackup(JSON.stringify(file))).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('Nothing was imported. events[5].event'),
      problems: [{ path: 'events[5].event.at', message: expect.any(String) }],
    });
    expect(await exportBackup(T0)).toEqual(before);
  });

  it('changes nothing when the write itself fails halfway', async () => {
    await populate();
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
    await expect(importBackup(good)).rejects.toMatchObject({ code: 'quota-exceeded' });
    vi.restoreAllMocks();
    expect(await exportBackup(T0)).toEqual(before);
  });

  it('will not import a second active incident', async () => {
    await populate();
    const text = await exportBackup(T0);
    const active = (await getActive())!;
    await deleteIncidents([active.record.id]);
    await startOrResume({ platform: 'zoom', meetingCode: null, tabId: 2 });
    await expect(previewImport(text)).rejects.toMatchObject({
      code: 'invalid-input',
      problems: [{ path: 'incidents[2].status', message: expect.stringContaining('End it first') }],
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
    expect(await importBackup(JSON.stringify(file))).toMatchObject({
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
