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

const CRITERION = { id: 'sso', title: 'SSO', howToShow: '', status: 'not-shown' as const };

/** `file` with events appended to one incident, its row re-projected from the whole log. */
function withEvents(file: BackupFile, id: string, ...added: IncidentEvent[]): BackupFile {
  const events = [...file.events!, ...added.map((event) => ({ incidentId: id, event }))];
  const log = events.filter((e) => e.incidentId === id).map((e) => e.event);
  const incidents = file.incidents!.map((r) =>
    r.id === id ? projectRecord(id, replay(log, DEFAULT_PLAYBOOK), null, r.updatedAt) : r,
  );
  return { ...file, incidents, events };
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
    // A version 1 file (before evidence) reads as the current version, unchanged otherwise.
    expect(parseBackup(JSON.stringify(partial))).toEqual({
      ok: true,
      value: { ...partial, version: BACKUP_VERSION },
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

  it('says where the JSON breaks, and "ends too early" only when it does', () => {
    const middle = problemsOf('{\n  "format": "demo-rescue-backup",\n  "version": 1,,\n}');
    expect(middle).toEqual([
      {
        path: '',
        message:
          'The file is not valid JSON: at line 3, column 16, expected a property name in double quotes but found ",".',
      },
    ]);
    // A syntax error in the middle of a long file (V8's message carries no position).
    const big = JSON.stringify(backup(50), null, 2);
    const at = big.indexOf('"events"');
    const [broken] = problemsOf(`${big.slice(0, at)}]${big.slice(at)}`);
    expect(broken!.message).toMatch(/^The file is not valid JSON: at line \d+, column 3, expected/);
    expect(problemsOf('{"format": "demo-')[0]!.message).toBe(
      'The file is not valid JSON: it ends too early (at line 1, column 18); expected a closing double quote.',
    );
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
    const linked: BackupFile = {
      ...file,
      incidents: [...file.incidents!, file.incidents![0]!],
      events: [
        ...file.events!.filter((e) => e.incidentId !== 'i2'),
        { incidentId: 'ghost', event: { type: 'acknowledged', at: T0 } },
        { incidentId: 'i1', event: { ...file.events![0]!.event, at: T0 + 1 } },
      ],
      pocs: [poc, { ...poc, criteria: [CRITERION, CRITERION] }],
    };
    expect(problemsOf(JSON.stringify(linked))).toEqual([
      { path: 'incidents[3].id', message: '"i0" is also incidents[0]' },
      { path: 'pocs[1].id', message: '"acme" is also pocs[0]' },
      { path: 'pocs[1].criteria[1].id', message: '"sso" is also pocs[1].criteria[0]' },
      { path: 'events[4].incidentId', message: 'no incident "ghost" in this file' },
      { path: 'incidents[1]', message: 'has 2 "started" events (events[2], events[5])' },
      { path: 'incidents[2]', message: 'has no "started" event in events' },
    ]);
  });

  it('refuses a POC id that exists nowhere, unless this browser has it', () => {
    const file = withEvents(backup(1), 'i0', {
      type: 'poc-selected',
      at: T0 + 10,
      pocId: 'nowhere',
    });
    expect(problemsOf(JSON.stringify(file))).toEqual([
      { path: 'incidents[0].pocId', message: 'no POC "nowhere" in this file or in this browser' },
      {
        path: 'events[2].event.pocId',
        message: 'no POC "nowhere" in this file or in this browser',
      },
    ]);
    const here = { pocs: new Map([['nowhere', []]]), activeIncidentId: null };
    expect(parseBackup(JSON.stringify(file), here).ok).toBe(true);
  });

  it('refuses a pivot to a criterion its POC does not have', () => {
    const file = withEvents(
      { ...backup(1), pocs: [{ ...poc, criteria: [CRITERION] }] },
      'i0',
      { type: 'poc-selected', at: T0 + 10, pocId: 'acme' },
      { type: 'pivoted', at: T0 + 20, criterionId: 'sso', criterionTitle: 'SSO' },
      { type: 'pivoted', at: T0 + 30, criterionId: 'made-up', criterionTitle: 'Made up' },
    );
    expect(problemsOf(JSON.stringify(file))).toEqual([
      {
        path: 'events[4].event.criterionId',
        message: '"made-up" is not a success criterion of POC "acme"',
      },
    ]);
  });

  it('refuses a row that disagrees with its own events', () => {
    const file = backup(2);
    file.incidents![0]!.startedAt = T0 - 400 * 24 * 3_600_000;
    expect(problemsOf(JSON.stringify(file))).toEqual([
      {
        path: 'incidents[0].startedAt',
        message:
          'is 2025-02-03T12:00:00.000Z, but its "started" event (events[0]) is at 2026-03-10T12:00:00.000Z',
      },
    ]);
  });

  it('refuses an ended row whose log never ended, and any unfinished incident not in progress here', () => {
    const file = backup(1);
    file.events = file.events!.filter((e) => e.event.type !== 'ended');
    expect(problemsOf(JSON.stringify(file))).toEqual([
      {
        path: 'incidents[0].endedAt',
        message:
          'is 2026-03-10T12:00:01.000Z, but its events never end the incident (no "ended" event)',
      },
      {
        path: 'incidents[0].status',
        message: 'is "follow-up-due", but its events never end the incident (no "ended" event)',
      },
      { path: 'incidents[0].outcome', message: 'is "fixed-live", but its events say none' },
      {
        path: 'incidents[0]',
        message: expect.stringContaining('not the incident in progress in this browser'),
      },
    ]);
    const live = incident('live', T0, true);
    const unfinished = { ...backup(0), incidents: [live.record], events: live.events };
    expect(problemsOf(JSON.stringify(unfinished))).toEqual([
      {
        path: 'incidents[0]',
        message: expect.stringContaining('is still in progress'),
      },
    ]);
    const here = { pocs: new Map(), activeIncidentId: 'live' };
    expect(parseBackup(JSON.stringify(unfinished), here).ok).toBe(true);
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
