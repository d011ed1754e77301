/**
 * The playbook as the options page edits it: a draft that may be invalid, checked on every
 * change, saved (when valid) once typing pauses, and replaced by edits from other tabs or
 * imports when this tab has nothing unsaved.
 */
import type { ReadonlySignal } from '@preact/signals';
import { computed, signal } from '@preact/signals';
import type { PhaseId, Playbook } from '../../domain/playbook';
import { DEFAULT_PLAYBOOK } from '../../domain/playbook';
import { loadPlaybook, onPrefsChanged, playbookFrom, savePlaybook } from '../../shared/prefs';
import type { Autosave } from '../autosave';
import { createAutosave } from '../autosave';
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
  readonly loadError: ReadonlySignal<string | null>;
  /** The last talk track removed, for Undo. */
  readonly removed: ReadonlySignal<RemovedTrack | null>;
  update(change: (draft: PlaybookDraft) => PlaybookDraft): void;
  removeTrack(phase: PhaseId, index: number): void;
  undoRemove(): void;
  resetPhase(phase: PhaseId): void;
  resetAll(): void;
  /** Loads the stored playbook and follows changes; returns the unsubscribe. */
  start(): () => void;
  /** Replaces the draft with what is stored, even with unsaved edits (after an import). */
  reload(): Promise<void>;
}

const canonical = (playbook: unknown) => JSON.stringify(playbookFrom(playbook));

export function createPlaybookModel(): PlaybookModel {
  const draft = signal<PlaybookDraft | null>(null);
  const loadError = signal<string | null>(null);
  const removed = signal<RemovedTrack | null>(null);
  const check = computed(() => (draft.value ? checkDraft(draft.value) : null));
  // What storage holds (or will, once the queued save lands): changes equal to it are our echo.
  let stored = '';
  const autosave = createAutosave<Playbook>((playbook) => savePlaybook(playbook));

  function adopt(playbook: Playbook) {
    stored = canonical(playbook);
    draft.value = draftFrom(playbook, draft.value ?? undefined);
  }

  function update(change: (current: PlaybookDraft) => PlaybookDraft) {
    if (!draft.value) return;
    draft.value = change(draft.value);
    const result = check.value;
    if (!result) return;
    if (result.playbook) {
      const next = canonical(result.playbook);
      if (next === stored && !autosave.busy() && autosave.state.value.kind !== 'not-saved') return;
      stored = next;
      autosave.schedule(result.playbook);
    } else {
      autosave.reject(summarise(result.summary));
    }
  }

  async function reload() {
    try {
      adopt(await loadPlaybook());
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
    start() {
      void reload();
      return onPrefsChanged((change) => {
        if (!change.playbook || canonical(change.playbook) === stored) return;
        // Unsaved edits here (queued, or invalid and waiting for a fix) are kept; they win
        // when saved. Otherwise show what another tab, the overlay or sync saved.
        if (autosave.busy() || autosave.state.value.kind === 'not-saved') return;
        adopt(change.playbook);
      });
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
