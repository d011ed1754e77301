/** A fresh incident store per test, and records built the way the worker builds them. */
import { IDBFactory } from 'fake-indexeddb';
import { vi } from 'vitest';
import { closeDatabase, write } from '../../../src/background/db';
import type { IncidentEvent, Platform } from '../../../src/domain/incident';
import { replay } from '../../../src/domain/incident';
import { DEFAULT_PLAYBOOK } from '../../../src/domain/playbook';
import type { Poc } from '../../../src/domain/poc';
import type { IncidentRecord } from '../../../src/domain/record';
import { projectRecord } from '../../../src/domain/record';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Tue 2026-03-10 12:00 UTC. */
export const T0 = Date.UTC(2026, 2, 10, 12);

export async function freshStore(): Promise<void> {
  await closeDatabase();
  globalThis.indexedDB = new IDBFactory();
}

/** Makes Date.now() return `at` (fake timers would stall fake-indexeddb). */
export function clockAt(at: number): void {
  vi.spyOn(Date, 'now').mockReturnValue(at);
}

export function poc(id: string, prospect = 'Acme Corp', extra: Partial<Poc> = {}): Poc {
  return {
    id,
    prospect,
    name: `${prospect} evaluation`,
    contacts: [{ name: 'Dana Buyer', email: 'dana@example.com' }],
    criteria: [
      { id: 'reports', title: 'Scheduled reports', howToShow: 'Reports tab', status: 'proven' },
      { id: 'sso', title: 'Single sign-on', howToShow: 'Settings → SSO', status: 'not-shown' },
    ],
    archived: false,
    createdAt: 1,
    updatedAt: 1,
    ...extra,
  };
}

export interface SeedIncident {
  id: string;
  startedAt: number;
  platform?: Platform;
  pocId?: string | null;
  prospect?: string;
  /** Events after `started`. */
  then?: IncidentEvent[];
}

/** Writes incidents straight into the store, projected exactly as the worker would. */
export async function seed(incidents: SeedIncident[]): Promise<IncidentRecord[]> {
  const built = incidents.map((s) => {
    const events: IncidentEvent[] = [
      {
        type: 'started',
        at: s.startedAt,
        platform: s.platform ?? 'meet',
        meetingCode: null,
        pocId: s.pocId ?? null,
      },
      ...(s.then ?? []),
    ];
    const state = replay(events, DEFAULT_PLAYBOOK);
    const prospect = s.prospect === undefined ? null : { prospect: s.prospect };
    return { record: projectRecord(s.id, state, prospect, s.startedAt), events };
  });
  await write(['incidents', 'events'], async (tx) => {
    await Promise.all(
      built.flatMap(({ record, events }) => [
        tx.objectStore('incidents').put(record),
        ...events.map((event) =>
          tx.objectStore('events').add({ incidentId: record.id, at: event.at, event }),
        ),
      ]),
    );
  });
  return built.map((b) => b.record);
}

/** An incident that ended `endedAfter` after it started, with its follow-up due a day later. */
export const ended = (
  startedAt: number,
  outcome: 'fixed-live' | 'escalated' | 'discarded' = 'fixed-live',
  endedAfter = HOUR,
): IncidentEvent[] => [{ type: 'ended', at: startedAt + endedAfter, outcome }];
