/**
 * The action popup: the incident list, one incident's detail, and the follow-up composer. The
 * list keeps its filters and loaded pages while a detail view is open.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { IncidentRecord } from '../domain/record';
import { sidePanelSupported } from '../shared/side-panel-open';
import { openPracticeCall, openSettings } from './browser-actions';
import { Composer } from '../review/composer/Composer';
import { Filters } from './Filters';
import { useNow, usePlaybook, usePocs } from '../review/hooks';
import { IncidentDetail } from './IncidentDetail';
import { focusRow, IncidentRows, usePaintMark } from './IncidentList';
import { useIncident } from '../review/incident-data';
import { LoadError, Loading } from '../review/LoadState';
import { DEFAULT_QUERY, isDefaultQuery, useIncidentList } from './use-incident-list';
import { Welcome } from './Welcome';
import { WeeklyChartSection } from './WeeklyChart';
import { SidePanelButton } from './SidePanelButton';

type View = { kind: 'list' } | { kind: 'detail'; id: string } | { kind: 'compose'; id: string };

export function Popup() {
  const list = useIncidentList();
  const playbook = usePlaybook();
  const pocs = usePocs();
  const now = useNow();
  const [view, setView] = useState<View>({ kind: 'list' });
  const [filtersKey, setFiltersKey] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const listRef = useRef<HTMLDivElement>(null);
  const returnToId = useRef<string | null>(null);
  usePaintMark(list.state.version);

  // Back on the list, focus returns to the row that was opened.
  useEffect(() => {
    if (view.kind !== 'list' || returnToId.current === null) return;
    const id = returnToId.current;
    returnToId.current = null;
    const row = listRef.current?.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`);
    if (row) row.focus();
    else focusRow(listRef.current, 'first');
  }, [view]);

  const open = (id: string) => {
    returnToId.current = id;
    setAnnouncement('');
    setView({ kind: 'detail', id });
  };
  const onDeleted = (id: string) => {
    list.remove(id);
    setAnnouncement('Incident deleted.');
    setView({ kind: 'list' });
  };
  const onSent = (record: IncidentRecord) => list.replace(record);

  if (view.kind === 'detail' || view.kind === 'compose') {
    return (
      <IncidentView
        key={`${view.kind}:${view.id}`}
        view={view}
        now={now}
        onBack={() =>
          setView(view.kind === 'compose' ? { kind: 'detail', id: view.id } : { kind: 'list' })
        }
        onCompose={() => setView({ kind: 'compose', id: view.id })}
        onDeleted={onDeleted}
        onSent={onSent}
      />
    );
  }

  const { state } = list;
  const empty = state.pinned.length === 0 && state.items.length === 0;
  const newUser = state.phase === 'ready' && empty && isDefaultQuery(list.query);
  const firstLoad = state.version === 0;

  let content: ComponentChildren;
  if (state.phase === 'error') {
    content = (
      <LoadError
        title="Could not load incidents"
        message={state.error ?? ''}
        onRetry={list.retry}
      />
    );
  } else if ((state.phase === 'loading' && firstLoad) || playbook === null) {
    content = <Loading label="Loading incidents…" />;
  } else if (newUser) {
    content = <Welcome />;
  } else if (empty) {
    content = (
      <div class="load-state">
        <p>No incidents match your search and filters.</p>
        <button
          type="button"
          class="button"
          onClick={() => {
            setFiltersKey((k) => k + 1);
            list.setQuery(DEFAULT_QUERY);
          }}
        >
          Clear search and filters
        </button>
      </div>
    );
  } else {
    content = (
      <>
        <IncidentRows
          pinned={state.pinned}
          items={state.items}
          windows={playbook.windows}
          now={now}
          onOpen={open}
          listRef={listRef}
        />
        {state.morePinned && (
          <p class="hint">
            More follow-ups are overdue than shown here.{' '}
            <button
              type="button"
              class="button link"
              onClick={() => list.setQuery({ ...list.query, status: 'overdue' })}
            >
              Show all overdue
            </button>
          </p>
        )}
        {state.loadMoreError && (
          <p class="field-error" role="alert">
            Could not load more: {state.loadMoreError}
          </p>
        )}
        {state.nextCursor !== null && (
          <button
            type="button"
            class="button load-more"
            disabled={state.loadingMore}
            onClick={list.loadMore}
          >
            {state.loadingMore ? 'Loading…' : state.loadMoreError ? 'Try again' : 'Load more'}
          </button>
        )}
      </>
    );
  }

  return (
    <div class="popup">
      <header class="popup-header">
        <h1>Demo Rescue</h1>
        <nav aria-label="Demo Rescue pages" class="header-actions">
          {sidePanelSupported() && <SidePanelButton />}
          <button type="button" class="button small" onClick={() => void openPracticeCall()}>
            Practice
          </button>
          <button type="button" class="button small" onClick={() => void openSettings()}>
            Settings
          </button>
        </nav>
      </header>
      {!newUser && (
        <Filters
          key={filtersKey}
          query={list.query}
          pocs={pocs}
          onChange={list.setQuery}
          onSearchArrowDown={() => focusRow(listRef.current, 'first')}
        />
      )}
      {!newUser && <WeeklyChartSection enabled={!firstLoad} />}
      <main
        class="popup-main"
        aria-busy={state.phase === 'loading' ? true : undefined}
        aria-label="Incidents"
      >
        {content}
      </main>
      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}

interface IncidentViewProps {
  view: Exclude<View, { kind: 'list' }>;
  now: number;
  onBack: () => void;
  onCompose: () => void;
  onDeleted: (id: string) => void;
  onSent: (record: IncidentRecord) => void;
}

function IncidentView({ view, now, onBack, onCompose, onDeleted, onSent }: IncidentViewProps) {
  const { load, retry } = useIncident(view.id);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const title = (() => {
    if (load.phase !== 'ready') return view.kind === 'compose' ? 'Follow-up' : 'Incident';
    const prospect = load.data.poc?.prospect;
    const who = prospect === undefined ? 'Incident' : <bdi>{prospect}</bdi>;
    return view.kind === 'compose' ? <>Follow-up for {who}</> : who;
  })();

  return (
    <div class="popup">
      <header class="popup-header">
        <button type="button" class="button small back" onClick={onBack}>
          <span aria-hidden="true">←</span> {view.kind === 'compose' ? 'Incident' : 'All incidents'}
        </button>
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
      </header>
      <main class="popup-main">
        {load.phase === 'loading' && <Loading label="Loading the incident…" />}
        {load.phase === 'error' && (
          <LoadError title="Could not load this incident" message={load.message} onRetry={retry} />
        )}
        {load.phase === 'missing' && (
          <p class="load-state">This incident no longer exists. It may have been deleted.</p>
        )}
        {load.phase === 'ready' && view.kind === 'detail' && (
          <IncidentDetail data={load.data} now={now} onCompose={onCompose} onDeleted={onDeleted} />
        )}
        {load.phase === 'ready' && view.kind === 'compose' && (
          <Composer data={load.data} onSent={onSent} layout="popup" />
        )}
      </main>
    </div>
  );
}
