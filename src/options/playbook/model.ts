/**
 * The playbook as the options page edits it: a draft that may be invalid, checked on every
 * change, saved (when valid) once typing pauses, and merged with edits from other tabs, syncs
 * and imports. A save sends only the fields this tab changed, each with the value it replaced
 * (src/domain/field-merge.ts); the worker applies them to what is stored now. A field changed
 * both here and elsewhere is a conflict: both versions stay visible until the SE chooses.
 */
import type { ReadonlySignal } from '@preact/signals';
import { computed, signal } from '@preact/signals';
import { sameData } from '../../domain/data';
import type { FieldChange, FieldConflict, FieldPath } from '../../domain/field-merge';
import { applyFields, diffFields, pathWithin, valueAt } from '../../domain/field-merge';
import type { PhaseId, Playbook } from '../../domain/playbook';
import { DEFAULT_PLAYBOOK } from '../../domain/playbook';
import { send } from '../../shared/messaging';
import { playbookItem } from '../../shared/storage/items';
import type { Autosave, SaveState } from '../autosave';
import { createAutosave } from '../autosave';
import { describeField } from '../stored-data/describe';
import type { DraftCheck, PlaybookDraft, TalkTrackDraft } from './draft';
import { checkDraft, draftFrom, phaseDraftFrom, summarise } from './draft';

export interface RemovedTrack {
  phase: PhaseId;
  index: number;
  track: TalkTrackDraft;
}

export interface PlaybookModel {
  /** Null until loaded. */
  readonly draft: ReadonlySignal<PlaybookDraft | null>;
  readonly check: ReadonlySignal<DraftCheck | null>;
  readonly autosave: Autosave<Playbook>;
  /** The autosave's state, or "not saved" while a conflict waits for the SE's choice. */
  readonly saveState: ReadonlySignal<SaveState>;
  /** Fields changed here and in another tab (or a sync) at once; held back from saving. */
  readonly conflicts: ReadonlySignal<FieldConflict[]>;
  readonly loadError: ReadonlySignal<string | null>;
  /** The last talk track removed, for Undo. */
  readonly removed: ReadonlySignal<RemovedTrack | null>;
  update(change: (draft: PlaybookDraft) => PlaybookDraft): void;
  removeTrack(phase: PhaseId, index: number): void;
  undoRemove(): void;
  resetPhase(phase: PhaseId): void;
  resetAll(): void;
  /** Resolves a conflict: keep this tab's version (saved over the other) or take the other. */
  resolve(path: FieldPath, keep: 'mine' | 'theirs'): void;
  /** Loads the stored playbook and follows changes; returns the unsubscribe. */
  start(): () => void;
  /** Replaces the draft with what is stored, even with unsaved edits (after an import). */
  reload(): Promise<void>;
}

const touches = (path: FieldPath, conflicts: readonly FieldConflict[]) =>
  conflicts.some((c) => pathWithin(path, c.path) || pathWithin(c.path, path));

function withConflicts(list: readonly FieldConflict[], added: readonly FieldConflict[]) {
  return [...list.filter((c) => !added.some((a) => sameData(a.path, c.path))), ...added];
}

export function createPlaybookModel(): PlaybookModel {
  const draft = signal<PlaybookDraft | null>(null);
  const loadError = signal<string | null>(null);
  const removed = signal<RemovedTrack | null>(null);
  const conflicts = signal<FieldConflict[]>([]);
  const check = computed(() => (draft.value ? checkDraft(draft.value) : null));
  // What is stored as this tab last heard of it: its edits are the difference from it.
  let base: Playbook | null = null;
  // Edits sent and not yet answered: their echo from storage is ours, not a conflict.
  let sent: FieldChange[] = [];
  // A stored value heard of while the draft was invalid (nothing to merge it with yet).
  let waiting: Playbook | null = null;

  const autosave = createAutosave<Playbook>(async (playbook) => {
    if (!base) return;
    const changes = diffFields(base, playbook).filter((c) => !touches(c.path, conflicts.peek()));
    if (changes.length === 0) return;
    sent = [...sent, ...changes];
    try {
      const result = await send('playbook/patch', { changes });
      let next: unknown = base;
      for (const change of changes) {
        const lost = result.conflicts.find((c) => sameData(c.path, change.path));
        const stored = lost ? lost.theirs : change.after;
        next = applyFields(next, [{ path: change.path, after: stored }]).value;
      }
      base = next as Playbook;
      if (result.conflicts.length > 0) {
        conflicts.value = withConflicts(conflicts.peek(), result.conflicts);
      }
    } finally {
      sent = sent.filter((c) => !changes.includes(c));
    }
  });

  const saveState = computed<SaveState>(() => {
    const [first, ...rest] = conflicts.value;
    if (!first) return autosave.state.value;
    const more = rest.length ? ` (and ${rest.length} more)` : '';
    return {
      kind: 'not-saved',
      reason: `${describeField('playbook', first.path)} was changed in another tab; choose which version to keep${more}`,
    };
  });

  function show(playbook: Playbook) {
    const current = check.peek()?.playbook;
    if (current && sameData(current, playbook)) return;
    draft.value = draftFrom(playbook, draft.peek() ?? undefined);
  }

  /** A stored value arrived: show it with this tab's unsaved edits on top. */
  function adoptStored(stored: Playbook) {
    const mine = check.peek()?.playbook;
    if (!base || !draft.peek()) {
      base = stored;
      show(stored);
      return;
    }
    if (!mine) {
      waiting = stored;
      return;
    }
    waiting = null;
    // Where storage holds what this tab sent, it is this tab's own save coming back.
    let seen: unknown = base;
    for (const change of sent) {
      if (sameData(valueAt(stored, change.path), change.after)) {
        seen = applyFields(seen, [{ path: change.path, after: change.after }]).value;
      }
    }
    const local = diffFields(seen, mine);
    const merged = applyFields(stored, local);
    base = stored;
    if (merged.conflicts.length > 0) {
      conflicts.value = withConflicts(conflicts.peek(), merged.conflicts);
    }
    // Conflicting fields keep this tab's text in front of the SE.
    const shown = applyFields(
      merged.value,
      conflicts.peek().map((c) => ({ path: c.path, after: c.mine })),
    ).value as Playbook;
    show(shown);
  }

  function update(change: (current: PlaybookDraft) => PlaybookDraft) {
    if (!draft.value) return;
    draft.value = change(draft.value);
    const result = check.value;
    if (!result) return;
    if (result.playbook) {
      if (waiting) adoptStored(waiting);
      autosave.schedule(check.value?.playbook ?? result.playbook);
    } else {
      autosave.reject(summarise(result.summary));
    }
  }

  async function reload() {
    try {
      const stored = await playbookItem.get();
      base = stored;
      waiting = null;
      conflicts.value = [];
      draft.value = draftFrom(stored, draft.value ?? undefined);
      autosave.clear();
      loadError.value = null;
    } catch (error) {
      loadError.value = error instanceof Error ? error.message : String(error);
    }
  }

  return {
    draft,
    check,
    autosave,
    saveState,
    conflicts,
    loadError,
    removed,
    update,
    removeTrack(phase, index) {
      const track = draft.value?.phases[phase].talkTracks[index];
      if (!track) return;
      removed.value = { phase, index, track };
      update((d) => withTracks(d, phase, (tracks) => tracks.filter((_, i) => i !== index)));
    },
    undoRemove() {
      const last = removed.value;
      if (!last) return;
      removed.value = null;
      update((d) =>
        withTracks(d, last.phase, (tracks) => [
          ...tracks.slice(0, last.index),
          last.track,
          ...tracks.slice(last.index),
        ]),
      );
    },
    resetPhase(phase) {
      update((d) => ({
        ...d,
        phases: { ...d.phases, [phase]: phaseDraftFrom(DEFAULT_PLAYBOOK.phases[phase]) },
      }));
    },
    resetAll() {
      update(() => draftFrom(DEFAULT_PLAYBOOK));
    },
    resolve(path, keep) {
      const conflict = conflicts.value.find((c) => sameData(c.path, path));
      if (!conflict) return;
      conflicts.value = conflicts.value.filter((c) => c !== conflict);
      const mine = check.value?.playbook;
      if (keep === 'theirs' && mine) {
        const taken = applyFields(mine, [{ path, after: conflict.theirs }]).value as Playbook;
        draft.value = draftFrom(taken, draft.value ?? undefined);
      }
      // Keeping mine: the next save sends it over what the other tab stored.
      update((d) => d);
    },
    start() {
      void reload();
      return playbookItem.watch((stored) => adoptStored(stored));
    },
    reload,
  };
}

export function withTracks(
  draft: PlaybookDraft,
  phase: PhaseId,
  change: (tracks: TalkTrackDraft[]) => TalkTrackDraft[],
): PlaybookDraft {
  const guide = draft.phases[phase];
  return {
    ...draft,
    phases: { ...draft.phases, [phase]: { ...guide, talkTracks: change(guide.talkTracks) } },
  };
}

/** The tracks with the one at `from` moved to `to` (both within range). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const [moved] = next.splice(from, 1);
  if (moved !== undefined) next.splice(to, 0, moved);
  return next;
}
