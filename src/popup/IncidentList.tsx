/**
 * The incident rows: overdue follow-ups pinned on top, then the rest newest first, one page at
 * a time. Arrow keys move between rows (one tab stop for the whole list), Enter opens one.
 */
import type { RefObject } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { PhaseWindows } from '../domain/playbook';
import type { IncidentRecord } from '../domain/record';
import { compactMarks, followUpStatus, outcomeLabel } from '../domain/review';
import { formatClock } from '../domain/time';
import { formatDateTime, PLATFORM_LABELS } from '../review/format';
import { CompactScorecard } from './Scorecard';

const ROW_SELECTOR = 'button.incident-row';

function IncidentRow({
  record,
  windows,
  now,
  tabbable,
  onOpen,
  onFocusRow,
}: {
  record: IncidentRecord;
  windows: PhaseWindows;
  now: number;
  tabbable: boolean;
  onOpen: (id: string) => void;
  onFocusRow: (id: string) => void;
}) {
  const followUp = followUpStatus(record, now);
  const outcome = record.outcome ?? 'active';
  const duration =
    record.endedAt === null ? 'ongoing' : formatClock(record.endedAt - record.startedAt);
  return (
    <li>
      <button
        type="button"
        class="incident-row"
        data-id={record.id}
        tabIndex={tabbable ? 0 : -1}
        onClick={() => onOpen(record.id)}
        onFocus={() => onFocusRow(record.id)}
      >
        <span class="row-title">
          <span class="row-prospect" dir="auto">
            {record.prospect ?? 'No POC'}
          </span>
          {record.issue && (
            <span class="row-issue" dir="auto">
              {record.issue}
            </span>
          )}
        </span>
        <span class="row-meta">
          <span>{formatDateTime(record.startedAt)}</span>
          <span>
            <span class="visually-hidden">Duration </span>
            {duration}
          </span>
          <span>{PLATFORM_LABELS[record.platform]}</span>
        </span>
        <span class="row-tags">
          <span class={`tag outcome-${outcome}`}>{outcomeLabel(record.outcome)}</span>
          <span class={`tag follow-up-${followUp.kind}`}>{followUp.text}</span>
          <CompactScorecard marks={compactMarks(record, windows, now)} />
        </span>
      </button>
    </li>
  );
}

interface IncidentRowsProps {
  pinned: IncidentRecord[];
  items: IncidentRecord[];
  windows: PhaseWindows;
  now: number;
  onOpen: (id: string) => void;
  listRef: RefObject<HTMLDivElement>;
}

/** Moves focus to the row `delta` away from the focused one (or to the first/last). */
export function focusRow(container: HTMLElement | null, where: 'first' | 'last' | number) {
  if (!container) return;
  const rows = [...container.querySelectorAll<HTMLButtonElement>(ROW_SELECTOR)];
  if (rows.length === 0) return;
  let index = 0;
  if (where === 'last') index = rows.length - 1;
  else if (typeof where === 'number') {
    const current = rows.indexOf(document.activeElement as HTMLButtonElement);
    index = Math.min(rows.length - 1, Math.max(0, (current < 0 ? 0 : current) + where));
  }
  rows[index]?.focus();
}

export function IncidentRows({ pinned, items, windows, now, onOpen, listRef }: IncidentRowsProps) {
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const all = [...pinned, ...items];
  const tabbableId = all.some((r) => r.id === focusedId) ? focusedId : (all[0]?.id ?? null);

  const onKeyDown = (e: KeyboardEvent) => {
    const moves: Record<string, 'first' | 'last' | number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      Home: 'first',
      End: 'last',
      PageDown: 5,
      PageUp: -5,
    };
    const move = moves[e.key];
    if (move === undefined) return;
    e.preventDefault();
    focusRow(listRef.current, move);
  };

  const row = (record: IncidentRecord) => (
    <IncidentRow
      key={record.id}
      record={record}
      windows={windows}
      now={now}
      tabbable={record.id === tabbableId}
      onOpen={onOpen}
      onFocusRow={setFocusedId}
    />
  );

  return (
    <div class="incident-rows" ref={listRef} onKeyDown={onKeyDown}>
      {pinned.length > 0 && (
        <section aria-labelledby="pinned-title">
          <h2 id="pinned-title" class="list-heading overdue">
            Follow-up overdue
          </h2>
          <ul class="incident-list" aria-labelledby="pinned-title">
            {pinned.map(row)}
          </ul>
        </section>
      )}
      {items.length > 0 && (
        <section aria-labelledby="all-title">
          <h2 id="all-title" class={pinned.length > 0 ? 'list-heading' : 'visually-hidden'}>
            {pinned.length > 0 ? 'Other incidents' : 'Incidents'}
          </h2>
          <ul class="incident-list" aria-labelledby="all-title">
            {items.map(row)}
          </ul>
        </section>
      )}
    </div>
  );
}

/**
 * Marks when a new first page is on screen, for the performance budget (see the E2E test):
 * the frame callback after the rows are committed runs just before they are painted.
 */
export function usePaintMark(version: number) {
  const first = useRef(true);
  useLayoutEffect(() => {
    if (version === 0) return;
    const frame = requestAnimationFrame(() => {
      if (first.current) {
        first.current = false;
        performance.mark('demo-rescue:list-painted');
      } else if (performance.getEntriesByName('demo-rescue:search-start').length > 0) {
        performance.measure('demo-rescue:search', 'demo-rescue:search-start');
        performance.clearMarks('demo-rescue:search-start');
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [version]);
}
