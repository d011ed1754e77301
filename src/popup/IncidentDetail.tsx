/** One incident: what happened when, how it scored and why, and the way to the follow-up. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { sortEvents } from '../domain/incident';
import { describeEvent } from '../domain/report';
import { followUpStatus, outcomeLabel } from '../domain/review';
import { scorecard } from '../domain/scorecard';
import { formatClock, formatOffset } from '../domain/time';
import { send } from '../shared/messaging';
import { openReportTab } from './browser-actions';
import { formatDateTime, PLATFORM_LABELS } from '../review/format';
import { errorMessage } from '../review/hooks';
import type { IncidentData } from '../review/incident-data';
import { ScorecardDetails } from './Scorecard';

interface DetailProps {
  data: IncidentData;
  now: number;
  onCompose: () => void;
  onDeleted: (id: string) => void;
}

export function IncidentDetail({ data, now, onCompose, onDeleted }: DetailProps) {
  const { record, events, state, poc, playbook } = data;
  const card = scorecard(state, playbook.windows, now);
  const followUp = followUpStatus(record, now);
  // Evidence deleted here: gone from the store, hidden at once.
  const [removed, setRemoved] = useState<ReadonlySet<string>>(new Set());
  const [evidenceError, setEvidenceError] = useState<string | null>(null);
  const timeline = sortEvents(events).flatMap((event) => {
    if (event.type === 'evidence' && removed.has(event.item.id)) return [];
    const text = describeEvent(event);
    const evidenceId = event.type === 'evidence' ? event.item.id : null;
    return text
      ? [{ offset: formatOffset(event.at - state.startedAt), text, at: event.at, evidenceId }]
      : [];
  });
  const deleteEvidence = async (evidenceId: string) => {
    setEvidenceError(null);
    try {
      await send('incidents/delete-evidence', { id: record.id, evidenceId });
      setRemoved((current) => new Set([...current, evidenceId]));
    } catch (e) {
      setEvidenceError(`Not deleted: ${errorMessage(e)}`);
    }
  };
  const duration =
    state.endedAt === null ? 'ongoing' : formatClock(state.endedAt - state.startedAt);

  return (
    <div class="detail">
      <dl class="facts">
        <div>
          <dt>Started</dt>
          <dd>{formatDateTime(state.startedAt)}</dd>
        </div>
        <div>
          <dt>POC</dt>
          <dd>
            {poc ? (
              <>
                <bdi>{poc.prospect}</bdi>
                {poc.name ? (
                  <>
                    {' – '}
                    <bdi>{poc.name}</bdi>
                  </>
                ) : null}
              </>
            ) : (
              'None'
            )}
          </dd>
        </div>
        <div>
          <dt>Platform</dt>
          <dd>{PLATFORM_LABELS[state.platform]}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{duration}</dd>
        </div>
        <div>
          <dt>Outcome</dt>
          <dd>{outcomeLabel(state.outcome)}</dd>
        </div>
        <div>
          <dt>Follow-up</dt>
          <dd class={`follow-up-${followUp.kind}`}>{followUp.text}</dd>
        </div>
      </dl>

      <div class="button-row">
        <button type="button" class="button primary" onClick={onCompose}>
          Write follow-up
        </button>
        <button type="button" class="button" onClick={() => void openReportTab(record.id)}>
          Open in a tab
        </button>
      </div>

      <section aria-labelledby="scorecard-title">
        <h3 id="scorecard-title">
          Scorecard{' '}
          <span class="muted">
            {card.passed} of {card.decided} decided marks passed
          </span>
        </h3>
        <ScorecardDetails marks={card.marks} />
      </section>

      <section aria-labelledby="captured-title">
        <h3 id="captured-title">Captured in the call</h3>
        <dl class="captured">
          <dt>Symptom</dt>
          <dd dir="auto">{state.issue ?? <span class="muted">Not described</span>}</dd>
          <dt>Root cause</dt>
          <dd dir="auto">
            {state.rootCause ?? <span class="muted">Not identified in the call</span>}
          </dd>
          <dt>Pivot criterion</dt>
          <dd dir="auto">{state.pivot?.criterionTitle ?? <span class="muted">No pivot</span>}</dd>
          <dt>ETA promised</dt>
          <dd>
            {state.eta ? (
              <>
                <bdi>{state.eta.text}</bdi>
                {state.eta.dueAt !== null && (
                  <span class="muted"> (due {formatDateTime(state.eta.dueAt)})</span>
                )}
              </>
            ) : (
              <span class="muted">No ETA promised</span>
            )}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="notes-title">
        <h3 id="notes-title">Notes</h3>
        {state.notes.length === 0 ? (
          <p class="muted">No notes taken.</p>
        ) : (
          <ul class="notes">
            {state.notes.map((note, i) => (
              <li key={i}>
                <span class="offset">{formatOffset(note.at - state.startedAt)}</span>
                <span class="note-text" dir="auto">
                  {note.text}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="timeline-title">
        <h3 id="timeline-title">
          Timeline <span class="muted">relative to the failure</span>
        </h3>
        <ol class="timeline">
          {timeline.map((line, i) => (
            <li key={i}>
              <time class="offset" dateTime={new Date(line.at).toISOString()}>
                {line.offset}
              </time>
              <span dir="auto">{line.text}</span>
              {line.evidenceId !== null && (
                <button
                  type="button"
                  class="button small"
                  aria-label={`Delete this evidence: ${line.text}`}
                  onClick={() => void deleteEvidence(line.evidenceId!)}
                >
                  Delete
                </button>
              )}
            </li>
          ))}
        </ol>
        {evidenceError && (
          <p class="field-error" role="alert">
            {evidenceError}
          </p>
        )}
      </section>

      <DeleteIncident id={record.id} onDeleted={onDeleted} />
    </div>
  );
}

function DeleteIncident({ id, onDeleted }: { id: string; onDeleted: (id: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (wasConfirming.current) startRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await send('incidents/delete', { id });
      onDeleted(id);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  if (!confirming) {
    return (
      <div class="danger-zone">
        <button
          ref={startRef}
          type="button"
          class="button danger"
          onClick={() => setConfirming(true)}
        >
          Delete incident
        </button>
      </div>
    );
  }
  return (
    <div
      class="danger-zone confirm"
      role="group"
      aria-labelledby="delete-question"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !busy) {
          e.stopPropagation();
          setConfirming(false);
        }
      }}
    >
      <p id="delete-question">
        Delete this incident, its timeline and its follow-up draft? This cannot be undone.
      </p>
      {error && (
        <p class="field-error" role="alert">
          Not deleted: {error}
        </p>
      )}
      <div class="button-row">
        <button
          ref={confirmRef}
          type="button"
          class="button danger"
          disabled={busy}
          onClick={() => void remove()}
        >
          {busy ? 'Deleting…' : 'Delete'}
        </button>
        <button type="button" class="button" disabled={busy} onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
