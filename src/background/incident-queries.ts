/**
 * The popup's incident list and trend. Lists read an index newest-first in batches and stop at
 * `limit` matches, so the first page of 10,000 incidents costs about as much as the first of 10.
 */
import { unwrap } from 'idb';
import type { IncidentRecord } from '../domain/record';
import type { WeeklyStat } from '../domain/stats';
import { firstWeekStart, weeklyStats } from '../domain/stats';
import type { IncidentPage, IncidentQuery } from '../shared/messages';
import { read, withStatus } from './db';
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

function matches(record: IncidentRecord, query: IncidentQuery, now: number): boolean {
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

/** Records per read: one round trip each instead of one per record, which a search that matches
 * little would otherwise pay 10,000 times. */
const BATCH_SIZE = 250;

/** IDBIndex.getAllRecords (Chrome 141+): the only batch read that can go newest-first. */
interface BatchReadableIndex {
  getAllRecords(options: {
    query: IDBKeyRange;
    count: number;
    direction: 'prev';
  }): IDBRequest<{ value: IncidentRecord }[]>;
}

function newestRecords(index: IDBIndex, range: IDBKeyRange, count: number) {
  const request = (index as unknown as BatchReadableIndex).getAllRecords({
    query: range,
    count,
    direction: 'prev',
  });
  return new Promise<IncidentRecord[]>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result.map((r) => r.value));
    request.onerror = () => reject(request.error);
  });
}

export async function listIncidents(
  query: IncidentQuery,
  cursor: string | null,
  limit: number,
  now: number,
): Promise<IncidentPage> {
  let position = cursor === null ? null : decodeCursor(cursor);
  return read(['incidents'], async (tx) => {
    const items: IncidentRecord[] = [];
    let count = BATCH_SIZE;
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
      // A whole batch of incidents sharing one start time: read more at once to get past it.
      if (fresh === 0) count *= 2;
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
