import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { incidentStats, listIncidents } from '../../../src/background/incident-queries';
import { deleteIncidents } from '../../../src/background/incidents';
import type { IncidentEvent } from '../../../src/domain/incident';
import type { IncidentRecord } from '../../../src/domain/record';
import type { IncidentQuery } from '../../../src/shared/messages';
import type { SeedIncident } from './store-fixtures';
import { DAY, HOUR, T0, ended, freshStore, seed } from './store-fixtures';

const ANY: IncidentQuery = {
  text: '',
  status: 'any',
  pocId: null,
  platform: 'any',
  from: null,
  to: null,
};

async function allPages(query: IncidentQuery, limit: number, now: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await listIncidents(query, cursor, limit, now);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((r) => r.id));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor !== null && pages < 1000);
  return ids;
}

const newestFirst = (records: IncidentRecord[]) =>
  [...records].sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1)).map((r) => r.id);

beforeEach(freshStore);

describe('listIncidents', () => {
  it('pages newest-first through every incident, same start times included', async () => {
    const records = await seed(
      Array.from({ length: 25 }, (_, i) => ({
        id: `i${String(i).padStart(2, '0')}`,
        // Pairs share a start time so the cursor must tell them apart by id.
        startedAt: T0 - Math.floor(i / 2) * HOUR,
      })),
    );
    const first = await listIncidents(ANY, null, 10, T0);
    expect(first.items.map((r) => r.id)).toEqual(newestFirst(records).slice(0, 10));
    expect(first.nextCursor).not.toBeNull();
    expect(await allPages(ANY, 10, T0)).toEqual(newestFirst(records));
    expect(await allPages(ANY, 3, T0)).toEqual(newestFirst(records));
  });

  it('filters by status, overdue, sent, POC, platform, dates and text', async () => {
    const sent: IncidentEvent[] = [
      ...ended(T0 - 5 * DAY),
      { type: 'follow-up-sent', at: T0 - 4 * DAY },
    ];
    await seed([
      { id: 'active', startedAt: T0 - HOUR, platform: 'zoom', pocId: 'acme', prospect: 'Acme' },
      { id: 'due', startedAt: T0 - 2 * HOUR, then: ended(T0 - 2 * HOUR), pocId: 'acme' },
      { id: 'overdue', startedAt: T0 - 3 * DAY, then: ended(T0 - 3 * DAY) },
      { id: 'sent', startedAt: T0 - 5 * DAY, then: sent, platform: 'practice' },
      { id: 'discarded', startedAt: T0 - 6 * DAY, then: ended(T0 - 6 * DAY, 'discarded') },
      {
        id: 'noted',
        startedAt: T0 - 7 * DAY,
        prospect: 'Globex',
        then: [{ type: 'note', at: T0 - 7 * DAY + 1, text: 'SSO Redirect loop' }],
      },
    ]);
    const ids = async (query: Partial<IncidentQuery>) =>
      (await listIncidents({ ...ANY, ...query }, null, 50, T0)).items.map((r) => r.id);

    expect(await ids({ status: 'active' })).toEqual(['active', 'noted']);
    expect(await ids({ status: 'follow-up-due' })).toEqual(['due', 'overdue']);
    expect(await ids({ status: 'overdue' })).toEqual(['overdue']);
    expect(await ids({ status: 'sent' })).toEqual(['sent']);
    expect(await ids({ status: 'closed' })).toEqual(['sent', 'discarded']);
    expect(await ids({ pocId: 'acme' })).toEqual(['active', 'due']);
    expect(await ids({ pocId: 'acme', status: 'active' })).toEqual(['active']);
    expect(await ids({ platform: 'zoom' })).toEqual(['active']);
    expect(await ids({ platform: 'practice' })).toEqual(['sent']);
    expect(await ids({ from: T0 - 5 * DAY, to: T0 - 2 * HOUR })).toEqual([
      'due',
      'overdue',
      'sent',
    ]);
    expect(await ids({ text: '  redirect ' })).toEqual(['noted']);
    expect(await ids({ text: 'globex' })).toEqual(['noted']);
    expect(await ids({ from: T0, to: T0 - DAY })).toEqual([]);
  });

  it('agrees with filtering everything, for any data, query and page size', async () => {
    const incident = fc.record({
      startedAt: fc.integer({ min: 0, max: 30 }).map((d) => T0 - d * HOUR),
      platform: fc.constantFrom('meet' as const, 'zoom' as const),
      pocId: fc.constantFrom(null, 'acme', 'globex'),
      end: fc.constantFrom(null, 'fixed-live' as const, 'discarded' as const),
      prospect: fc.constantFrom('Acme Corp', 'Globex'),
    });
    const query = fc.record({
      status: fc.constantFrom(
        'any',
        'active',
        'follow-up-due',
        'overdue',
        'closed',
      ) as fc.Arbitrary<IncidentQuery['status']>,
      pocId: fc.constantFrom(null, 'acme'),
      platform: fc.constantFrom('any', 'meet') as fc.Arbitrary<IncidentQuery['platform']>,
      from: fc.constantFrom(null, T0 - 20 * HOUR),
      to: fc.constantFrom(null, T0 - 5 * HOUR),
      text: fc.constantFrom('', 'acme', 'GLOB', 'nowhere'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(incident, { maxLength: 30 }),
        query,
        fc.integer({ min: 1, max: 7 }),
        async (incidents, partial, limit) => {
          await freshStore();
          const seeds: SeedIncident[] = incidents.map((x, i) => ({
            id: `i${i}`,
            startedAt: x.startedAt,
            platform: x.platform,
            pocId: x.pocId,
            prospect: x.prospect,
            then: x.end ? ended(x.startedAt, x.end) : [],
          }));
          const records = await seed(seeds);
          const q = { ...ANY, ...partial };
          const now = T0;
          const expected = records.filter(
            (r) =>
              r.searchText.includes(q.text.toLowerCase()) &&
              (q.pocId === null || r.pocId === q.pocId) &&
              (q.platform === 'any' || r.platform === q.platform) &&
              (q.from === null || r.startedAt >= q.from) &&
              (q.to === null || r.startedAt <= q.to) &&
              (q.status === 'any' ||
                (q.status === 'overdue'
                  ? r.status === 'follow-up-due' && r.followUpDueAt! < now
                  : r.status === q.status)),
          );
          expect(await allPages(q, limit, now)).toEqual(newestFirst(expected));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a text search sees every write made since the previous search', async () => {
    await seed([{ id: 'old', startedAt: T0 - DAY, prospect: 'Acme Corp' }]);
    const search = async (text: string) =>
      (await listIncidents({ ...ANY, text }, null, 10, T0)).items.map((r) => r.id);
    expect(await search('acme')).toEqual(['old']);
    await seed([{ id: 'new', startedAt: T0, prospect: 'Acme Corp' }]);
    expect(await search('acme')).toEqual(['new', 'old']);
    await deleteIncidents(['old']);
    expect(await search('acme')).toEqual(['new']);
  });

  it('refuses a cursor it did not make', async () => {
    await expect(listIncidents(ANY, 'garbage', 10, T0)).rejects.toMatchObject({
      code: 'invalid-input',
    });
  });
});

describe('listIncidents without IDBIndex.getAllRecords (Firefox before it shipped)', () => {
  const proto = IDBIndex.prototype as unknown as Record<string, unknown>;
  const getAllRecords = proto.getAllRecords;
  beforeEach(() => {
    delete proto.getAllRecords;
    return () => {
      proto.getAllRecords = getAllRecords;
    };
  });

  it('pages and searches newest-first with a cursor instead', async () => {
    expect('getAllRecords' in IDBIndex.prototype).toBe(false);
    const records = await seed(
      Array.from({ length: 25 }, (_, i) => ({
        id: `i${String(i).padStart(2, '0')}`,
        startedAt: T0 - Math.floor(i / 2) * HOUR,
        prospect: i % 2 ? 'Acme Corp' : 'Globex',
      })),
    );
    expect(await allPages(ANY, 10, T0)).toEqual(newestFirst(records));
    expect(await allPages(ANY, 3, T0)).toEqual(newestFirst(records));
    const acme = records.filter((r) => r.prospect === 'Acme Corp');
    expect(acme).toHaveLength(12);
    expect(await allPages({ ...ANY, text: 'acme' }, 4, T0)).toEqual(newestFirst(acme));
  });
});

describe('incidentStats', () => {
  it('counts incidents per week with the median time to acknowledge', async () => {
    const ack = (at: number, afterMs: number): IncidentEvent[] => [
      { type: 'acknowledged', at: at + afterMs },
    ];
    const lastWeek = T0 - 7 * DAY;
    await seed([
      { id: 'a', startedAt: T0, then: ack(T0, 20_000) },
      { id: 'b', startedAt: T0 - HOUR, then: ack(T0 - HOUR, 40_000) },
      {
        id: 'discarded',
        startedAt: T0 - 2 * HOUR,
        then: [...ack(T0 - 2 * HOUR, 1000), ...ended(T0 - 2 * HOUR, 'discarded')],
      },
      { id: 'c', startedAt: lastWeek, then: ack(lastWeek, 90_000) },
      { id: 'too-old', startedAt: T0 - 30 * DAY },
    ]);
    const stats = await incidentStats(3, T0);
    expect(stats.map((s) => [s.incidents, s.medianAcknowledgeMs])).toEqual([
      [0, null],
      [1, 90_000],
      [3, 30_000],
    ]);
    expect(new Date(stats[2]!.weekStart).getDay()).toBe(1);
  });
});
