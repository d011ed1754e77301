/**
 * The popup's incident list and trend. Lists walk an index newest-first and stop at `limit`
 * matches, so the first page of 10,000 incidents costs about as much as the first page of 10.
 */
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

export async function listIncidents(
  query: IncidentQuery,
  cursor: string | null,
  limit: number,
  now: number,
): Promise<IncidentPage> {
  const after = cursor === null ? null : decodeCursor(cursor);
  const chosen = plan(query, after?.startedAt ?? null);
  if (!chosen) return { items: [], nextCursor: null };
  return read(['incidents'], async (tx) => {
    const items: IncidentRecord[] = [];
    const index = tx.objectStore('incidents').index(chosen.index);
    let walker = await index.openCursor(chosen.range, 'prev');
    while (walker && items.length < limit) {
      const record = walker.value;
      // Same start time as the previous page's last item: within one key, 'prev' walks ids
      // downwards, so the ones at or above that id were already shown.
      const seen = after !== null && record.startedAt === after.startedAt && record.id >= after.id;
      if (!seen && matches(record, query, now)) items.push(record);
      walker = await walker.continue();
    }
    const last = items.at(-1);
    return { items, nextCursor: walker && last ? encodeCursor(last) : null };
  });
}

export async function incidentStats(weeks: number, now: number): Promise<WeeklyStat[]> {
  const since = firstWeekStart(weeks, now);
  const records = await read(['incidents'], (tx) =>
    tx.objectStore('incidents').index('by-startedAt').getAll(IDBKeyRange.lowerBound(since)),
  );
  return weeklyStats(records, weeks, now);
}
