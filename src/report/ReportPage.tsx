/**
 * The follow-up composer in a full tab (src/report/index.html?incident=<id>), for more room than
 * the popup has. Reminder notifications open it too.
 */
import { useEffect } from 'preact/hooks';
import { isolate } from '../domain/bidi';
import { outcomeLabel } from '../domain/review';
import { Composer } from '../review/composer/Composer';
import { formatDateTime } from '../review/format';
import { useIncident } from '../review/incident-data';
import { LoadError, Loading } from '../review/LoadState';

export function incidentIdFrom(search: string): string | null {
  const id = new URLSearchParams(search).get('incident');
  return id && id.trim() ? id : null;
}

export function ReportPage({ incidentId }: { incidentId: string | null }) {
  return (
    <main class="report-page">
      {incidentId === null ? (
        <>
          <h1>Follow-up report</h1>
          <p class="load-state" role="alert">
            No incident was given. Open the report from an incident in the Demo Rescue popup.
          </p>
        </>
      ) : (
        <ReportFor incidentId={incidentId} />
      )}
    </main>
  );
}

function ReportFor({ incidentId }: { incidentId: string }) {
  const { load, retry } = useIncident(incidentId);
  const prospect = load.phase === 'ready' ? load.data.poc?.prospect : null;

  useEffect(() => {
    document.title = prospect
      ? `Follow-up for ${isolate(prospect)} – Demo Rescue`
      : 'Follow-up – Demo Rescue';
  }, [prospect]);

  if (load.phase === 'loading') return <Loading label="Loading the incident…" />;
  if (load.phase === 'error') {
    return (
      <>
        <h1>Follow-up report</h1>
        <LoadError title="Could not load this incident" message={load.message} onRetry={retry} />
      </>
    );
  }
  if (load.phase === 'missing') {
    return (
      <>
        <h1>Follow-up report</h1>
        <p class="load-state" role="alert">
          This incident no longer exists. It may have been deleted.
        </p>
      </>
    );
  }
  const { state } = load.data;
  return (
    <>
      <header class="report-header">
        <h1>
          {prospect ? (
            <>
              Follow-up for <bdi>{prospect}</bdi>
            </>
          ) : (
            'Follow-up report'
          )}
        </h1>
        <p class="muted">
          Incident of {formatDateTime(state.startedAt)} · {outcomeLabel(state.outcome)}
          {state.issue ? (
            <>
              {' · '}
              <bdi>{state.issue}</bdi>
            </>
          ) : null}
        </p>
      </header>
      <Composer data={load.data} layout="tab" />
    </>
  );
}
