import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../src/domain/incident';
import { replay } from '../../src/domain/incident';
import { DEFAULT_PLAYBOOK } from '../../src/domain/playbook';
import type { Poc } from '../../src/domain/poc';
import { projectRecord } from '../../src/domain/record';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import type { BackupFile } from '../../src/shared/backup';
import { migrateBackup, parseBackup } from '../../src/shared/backup';
import { BACKUP_FORMAT, BACKUP_VERSION, MAX_IMPORT_BYTES } from '../../src/shared/constants';

const T0 = Date.UTC(2026, 2, 10, 12);

const poc: Poc = {
  id: 'acme',
  prospect: 'Acme',
  name: 'Acme evaluation',
  contacts: [],
  criteria: [],
  archived: false,
  createdAt: 1,
  updatedAt: 1,
};

function incident(id: string, startedAt: number, active = false) {
  const events: IncidentEvent[] = [
    { type: 'started', at: startedAt, platform: 'meet', meetingCode: null, pocId: null },
    ...(active
      ? []
      : [{ type: 'ended' as const, at: startedAt + 1000, outcome: 'fixed-live' as const }]),
  ];
  return {
    record: projectRecord(id, replay(events, DEFAULT_PLAYBOOK), null, startedAt),
    events: events.map((event) => ({ incidentId: id, event })),
  };
}

function backup(count = 5): BackupFile {
  const incidents = Array.from({ length: count }, (_, i) => incident(`i${i}`, T0 + i));
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: T0,
    appVersion: '0.1.0',
    incidents: incidents.map((i) => i.record),
    events: incidents.flatMap((i) => i.events),
    pocs: [poc],
    playbook: DEFAULT_PLAYBOOK,
    settings: DEFAULT_SETTINGS,
  };
}

const problemsOf = (text: string) => {
  const parsed = parseBackup(text);
  if (parsed.ok) throw new Error('expected problems');
  return parsed.problems;
};

describe('parseBackup', () => {
  it('reads a complete file, and a playbook-and-POCs file', () => {
    const full = backup();
    expect(parseBackup(JSON.stringify(full))).toEqual({ ok: true, value: full });
    const partial = {
      format: BACKUP_FORMAT,
      version: 1,
      exportedAt: T0,
      appVersion: '0.1.0',
      pocs: [poc],
      playbook: DEFAULT_PLAYBOOK,
    };
    // A version 1 file (before evidence) reads as version 2, unchanged otherwise.
    expect(parseBackup(JSON.stringify(partial))).toEqual({
      ok: true,
      value: { ...partial, version: 2 },
    });
  });

  it('refuses an oversized file, saying its size and the limit', () => {
    const [problem] = problemsOf(' '.repeat(MAX_IMPORT_BYTES + 1));
    expect(problem!.message).toBe(
      'The file is 50.0 MB; the limit is 50.0 MB. Import a smaller backup.',
    );
    // Multi-byte text counts in bytes, not characters.
    const [wide] = problemsOf('é'.repeat(MAX_IMPORT_BYTES / 2 + 1));
    expect(wide!.message).toContain('the limit is 50.0 MB');
  });

  it('says where the JSON breaks', () => {
    const [problem] = problemsOf('{\n  "format": "demo-rescue-backup",\n  "version": 1,,\n}');
    expect(problem!.message).toBe('The file is not valid JSON: it breaks at line 3, column 16.');
    expect(problemsOf('{"format": "demo-')[0]!.message).toMatch(/not valid JSON/);
  });

  it('refuses other files and newer versions', () => {
    expect(problemsOf('[1, 2]')[0]!.message).toContain('not a JSON object');
    expect(problemsOf('{"format": "something-else"}')[0]).toEqual({
      path: 'format',
      message: 'This is not a Demo Rescue backup: "format" must be "demo-rescue-backup".',
    });
    const newer = { ...backup(), version: BACKUP_VERSION + 1 };
    expect(problemsOf(JSON.stringify(newer))[0]).toMatchObject({
      path: 'version',
      message: expect.stringContaining('from a newer Demo Rescue'),
    });
    expect(problemsOf(JSON.stringify({ ...backup(), version: 0 }))[0]!.path).toBe('version');
  });

  it('reports every bad record with its path', () => {
    const file = backup();
    const broken = JSON.parse(JSON.stringify(file)) as Record<string, unknown[]>;
    (broken.incidents![3] as Record<string, unknown>).startedAt = 'yesterday';
    (broken.pocs![0] as Record<string, unknown>).contacts = [{ name: 'X', email: 'nope' }];
    const problems = problemsOf(JSON.stringify(broken));
    expect(problems.map((p) => p.path)).toEqual([
      'incidents[3].startedAt',
      'pocs[0].contacts[0].email',
    ]);
    expect(problems[1]!.message).toBe('must be an email address');
  });

  it('checks links between sections', () => {
    const file = backup(3);
    const active = incident('live-1', T0, true);
    const other = incident('live-2', T0 + 5, true);
    const linked: BackupFile = {
      ...file,
      incidents: [...file.incidents!, active.record, other.record, file.incidents![0]!],
      events: [
        ...file.events!.filter((e) => e.incidentId !== 'i2'),
        ...active.events,
        ...other.events,
        { incidentId: 'ghost', event: { type: 'acknowledged', at: T0 } },
      ],
      pocs: [poc, poc],
    };
    expect(problemsOf(JSON.stringify(linked))).toEqual([
      {
        path: 'incidents[4].status',
        message: 'only one incident can be active, and incidents[3] already is',
      },
      { path: 'incidents[5].id', message: '"i0" is also incidents[0]' },
      { path: 'events[6].incidentId', message: 'no incident "ghost" in this file' },
      { path: 'incidents[2]', message: 'has no "started" event in events' },
      { path: 'pocs[1].id', message: '"acme" is also pocs[0]' },
    ]);
  });
});

describe('migrateBackup', () => {
  it('runs every step from the file version up to the current one', () => {
    const ladder = {
      1: (file: Record<string, unknown>) => ({ ...file, version: 2, renamed: file.old }),
      2: (file: Record<string, unknown>) => ({ ...file, version: 3, added: true }),
    };
    expect(migrateBackup({ version: 1, old: 'x' }, ladder, 3)).toEqual({
      ok: true,
      value: { version: 3, old: 'x', renamed: 'x', added: true },
    });
    expect(migrateBackup({ version: 2 }, ladder, 3)).toEqual({
      ok: true,
      value: { version: 3, added: true },
    });
    expect(migrateBackup({ version: 1 }, {}, 2)).toMatchObject({ ok: false });
  });
});
