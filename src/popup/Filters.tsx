/**
 * Search and filters for the incident list. Search waits for a pause in typing. The inputs keep
 * their own values; to reset them from outside, remount the component (change its key).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { isolate } from '../domain/bidi';
import type { Poc } from '../domain/poc';
import type { IncidentQuery } from '../shared/messages';
import { parseDateInput } from '../review/format';
import { DEFAULT_QUERY } from './use-incident-list';

const SEARCH_DEBOUNCE_MS = 150;

const STATUS_OPTIONS: { value: IncidentQuery['status']; label: string }[] = [
  { value: 'any', label: 'Any status' },
  { value: 'active', label: 'Active' },
  { value: 'follow-up-due', label: 'Follow-up due' },
  { value: 'overdue', label: 'Follow-up overdue' },
  { value: 'sent', label: 'Follow-up sent' },
  { value: 'closed', label: 'Closed' },
];

const PLATFORM_OPTIONS: { value: IncidentQuery['platform']; label: string }[] = [
  { value: 'any', label: 'Any platform' },
  { value: 'meet', label: 'Google Meet' },
  { value: 'zoom', label: 'Zoom' },
  { value: 'practice', label: 'Practice call' },
];

function activeFilterCount(query: IncidentQuery): number {
  return [
    query.status !== 'any',
    query.pocId !== null,
    query.platform !== 'any',
    query.from !== null || query.to !== null,
  ].filter(Boolean).length;
}

interface FiltersProps {
  query: IncidentQuery;
  pocs: Poc[];
  onChange: (query: IncidentQuery) => void;
  /** Arrow Down in the search box moves into the list. */
  onSearchArrowDown: () => void;
}

export function Filters({ query, pocs, onChange, onSearchArrowDown }: FiltersProps) {
  const [text, setText] = useState(query.text);
  const [open, setOpen] = useState(false);
  const [fromInput, setFromInput] = useState('');
  const [toInput, setToInput] = useState('');
  const latest = useRef(query);
  latest.current = query;

  useEffect(() => {
    if (text === latest.current.text) return;
    const timer = setTimeout(() => {
      performance.mark('demo-rescue:search-start');
      onChange({ ...latest.current, text });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, onChange]);

  const from = parseDateInput(fromInput);
  const to = parseDateInput(toInput, true);
  const rangeError =
    from !== null && to !== null && from > to ? 'The start date is after the end date.' : null;

  const setRange = (nextFrom: string, nextTo: string) => {
    setFromInput(nextFrom);
    setToInput(nextTo);
    const f = parseDateInput(nextFrom);
    const t = parseDateInput(nextTo, true);
    if (f !== null && t !== null && f > t) return;
    if (f !== query.from || t !== query.to) onChange({ ...query, from: f, to: t });
  };

  const count = activeFilterCount(query);
  const sortedPocs = [...pocs].sort((a, b) => a.prospect.localeCompare(b.prospect));

  return (
    <div class="filters">
      <div class="search-row">
        <label class="visually-hidden" for="incident-search">
          Search incidents
        </label>
        <input
          id="incident-search"
          class="search"
          type="search"
          placeholder="Search prospect, notes, root cause"
          autocomplete="off"
          maxLength={200}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              onSearchArrowDown();
            }
          }}
        />
        <button
          type="button"
          class="button"
          aria-expanded={open}
          aria-controls="incident-filters"
          onClick={() => setOpen(!open)}
        >
          Filters{count > 0 ? ` (${count})` : ''}
        </button>
      </div>
      <fieldset id="incident-filters" class="filter-panel" hidden={!open}>
        <legend class="visually-hidden">Filters</legend>
        <label>
          Status
          <select
            value={query.status}
            onChange={(e) =>
              onChange({ ...query, status: e.currentTarget.value as IncidentQuery['status'] })
            }
          >
            {STATUS_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          POC
          <select
            value={query.pocId ?? ''}
            onChange={(e) => onChange({ ...query, pocId: e.currentTarget.value || null })}
          >
            <option value="">Any POC</option>
            {sortedPocs.map((poc) => (
              <option key={poc.id} value={poc.id}>
                {isolate(poc.prospect)}
                {poc.name ? ` – ${isolate(poc.name)}` : ''}
                {poc.archived ? ' (archived)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Platform
          <select
            value={query.platform}
            onChange={(e) =>
              onChange({ ...query, platform: e.currentTarget.value as IncidentQuery['platform'] })
            }
          >
            {PLATFORM_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <div class="date-range">
          <label>
            From
            <input
              type="date"
              value={fromInput}
              aria-invalid={rangeError ? true : undefined}
              aria-describedby={rangeError ? 'date-range-error' : undefined}
              onChange={(e) => setRange(e.currentTarget.value, toInput)}
            />
          </label>
          <label>
            To
            <input
              type="date"
              value={toInput}
              aria-invalid={rangeError ? true : undefined}
              aria-describedby={rangeError ? 'date-range-error' : undefined}
              onChange={(e) => setRange(fromInput, e.currentTarget.value)}
            />
          </label>
        </div>
        {rangeError && (
          <p id="date-range-error" class="field-error" role="alert">
            {rangeError}
          </p>
        )}
        {count > 0 && (
          <button
            type="button"
            class="button link"
            onClick={() => {
              setFromInput('');
              setToInput('');
              onChange({ ...DEFAULT_QUERY, text: query.text });
            }}
          >
            Clear filters
          </button>
        )}
      </fieldset>
    </div>
  );
}
