/** The parts of the recovery panel, one per thing the SE says or does. */
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { ETA_PRESETS } from '../../domain/eta';
import { OUTCOME_LABELS } from '../../domain/incident';
import { pivotCandidates } from '../../domain/poc';
import { formatClock, formatDue, formatOffset } from '../../domain/time';
import { OVERLAY_KEYS } from '../keys';
import { isolated } from '../bidi';
import { PrivateField } from './private-field';
import type { OverlayStore } from '../store';

interface Props {
  store: OverlayStore;
}

export function Kbd({ children }: { children: string }) {
  return <kbd aria-hidden="true">{children}</kbd>;
}

export function TalkTrack({ store }: Props) {
  const state = store.state.value;
  const phase = store.clock.value?.phase;
  if (!state || !phase || phase === 'closed') return null;
  const tracks = store.spokenLines.value;
  if (tracks.length === 0) return null;
  const index = (store.talkTrackIndex.value[phase] ?? 0) % tracks.length;
  const line = tracks[index]!;
  return (
    <section aria-labelledby="say-label">
      <div class="row" style={{ justifyContent: 'space-between' }}>
        <h3 class="label" id="say-label">
          Say
        </h3>
        {tracks.length > 1 && (
          <button
            type="button"
            class="act"
            onClick={() => store.nextTalkTrack()}
            aria-label={`Next talk track (${index + 1} of ${tracks.length})`}
          >
            Next line {index + 1}/{tracks.length} <Kbd>T</Kbd>
          </button>
        )}
      </div>
      <p class="say" data-talk-track>
        “
        {line.parts.map((part, i) =>
          part.blank ? (
            <mark key={i} class="blank" title={`Not known yet: {${part.blank}}`}>
              {part.text}
            </mark>
          ) : part.filled ? (
            <bdi key={i}>{part.text}</bdi>
          ) : (
            part.text
          ),
        )}
        ”
      </p>
      {line.blanks.length > 0 && (
        <p class="hint">Highlighted: not known yet, say it in your own words.</p>
      )}
    </section>
  );
}

export function DontSay({ store }: Props) {
  const phase = store.clock.value?.phase;
  if (!phase || phase === 'closed') return null;
  const phrases = store.playbook.value.phases[phase].dontSay;
  if (phrases.length === 0) return null;
  return (
    <section aria-labelledby="dont-label">
      <h3 class="label" id="dont-label">
        Don’t say
      </h3>
      <ul class="dont">
        {phrases.map((phrase) => (
          <li key={phrase}>
            <bdi>{phrase}</bdi>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function PocPicker({ store }: Props) {
  const state = store.state.value;
  const pocs = store.pocs.value;
  if (!state) return null;
  if (store.pocsError.value) return <p class="hint">{store.pocsError.value}</p>;
  if (pocs === null) return <p class="hint">Loading POCs…</p>;
  if (pocs.length === 0) {
    return <p class="hint">No POCs yet. Add them, with their success criteria, in Options.</p>;
  }
  return (
    <label>
      <span class="label">POC</span>
      <select
        value={state.pocId ?? ''}
        disabled={!store.active.value}
        onChange={(event) => {
          const value = event.currentTarget.value;
          void store.act({ kind: 'select-poc', pocId: value === '' ? null : value });
        }}
      >
        <option value="">No POC</option>
        {pocs.map((poc) => (
          <option key={poc.id} value={poc.id}>
            {isolated(poc.prospect)} — {isolated(poc.name)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Acknowledge({ store }: Props) {
  const state = store.state.value;
  if (!state || state.acknowledgedAt !== null || !store.active.value) return null;
  return (
    <button
      type="button"
      class="act primary"
      data-focus="acknowledge"
      onClick={() => void store.act({ kind: 'acknowledge' })}
    >
      I said it: acknowledged <Kbd>A</Kbd>
    </button>
  );
}

export function IssueField({ store }: Props) {
  const state = store.state.value;
  if (!state || !store.active.value) return null;
  return <PrivateField store={store} kind="issue" focusName="issue" />;
}

export function Notes({ store }: Props) {
  const state = store.state.value;
  if (!state) return null;
  return (
    <div>
      {store.active.value && <PrivateField store={store} kind="note" focusName="notes" />}
      {state.notes.length > 0 && (
        <ul class="notes" aria-label="Saved notes">
          {state.notes.map((note, i) => (
            <li key={`${note.at}-${i}`}>
              <time>{formatOffset(note.at - state.startedAt)}</time>
              <bdi>{note.text}</bdi>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The current phase's checklist; keys 1–9 tick the first nine items. */
export function Checklist({ store }: Props) {
  const state = store.state.value;
  const phase = store.clock.value?.phase;
  if (!state || !phase || phase === 'closed') return null;
  const items = store.playbook.value.phases[phase].checklist;
  if (items.length === 0) return null;
  const done = items.filter((item) => state.checklist[item]).length;
  return (
    <section aria-labelledby="check-label">
      <h3 class="label" id="check-label">
        Checklist {done}/{items.length}
      </h3>
      <ul class="checklist">
        {items.map((item, i) => {
          const checked = state.checklist[item] === true;
          return (
            <li key={item}>
              <label class={checked ? 'done' : undefined}>
                <input
                  type="checkbox"
                  checked={checked}
                  disabled={!store.active.value}
                  onChange={(event) =>
                    void store.act({ kind: 'checklist', item, done: event.currentTarget.checked })
                  }
                />
                {i < 9 && (
                  <span class="num" aria-hidden="true">
                    {i + 1}
                  </span>
                )}
                <bdi>{item}</bdi>
              </label>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function PivotPicker({ store }: Props) {
  const state = store.state.value;
  const poc = store.poc.value;
  if (!state) return null;
  if (!poc) {
    return (
      <p class="hint" data-focus="pivot" tabIndex={-1}>
        Choose the POC above to see the success criteria you can pivot to.
      </p>
    );
  }
  const candidates = pivotCandidates(poc);
  if (candidates.length === 0) {
    return (
      <p class="hint" data-focus="pivot" tabIndex={-1}>
        Every success criterion of <bdi>{poc.name}</bdi> is proven. Add another in Options.
      </p>
    );
  }
  const chosen = state.pivot?.criterionId ?? null;
  const focusable = candidates.some((c) => c.id === chosen) ? chosen : candidates[0]?.id;
  return (
    <fieldset>
      <legend class="label">Pivot to</legend>
      <div class="choices">
        {candidates.map((criterion) => (
          <label key={criterion.id}>
            <input
              type="radio"
              name="pivot"
              value={criterion.id}
              checked={criterion.id === chosen}
              disabled={!store.active.value}
              data-focus={criterion.id === focusable ? 'pivot' : undefined}
              onChange={() => void store.act({ kind: 'pivot', criterionId: criterion.id })}
            />
            <span>
              <strong>
                <bdi>{criterion.title}</bdi>
              </strong>
              {criterion.howToShow && (
                <span class="hint">
                  {' '}
                  — <bdi>{criterion.howToShow}</bdi>
                </span>
              )}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

const OTHER = 'other';

export function EscalateForm({ store }: Props) {
  const state = store.state.value;
  const phase = store.clock.value?.phase;
  const [choice, setChoice] = useState('1');
  if (!state || !store.active.value) return null;
  const open = phase === 'escalate' || store.escalateOpen.value || state.escalatedAt !== null;
  if (!open) {
    return (
      <button
        type="button"
        class="act"
        data-focus="escalate"
        onClick={() => (store.escalateOpen.value = true)}
      >
        Escalate now <Kbd>E</Kbd>
      </button>
    );
  }
  /** A preset; the SE's own words are recorded by their private field (Enter there). */
  const record = async () => {
    const preset = ETA_PRESETS[Number(choice)];
    if (preset) await store.act({ kind: 'escalate', eta: preset.label, etaInMs: preset.inMs });
  };
  return (
    <section aria-labelledby="escalate-label" class="body" style={{ padding: 0 }}>
      <h3 class="label" id="escalate-label">
        Escalate
      </h3>
      {state.escalatedAt !== null && state.eta && (
        <p class="status" role="status">
          Escalated at {formatOffset(state.escalatedAt - state.startedAt)}. Update promised{' '}
          <bdi>{state.eta.text}</bdi>
          {state.eta.dueAt !== null && ` (${formatDue(state.eta.dueAt, store.now.value)})`}.
        </p>
      )}
      <PivotPicker store={store} />
      {state.escalatedAt === null && (
        <>
          <label>
            <span class="label">Promise an update</span>
            <select
              value={choice}
              data-focus="eta"
              onChange={(event) => setChoice(event.currentTarget.value)}
            >
              {ETA_PRESETS.map((preset, i) => (
                <option key={preset.label} value={String(i)}>
                  {preset.label}
                </option>
              ))}
              <option value={OTHER}>Other…</option>
            </select>
          </label>
          {choice === OTHER && <PrivateField store={store} kind="eta" focusName="eta-words" />}
          {choice === OTHER ? (
            <p class="hint">Enter in your words records the escalation.</p>
          ) : (
            <button type="button" class="act primary" onClick={() => void record()}>
              Record escalation
            </button>
          )}
        </>
      )}
    </section>
  );
}

export function EndControls({ store }: Props) {
  if (!store.active.value) return null;
  const confirming = store.confirmingDiscard.value;
  return (
    <section aria-label="End the incident">
      <div class="row">
        <button
          type="button"
          class="act primary"
          onClick={() => void store.act({ kind: 'end', outcome: 'fixed-live' })}
        >
          Fixed live <Kbd>F</Kbd>
        </button>
        <button
          type="button"
          class="act"
          onClick={() => void store.act({ kind: 'end', outcome: 'escalated' })}
        >
          End: escalated
        </button>
        <button
          type="button"
          class="act danger"
          aria-expanded={confirming}
          onClick={() => (store.confirmingDiscard.value = !confirming)}
        >
          Discard… <Kbd>D</Kbd>
        </button>
      </div>
      {confirming && (
        <div class="confirm" role="group" aria-labelledby="discard-q">
          <p class="status" id="discard-q">
            Discard this incident as a false alarm? It is not scored and needs no follow-up.
          </p>
          <div class="row">
            <button
              type="button"
              class="act danger"
              data-focus="confirm-discard"
              onClick={() => void store.act({ kind: 'end', outcome: 'discarded' })}
            >
              Discard it
            </button>
            <button
              type="button"
              class="act"
              onClick={() => (store.confirmingDiscard.value = false)}
            >
              Keep it
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/** After the end: what happens next, and a way out. */
export function Ended({ store, onClose }: Props & { onClose: () => void }) {
  const state = store.state.value;
  if (!state) return null;
  if (store.vanished.value) {
    return (
      <>
        <p class="status">This incident was closed in another window.</p>
        <div class="row end">
          <button type="button" class="act" data-focus="close" onClick={onClose}>
            Close
          </button>
        </div>
      </>
    );
  }
  const lasted = state.endedAt === null ? null : formatClock(state.endedAt - state.startedAt);
  return (
    <>
      <p class="status">
        {state.outcome ? OUTCOME_LABELS[state.outcome] : 'Ended'}
        {lasted && ` after ${lasted}`}.
      </p>
      {state.followUpDueAt !== null ? (
        <p>
          Follow-up {formatDue(state.followUpDueAt, store.now.value)}: root cause, resolution and
          prevention, in writing.
        </p>
      ) : (
        <p class="hint">Nothing to follow up.</p>
      )}
      <div class="row end">
        {state.followUpDueAt !== null && (
          <button
            type="button"
            class="act primary"
            data-focus="report"
            onClick={() => void store.openReport()}
          >
            Open the report
          </button>
        )}
        <button type="button" class="act" data-focus="close" onClick={onClose}>
          Close
        </button>
      </div>
    </>
  );
}

export function Help({ store }: Props) {
  if (!store.helpOpen.value) return null;
  return (
    <section aria-labelledby="help-label">
      <h3 class="label" id="help-label">
        Keys (while the overlay has focus)
      </h3>
      <dl class="help">
        {OVERLAY_KEYS.map(({ keys, does }) => (
          <Fragment key={keys}>
            <dt>{keys}</dt>
            <dd>{does}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}

export function ErrorLine({ store }: Props) {
  const message = store.error.value;
  const notice = store.notice.value;
  if (!message) {
    return notice ? (
      <p class="status" role="status">
        {notice}
      </p>
    ) : null;
  }
  return (
    <div class="error" role="alert">
      <span>{message}</span>
      <button
        type="button"
        class="icon"
        aria-label="Dismiss the error"
        onClick={() => (store.error.value = null)}
      >
        ×
      </button>
    </div>
  );
}
