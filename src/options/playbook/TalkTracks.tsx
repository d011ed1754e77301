/**
 * A phase's talk tracks: edit, add, remove (with undo) and reorder with Up/Down buttons or
 * Alt+Arrow keys in the text, each with a live preview and unknown placeholders flagged.
 */
import { ItemActions } from '../ui/ItemActions';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { PhaseId } from '../../domain/playbook';
import { PHASE_LABELS, PLAYBOOK_LIMITS } from '../../domain/playbook';
import { PLACEHOLDERS, fillPlaceholders, unknownPlaceholders } from '../../domain/placeholders';
import { CharCount } from '../ui/CharCount';
import { FieldMessages, describedBy } from '../ui/FieldMessages';
import { usePage } from '../ui/context';
import { focusFirst, otherMove } from '../ui/focus';
import type { DraftProblems, TalkTrackDraft } from './draft';
import { newTrackKey } from './draft';
import type { PlaybookModel } from './model';
import { moveItem, withTracks } from './model';
import type { PreviewSample } from './preview';
import { previewParts } from './preview';

const KNOWN = Object.keys(PLACEHOLDERS).map((name) => `{${name}}`);

type FocusTarget = { key: number; part: 'text' | 'up' | 'down' };

export function TalkTracks({
  phase,
  tracks,
  problems,
  model,
  sample,
}: {
  phase: PhaseId;
  tracks: readonly TalkTrackDraft[];
  problems: DraftProblems;
  model: PlaybookModel;
  sample: PreviewSample;
}) {
  const { announce } = usePage();
  const list = useRef<HTMLOListElement>(null);
  const focusNext = useRef<FocusTarget | null>(null);
  const listErrors = problems.get(`phases.${phase}.talkTracks`);
  const atLimit = tracks.length >= PLAYBOOK_LIMITS.listItems;
  const removed = model.removed.value;

  useLayoutEffect(() => {
    const target = focusNext.current;
    if (!target) return;
    focusNext.current = null;
    const item = list.current?.querySelector(`[data-key="${target.key}"]`);
    const parts = target.part === 'text' ? ['text'] : [target.part, otherMove(target.part), 'text'];
    focusFirst(
      item,
      parts.map((part) => `[data-part="${part}"]`),
    );
  });

  function move(index: number, to: number, part: FocusTarget['part']) {
    const track = tracks[index];
    if (!track || to < 0 || to >= tracks.length) return;
    focusNext.current = { key: track.key, part };
    model.update((d) => withTracks(d, phase, (all) => moveItem(all, index, to)));
    announce(`Talk track moved to position ${to + 1} of ${tracks.length}.`);
  }

  function add() {
    const key = newTrackKey();
    focusNext.current = { key, part: 'text' };
    model.update((d) => withTracks(d, phase, (all) => [...all, { key, text: '' }]));
  }

  function remove(index: number) {
    model.removeTrack(phase, index);
    announce(`Talk track ${index + 1} removed. Undo is available after the list.`);
    const neighbour = tracks[index + 1] ?? tracks[index - 1];
    if (neighbour) focusNext.current = { key: neighbour.key, part: 'text' };
  }

  return (
    <section class="talk-tracks" aria-labelledby={`${phase}-tracks-heading`}>
      <h4 id={`${phase}-tracks-heading`}>Talk tracks</h4>
      <p class="hint">
        Lines the overlay offers you, in this order. Placeholders are filled during a call:{' '}
        {Object.entries(PLACEHOLDERS).map(([name, description], i) => (
          <span key={name}>
            {i > 0 ? ', ' : ''}
            <code>{`{${name}}`}</code> ({description.charAt(0).toLowerCase() + description.slice(1)}
            )
          </span>
        ))}
        . Alt+↑ and Alt+↓ move the talk track you are editing.
      </p>
      <p class="hint">
        Previews use {sample.source === 'poc' ? 'your first POC, ' : 'a sample POC, '}
        <strong>{sample.pocName}</strong>
        {sample.source === 'sample' ? ' (add a POC to preview with your own)' : ''}.
      </p>
      {tracks.length === 0 ? (
        <p class="empty">No talk tracks for this phase yet.</p>
      ) : (
        <ol class="track-list" ref={list}>
          {tracks.map((track, index) => (
            <TalkTrack
              key={track.key}
              phase={phase}
              track={track}
              index={index}
              count={tracks.length}
              errors={problems.get(`phases.${phase}.talkTracks[${index}]`)}
              sample={sample}
              onInput={(text) =>
                model.update((d) =>
                  withTracks(d, phase, (all) =>
                    all.map((t) => (t.key === track.key ? { ...t, text } : t)),
                  ),
                )
              }
              onMove={(to, part) => move(index, to, part)}
              onRemove={() => remove(index)}
            />
          ))}
        </ol>
      )}
      <FieldMessages id={`${phase}-tracks-errors`} errors={listErrors} />
      {removed && removed.phase === phase ? (
        <p class="undo">
          Talk track {removed.index + 1} removed.{' '}
          <button type="button" class="link" onClick={() => model.undoRemove()}>
            Undo
          </button>
        </p>
      ) : null}
      <div class="row">
        <button type="button" onClick={add} disabled={atLimit}>
          Add talk track
        </button>
        {atLimit ? (
          <span class="hint">
            {PHASE_LABELS[phase]} has {PLAYBOOK_LIMITS.listItems} talk tracks, the most allowed.
          </span>
        ) : null}
      </div>
    </section>
  );
}

function TalkTrack({
  phase,
  track,
  index,
  count,
  errors,
  sample,
  onInput,
  onMove,
  onRemove,
}: {
  phase: PhaseId;
  track: TalkTrackDraft;
  index: number;
  count: number;
  errors: readonly string[] | undefined;
  sample: PreviewSample;
  onInput: (text: string) => void;
  onMove: (to: number, part: FocusTarget['part']) => void;
  onRemove: () => void;
}) {
  const id = `${phase}-track-${track.key}`;
  const n = index + 1;
  const unknown = unknownPlaceholders(track.text);
  const filled = fillPlaceholders(track.text, sample.values);
  const limit = PLAYBOOK_LIMITS.talkTrackChars;
  const countShown = track.text.length >= limit * 0.8;

  function onKeyDown(event: KeyboardEvent) {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    onMove(event.key === 'ArrowUp' ? index - 1 : index + 1, 'text');
  }

  return (
    <li class="track" data-key={track.key}>
      <div class="track-head">
        <label for={id}>Talk track {n}</label>
        <ItemActions
          label={`talk track ${n}`}
          index={index}
          count={count}
          onMove={onMove}
          onRemove={onRemove}
          marker={(direction) => ({ 'data-part': direction })}
        />
      </div>
      <textarea
        id={id}
        data-part="text"
        rows={3}
        value={track.text}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(
          countShown && `${id}-count`,
          Boolean(errors?.length) && `${id}-errors`,
          unknown.length > 0 && `${id}-unknown`,
        )}
        onInput={(event) => onInput(event.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <CharCount id={`${id}-count`} length={track.text.length} limit={limit} />
      <FieldMessages id={`${id}-errors`} errors={errors} />
      {unknown.length > 0 ? (
        <p id={`${id}-unknown`} class="warning">
          Unknown {unknown.length === 1 ? 'placeholder' : 'placeholders'}{' '}
          {unknown.map((name) => `{${name}}`).join(', ')}: the overlay cannot fill{' '}
          {unknown.length === 1 ? 'it' : 'them'}, so it skips this line. Known placeholders:{' '}
          {KNOWN.join(', ')}.
        </p>
      ) : null}
      <div class="preview" role="group" aria-label={`Preview of talk track ${n}`}>
        <span class="preview-label" aria-hidden="true">
          Preview
        </span>
        <p>
          {track.text.trim() === '' ? (
            <span class="muted">Empty</span>
          ) : (
            previewParts(filled).map((part, i) =>
              i % 2 === 1 ? (
                <mark key={i} title="Not filled: unknown placeholder">
                  {part}
                </mark>
              ) : (
                part
              ),
            )
          )}
        </p>
      </div>
    </li>
  );
}
