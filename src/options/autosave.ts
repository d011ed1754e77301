/**
 * Save-as-you-type: the newest value is saved once typing pauses, saves never overlap, and the
 * state says what happened ("Saving…", "Saved", "Not saved: reason") for the status line.
 */
import type { ReadonlySignal } from '@preact/signals';
import { signal } from '@preact/signals';
import { createSerialQueue } from '../domain/serial-queue';

export const AUTOSAVE_DELAY_MS = 400;

export type SaveState =
  { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'not-saved'; reason: string };

export interface Autosave<T> {
  readonly state: ReadonlySignal<SaveState>;
  /** Saves `value` once nothing newer arrives for the delay. */
  schedule(value: T): void;
  /** Drops any queued value and reports why nothing is saved (the input is invalid). */
  reject(reason: string): void;
  /** Starts saving a queued value now; resolves when every save so far has finished. */
  flush(): Promise<void>;
  /** True while a value waits or is being saved. */
  busy(): boolean;
  /** Forgets a queued value and any "not saved" state: the input was replaced from storage. */
  clear(): void;
}

export function createAutosave<T>(
  save: (value: T) => Promise<void>,
  delayMs: number = AUTOSAVE_DELAY_MS,
): Autosave<T> {
  const state = signal<SaveState>({ kind: 'idle' });
  let queued: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Saves never overlap, and one that fails never blocks the next.
  const oneAtATime = createSerialQueue();
  let running: Promise<void> = Promise.resolve();
  let inFlight = 0;

  const run = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const next = queued;
    queued = null;
    if (!next) return running;
    inFlight++;
    running = oneAtATime(async () => {
      try {
        await save(next.value);
        // A newer value may be queued or rejected meanwhile; its state wins.
        if (!queued && state.value.kind === 'saving' && inFlight === 1) {
          state.value = { kind: 'saved' };
        }
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        state.value = { kind: 'not-saved', reason };
      } finally {
        inFlight--;
      }
    });
    return running;
  };

  return {
    state,
    schedule(value) {
      queued = { value };
      state.value = { kind: 'saving' };
      clearTimeout(timer);
      timer = setTimeout(() => void run(), delayMs);
    },
    reject(reason) {
      queued = null;
      clearTimeout(timer);
      timer = undefined;
      state.value = { kind: 'not-saved', reason };
    },
    flush: run,
    busy: () => queued !== null || inFlight > 0,
    clear() {
      queued = null;
      clearTimeout(timer);
      timer = undefined;
      if (inFlight === 0) state.value = { kind: 'idle' };
    },
  };
}
