/**
 * The incident list: one page at a time from the worker's index, overdue follow-ups pinned on
 * top. Answers to an older query are dropped, so fast typing never shows stale results.
 */
import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { IncidentRecord } from '../domain/record';
import type { IncidentQuery } from '../shared/messages';
import { send } from '../shared/messaging';
import { errorMessage } from '../review/hooks';

/** A popup shows about eight rows; a page fills it with room to scroll. */
export const PAGE_SIZE = 25;
/** Overdue follow-ups shown above the list; more than this and the SE filters by "Overdue". */
export const PINNED_LIMIT = 20;

export const DEFAULT_QUERY: IncidentQuery = {
  text: '',
  status: 'any',
  pocId: null,
  platform: 'any',
  from: null,
  to: null,
};

export function isDefaultQuery(query: IncidentQuery): boolean {
  return (Object.keys(DEFAULT_QUERY) as (keyof IncidentQuery)[]).every(
    (key) => query[key] === DEFAULT_QUERY[key],
  );
}

export interface IncidentListState {
  phase: 'loading' | 'ready' | 'error';
  error: string | null;
  /** Overdue follow-ups matching the query, newest first. */
  pinned: IncidentRecord[];
  /** More overdue incidents exist than are pinned. */
  morePinned: boolean;
  /** The rest, newest first, without the pinned ones. */
  items: IncidentRecord[];
  nextCursor: string | null;
  loadingMore: boolean;
  loadMoreError: string | null;
  /** Bumped each time a new query's first page arrives. */
  version: number;
}

const INITIAL: IncidentListState = {
  phase: 'loading',
  error: null,
  pinned: [],
  morePinned: false,
  items: [],
  nextCursor: null,
  loadingMore: false,
  loadMoreError: null,
  version: 0,
};

const pinsOverdue = (query: IncidentQuery) =>
  query.status === 'any' || query.status === 'follow-up-due';

function withoutIds(records: IncidentRecord[], ids: Set<string>): IncidentRecord[] {
  return records.filter((r) => !ids.has(r.id));
}

export interface IncidentList {
  state: IncidentListState;
  query: IncidentQuery;
  setQuery: (query: IncidentQuery) => void;
  loadMore: () => void;
  retry: () => void;
  /** Updates a row in place (e.g. after "mark as sent"). */
  replace: (record: IncidentRecord) => void;
  remove: (id: string) => void;
}

export function useIncidentList(): IncidentList {
  const [query, setQuery] = useState<IncidentQuery>(DEFAULT_QUERY);
  const [state, setState] = useState<IncidentListState>(INITIAL);
  const [attempt, setAttempt] = useState(0);
  const generation = useRef(0);

  // A layout effect sends the request during the first render instead of after the first
  // paint, which saves a frame on the way to the first list paint.
  useLayoutEffect(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, phase: 'loading', error: null }));
    const pinnedPage = pinsOverdue(query)
      ? send('incidents/list', {
          query: { ...query, status: 'overdue' },
          cursor: null,
          limit: PINNED_LIMIT,
        })
      : Promise.resolve({ items: [], nextCursor: null });
    const firstPage = send('incidents/list', { query, cursor: null, limit: PAGE_SIZE });
    Promise.all([pinnedPage, firstPage]).then(
      ([pinned, page]) => {
        if (mine !== generation.current) return;
        const pinnedIds = new Set(pinned.items.map((r) => r.id));
        setState((s) => ({
          phase: 'ready',
          error: null,
          pinned: pinned.items,
          morePinned: pinned.nextCursor !== null,
          items: withoutIds(page.items, pinnedIds),
          nextCursor: page.nextCursor,
          loadingMore: false,
          loadMoreError: null,
          version: s.version + 1,
        }));
      },
      (error: unknown) => {
        if (mine !== generation.current) return;
        setState((s) => ({ ...s, phase: 'error', error: errorMessage(error) }));
      },
    );
  }, [query, attempt]);

  const latest = useRef(state);
  latest.current = state;

  const loadMore = useCallback(() => {
    const mine = generation.current;
    const { loadingMore, nextCursor: cursor } = latest.current;
    if (loadingMore || cursor === null) return;
    latest.current = { ...latest.current, loadingMore: true };
    setState((s) => ({ ...s, loadingMore: true, loadMoreError: null }));
    send('incidents/list', { query, cursor, limit: PAGE_SIZE }).then(
      (page) => {
        if (mine !== generation.current) return;
        setState((s) => {
          const seen = new Set([...s.pinned, ...s.items].map((r) => r.id));
          return {
            ...s,
            items: [...s.items, ...withoutIds(page.items, seen)],
            nextCursor: page.nextCursor,
            loadingMore: false,
          };
        });
      },
      (error: unknown) => {
        if (mine !== generation.current) return;
        setState((s) => ({ ...s, loadingMore: false, loadMoreError: errorMessage(error) }));
      },
    );
  }, [query]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  const replace = useCallback((record: IncidentRecord) => {
    setState((s) => {
      const swap = (list: IncidentRecord[]) => list.map((r) => (r.id === record.id ? record : r));
      // A follow-up just sent is no longer overdue: it moves down to its place in time.
      const stillOverdue = record.followUpSentAt === null;
      const wasPinned = s.pinned.some((r) => r.id === record.id);
      if (!wasPinned || stillOverdue) return { ...s, pinned: swap(s.pinned), items: swap(s.items) };
      const pinned = s.pinned.filter((r) => r.id !== record.id);
      // Past the last loaded row it belongs to a page not loaded yet.
      const oldest = s.items[s.items.length - 1];
      const fits = s.nextCursor === null || !oldest || record.startedAt >= oldest.startedAt;
      const items = fits ? [...s.items, record].sort((a, b) => b.startedAt - a.startedAt) : s.items;
      return { ...s, pinned, items };
    });
  }, []);

  const remove = useCallback((id: string) => {
    setState((s) => ({
      ...s,
      pinned: s.pinned.filter((r) => r.id !== id),
      items: s.items.filter((r) => r.id !== id),
    }));
  }, []);

  return { state, query, setQuery, loadMore, retry, replace, remove };
}
