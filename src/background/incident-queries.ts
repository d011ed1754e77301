/**
 * The popup's incident list and trend. Lists read an index newest-first in batches and stop at
 * `limit` matches, so the first page of 10,000 incidents costs about as much as the first of 10.
 */
import { unwrap } from 'idb';
import type { IncidentRecord } from '../domain/record';
import type { WeeklyStat } from '../domain/stats';
import { firstWeekStart, weeklyStats } from '../domain/stats';
import type { IncidentPage, IncidentQuery } from '../shared/messages';
import { read, withStatus, writeGeneration } from './db';
import { HandlerError } from './errors';

/** Where the previous page stopped: the last item's start time and id. */
interface Position {
  startedAt: number;
  id: string;
}

function encodeCursor(record: IncidentRecord): string {
  return `${record.startedAt}:${record.id}`;
}

function decodeCursor(cursor: string): Position {
  const match = /^(\d+):(.+)$/.exec(cursor);
  if (!match) throw new HandlerError('invalid-input', 'That page of incidents is out of date.');
  return { startedAt: Number(match[1]), id: match[2]! };
}

/** What a list filters on: search and filters can run on these alone. */
const FILTER_FIELDS = [
  'id',
  'startedAt',
  'pocId',
  'platform',
  'status',
  'followUpDueAt',
  'followUpSentAt',
  'searchText',
] as const;
type FilterFields = Pick<IncidentRecord, (typeof FILTER_FIELDS)[number]>;

function matches(record: FilterFields, query: IncidentQuery, now: number): boolean {
  const { status, pocId, platform, from, to } = query;
  if (from !== null && record.startedAt < from) return false;
  if (to !== null && record.startedAt > to) return false;
  if (pocId !== null && record.pocId !== pocId) return false;
  if (platform !== 'any' && record.platform !== platform) return false;
  switch (status) {
    case 'active':
    case 'follow-up-due':
    case 'closed':
      if (record.status !== status) return false;
      break;
    case 'overdue':
      if (record.status !== 'follow-up-due' || (record.followUpDueAt ?? Infinity) >= now) {
        return false;
      }
      break;
    case 'sent':
      if (record.followUpSentAt === null) return false;
      break;
    case 'any':
      break;
  }
  const text = query.text.trim().toLowerCase();
  return text === '' || record.searchText.includes(text);
}

/**
 * The narrowest index for the query, as a key range over [prefix…, startedAt] bounded by the
 * date filter and, when continuing, by the previous page's last start time.
 */
function plan(query: IncidentQuery, upTo: number | null) {
  const from = query.from ?? -Infinity;
  const to = Math.min(query.to ?? Infinity, upTo ?? Infinity);
  if (to < from) return null;
  if (query.pocId !== null) {
    return {
      index: 'by-poc' as const,
      range: IDBKeyRange.bound([query.pocId, from], [query.pocId, to]),
    };
  }
  const status = query.status;
  if (status !== 'any') {
    const stored = status === 'overdue' ? 'follow-up-due' : status === 'sent' ? 'closed' : status;
    return { index: 'by-status' as const, range: withStatus(stored, from, to) };
  }
  return { index: 'by-startedAt' as const, range: IDBKeyRange.bound(from, to) };
}

/**
 * Records per read: one round trip each instead of one per record, which a search that matches
 * little would otherwise pay 10,000 times. The first batch fits a page; later ones grow, so a
 * search through everything takes a handful of reads.
 */
const FIRST_BATCH = 100;
const MAX_BATCH = 4000;

/** IDBIndex.getAllRecords (Chrome 141+, not in every Firefox the manifest allows). */
interface BatchReadableIndex {
  getAllRecords?(options: {
    query: IDBKeyRange;
    count?: number;
    direction: 'prev';
  }): IDBRequest<{ value: IncidentRecord }[]>;
}

function newestRecords(index: IDBIndex, range: IDBKeyRange, count?: number) {
  const batchIndex = index as unknown as BatchReadableIndex;
  if (typeof batchIndex.getAllRecords !== 'function') return newestByCursor(index, range, count);
  const request = batchIndex.getAllRecords({ query: range, count, direction: 'prev' });
  return new Promise<IncidentRecord[]>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result.map((r) => r.value));
    request.onerror = () => reject(request.error);
  });
}

/** The same read where getAllRecords is missing: one cursor step per record. */
function newestByCursor(index: IDBIndex, range: IDBKeyRange, count = Infinity) {
  const request = index.openCursor(range, 'prev');
  const records: IncidentRecord[] = [];
  return new Promise<IncidentRecord[]>((resolve, reject) => {
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor || records.length >= count) return resolve(records);
      records.push(cursor.value as IncidentRecord);
      cursor.continue();
    };
    request.onerror = () => reject(request.error);
  });
}

/**
 * Every incident's filter fields, newest first. Only this worker writes incidents, so the rows
 * stay exact until its next write (the generation moves); a text search, which has no index to
 * use, then filters them in memory instead of deserialising every full record.
 */
let searchRows: { generation: number; rows: Promise<FilterFields[]> } | null = null;

function loadSearchRows(): Promise<FilterFields[]> {
  const generation = writeGeneration();
  if (searchRows?.generation !== generation) {
    const rows = read(['incidents'], async (tx) => {
      const index = unwrap(tx.objectStore('incidents').index('by-startedAt'));
      const records = await newestRecords(index, IDBKeyRange.lowerBound(-Infinity));
      return records.map(
        (record) =>
          Object.fromEntries(FILTER_FIELDS.map((field) => [field, record[field]])) as FilterFields,
      );
    });
    searchRows = { generation, rows };
    rows.catch(() => {
      if (searchRows?.rows === rows) searchRows = null;
    });
  }
  return searchRows.rows;
}

/** Reads the search rows ahead of the first search, after the caller's own answer is out. */
export function warmSearch(): void {
  void loadSearchRows().catch(() => undefined);
}

function isAfter(row: FilterFields, position: Position | null): boolean {
  return (
    position === null ||
    row.startedAt < position.startedAt ||
    (row.startedAt === position.startedAt && row.id < position.id)
  );
}

async function searchIncidents(
  query: IncidentQuery,
  position: Position | null,
  limit: number,
  now: number,
): Promise<IncidentPage> {
  const rows = await loadSearchRows();
  const found: FilterFields[] = [];
  let more = false;
  for (const row of rows) {
    if (!isAfter(row, position) || !matches(row, query, now)) continue;
    if (found.length === limit) {
      more = true;
      break;
    }
    found.push(row);
  }
  const items = await read(['incidents'], (tx) =>
    Promise.all(found.map((row) => tx.objectStore('incidents').get(row.id))),
  );
  // A row whose incident vanished can only mean a write since; the next search rebuilds.
  const present = items.filter((item): item is IncidentRecord => item !== undefined);
  const last = present.at(-1);
  return { items: present, nextCursor: more && last ? encodeCursor(last) : null };
}

export async function listIncidents(
  query: IncidentQuery,
  cursor: string | null,
  limit: number,
  now: number,
): Promise<IncidentPage> {
  let position = cursor === null ? null : decodeCursor(cursor);
  if (query.text.trim() !== '') return searchIncidents(query, position, limit, now);
  return read(['incidents'], async (tx) => {
    const items: IncidentRecord[] = [];
    let count = Math.max(FIRST_BATCH, limit);
    for (;;) {
      const chosen = plan(query, position?.startedAt ?? null);
      if (!chosen) return { items, nextCursor: null };
      const index = unwrap(tx.objectStore('incidents').index(chosen.index));
      const batch = await newestRecords(index, chosen.range, count);
      let fresh = 0;
      for (const [i, record] of batch.entries()) {
        // The range includes the last start time seen; within one start time, newest-first
        // order walks ids downwards, so ids at or above the last one were already seen.
        const seen =
          position !== null && record.startedAt === position.startedAt && record.id >= position.id;
        if (seen) continue;
        fresh += 1;
        position = { startedAt: record.startedAt, id: record.id };
        if (!matches(record, query, now)) continue;
        items.push(record);
        if (items.length === limit) {
          const more = i < batch.length - 1 || batch.length === count;
          return { items, nextCursor: more ? encodeCursor(record) : null };
        }
      }
      if (batch.length < count) return { items, nextCursor: null };
      // Doubling also gets past a whole batch of incidents sharing one start time.
      count = fresh === 0 ? count * 2 : Math.min(count * 2, MAX_BATCH);
    }
  });
}

export async function incidentStats(weeks: number, now: number): Promise<WeeklyStat[]> {
  const since = firstWeekStart(weeks, now);
  const records = await read(['incidents'], (tx) =>
    tx.objectStore('incidents').index('by-startedAt').getAll(IDBKeyRange.lowerBound(since)),
  );
  return weeklyStats(records, weeks, now);
}
