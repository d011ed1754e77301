/** Helpers for the popup E2E tests: incident fixtures at scale, and the popup's timing marks. */
import type { Page } from 'playwright-core';
import type { IncidentEvent } from '../../src/domain/incident';
import { replay } from '../../src/domain/incident';
import { DEFAULT_PLAYBOOK } from '../../src/domain/playbook';
import type { Poc } from '../../src/domain/poc';
import { projectRecord, type IncidentRecord } from '../../src/domain/record';
import { BACKUP_FORMAT, BACKUP_VERSION } from '../../src/shared/constants';
import { waitFor } from './harness';

const MINUTE = 60_000;

/**
 * A backup file with `count` ended incidents spread over the last year, follow-ups sent, for
 * measuring the popup against a large store.
 */
export function largeBackup(count: number, pocs: Poc[], now: number): string {
  const incidents: IncidentRecord[] = [];
  const events: { incidentId: string; event: IncidentEvent }[] = [];
  const span = 365 * 24 * 60 * MINUTE;
  for (let i = 0; i < count; i++) {
    const id = `bulk-${String(i).padStart(5, '0')}`;
    const poc = pocs[i % pocs.length] ?? null;
    const start = now - span + Math.floor((i / count) * span);
    const incidentEvents: IncidentEvent[] = [
      {
        type: 'started',
        at: start,
        platform: i % 3 === 0 ? 'zoom' : 'meet',
        meetingCode: null,
        pocId: poc?.id ?? null,
      },
      { type: 'acknowledged', at: start + 15_000 + (i % 60) * 1000 },
      { type: 'issue-described', at: start + 40_000, text: `Bulk failure number ${i}` },
      {
        type: 'note',
        at: start + 2 * MINUTE,
        text: i % 97 === 0 ? 'connection pool exhausted' : 'retry worked',
      },
      { type: 'ended', at: start + 6 * MINUTE, outcome: 'fixed-live' },
      { type: 'follow-up-sent', at: start + 60 * MINUTE },
    ];
    const state = replay(incidentEvents, DEFAULT_PLAYBOOK);
    incidents.push(projectRecord(id, state, poc, now));
    for (const event of incidentEvents) events.push({ incidentId: id, event });
  }
  return JSON.stringify({
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: now,
    appVersion: '0.1.0',
    incidents,
    events,
    pocs,
  });
}

export interface FirstPaint {
  /** From navigation start until the first page of incidents was on screen. */
  paintMs: number;
  /** From navigation start until the page's scripts had run (what any extension page costs). */
  loadedMs: number;
}

export async function firstListPaint(page: Page): Promise<FirstPaint> {
  return waitFor(
    () =>
      page.evaluate(() => {
        const paint = performance.getEntriesByName('demo-rescue:list-painted')[0];
        const [navigation] = performance.getEntriesByType('navigation');
        if (!paint || !navigation) return null;
        const loaded = (navigation as PerformanceNavigationTiming).domContentLoadedEventEnd;
        return { paintMs: paint.startTime, loadedMs: loaded };
      }),
    20_000,
    { message: "the popup's demo-rescue:list-painted mark" },
  );
}

/** How long the last search took from its query (after the typing pause) to results on screen. */
export async function lastSearchMs(page: Page): Promise<number> {
  return waitFor(
    () =>
      page.evaluate(
        () => performance.getEntriesByName('demo-rescue:search').at(-1)?.duration ?? null,
      ),
    20_000,
    { message: "the popup's demo-rescue:search measure" },
  );
}
