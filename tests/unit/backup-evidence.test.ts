/**
 * Backup versions 2 (evidence events, demo app addresses) and 3 (the console.error opt-in);
 * version 1 and 2 files still import.
 */
import { describe, expect, it } from 'vitest';
import { incidentsToCsv } from '../../src/domain/csv';
import type { HttpEvidence } from '../../src/domain/evidence';
import type { IncidentEvent } from '../../src/domain/incident';
import { replay } from '../../src/domain/incident';
import { DEFAULT_PLAYBOOK } from '../../src/domain/playbook';
import { projectRecord } from '../../src/domain/record';
import { parseBackup } from '../../src/shared/backup';
import { BACKUP_FORMAT } from '../../src/shared/constants';

const T0 = Date.UTC(2026, 2, 10, 12);
const item: HttpEvidence = {
  kind: 'http',
  id: 'req-1',
  at: T0 - 3_000,
  origin: 'https://api.acme-demo.com',
  path: '/api/orders',
  method: 'POST',
  status: 500,
  durationMs: 80,
  ids: [{ name: 'x-request-id', value: 'req-42' }],
};
const events: IncidentEvent[] = [
  { type: 'started', at: T0, platform: 'meet', meetingCode: null, pocId: null },
  { type: 'evidence', at: item.at, item },
];
const record = projectRecord('i1', replay(events, DEFAULT_PLAYBOOK), null, T0);
const poc = {
  id: 'acme',
  prospect: 'Acme',
  name: 'Acme evaluation',
  contacts: [],
  criteria: [],
  archived: false,
  createdAt: 1,
  updatedAt: 1,
};

/** 'i1' never ends: it imports only as this browser's incident in progress. */
const HERE = { pocs: new Map<string, string[]>(), activeIncidentId: 'i1' };

function file(version: number, extra: Record<string, unknown>) {
  return JSON.stringify({
    format: BACKUP_FORMAT,
    version,
    exportedAt: T0,
    appVersion: '0.1.0',
    ...extra,
  });
}

describe('backup versions 2 and 3', () => {
  it('reads a version 1 file (no evidence, POCs without demo apps) as version 3', () => {
    const parsed = parseBackup(
      file(1, {
        incidents: [record],
        events: [{ incidentId: 'i1', event: events[0] }],
        pocs: [poc],
      }),
      HERE,
    );
    expect(parsed).toMatchObject({ ok: true, value: { version: 3, pocs: [poc] } });
  });

  it('reads a version 2 file with the console.error opt-in off, and keeps it from version 3', () => {
    const withApps = { ...poc, demoApps: ['https://app.acme-demo.com'] };
    const old = parseBackup(file(2, { pocs: [withApps] }), HERE);
    expect(old).toMatchObject({ ok: true, value: { version: 3, pocs: [withApps] } });
    expect(old.ok && old.value.pocs?.[0]?.consoleErrors).toBeUndefined();

    const opted = parseBackup(file(3, { pocs: [{ ...withApps, consoleErrors: true }] }), HERE);
    expect(opted.ok && opted.value.pocs?.[0]?.consoleErrors).toBe(true);
    const bad = parseBackup(file(3, { pocs: [{ ...withApps, consoleErrors: 'yes' }] }), HERE);
    expect(bad.ok ? [] : bad.problems.map((p) => p.path)).toEqual(['pocs[0].consoleErrors']);
  });

  it('keeps evidence events and demo app addresses', () => {
    const withApps = { ...poc, demoApps: ['https://app.acme-demo.com'] };
    const parsed = parseBackup(
      file(2, {
        incidents: [record],
        events: events.map((event) => ({ incidentId: 'i1', event })),
        pocs: [withApps],
      }),
      HERE,
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.events?.[1]?.event).toEqual({ type: 'evidence', at: item.at, item });
    expect(parsed.value.pocs?.[0]?.demoApps).toEqual(['https://app.acme-demo.com']);
  });

  it('refuses evidence that is not what capture writes, and demo apps that are no origin', () => {
    const bad = parseBackup(
      file(2, {
        incidents: [record],
        events: [
          { incidentId: 'i1', event: events[0] },
          { incidentId: 'i1', event: { ...events[1], item: { ...item, status: 200 } } },
        ],
        pocs: [{ ...poc, demoApps: ['https://app.acme-demo.com/login'] }],
      }),
      HERE,
    );
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['events[1].event.item.status', 'pocs[0].demoApps[0]']),
    );
  });

  it('puts the evidence in the CSV', () => {
    const csv = incidentsToCsv([record]);
    expect(csv.split('\r\n')[0]).toContain('Evidence');
    expect(csv).toContain('POST /api/orders → 500 (x-request-id req-42)');
  });
});
