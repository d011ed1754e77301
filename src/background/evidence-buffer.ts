/**
 * The recent failures seen in demo tabs: a rolling buffer in chrome.storage.session (kept in
 * memory by Chrome, never written to disk, cleared when the browser quits; it outlives a
 * worker restart). The only module that touches it.
 *
 * A failing page can fail hundreds of times a second: failures are batched for BATCH_MS and
 * stored with one read and one write per batch, then handed on (to the active incident).
 * Changes run one at a time, in order (`serialized`).
 */
import browser from 'webextension-polyfill';
import type { Evidence } from '../domain/evidence';
import { keepRecent } from '../domain/evidence';
import { STORAGE_KEYS } from '../shared/constants';

const BATCH_MS = 100;

let queue: Promise<unknown> = Promise.resolve();

/** Runs `task` after every change queued before it (and before any queued after it). */
export function serialized<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

async function load(): Promise<Evidence[]> {
  const stored = await browser.storage.session.get(STORAGE_KEYS.evidence);
  const value = stored[STORAGE_KEYS.evidence];
  return Array.isArray(value) ? (value as Evidence[]) : [];
}

let pending: Evidence[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;
let stored: (items: Evidence[]) => Promise<void> = async () => undefined;

/** What happens to each batch once it is in the buffer (set once by the worker). */
export function onBuffered(next: (items: Evidence[]) => Promise<void>): void {
  stored = next;
}

/** Writes the waiting batch to the buffer. Call inside `serialized`. */
async function writePending(): Promise<Evidence[]> {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  const items = pending;
  pending = [];
  if (items.length === 0) return items;
  const now = Date.now();
  await browser.storage.session.set({
    [STORAGE_KEYS.evidence]: keepRecent(await load(), items, now),
  });
  return items;
}

function flush(): Promise<void> {
  return serialized(async () => {
    const items = await writePending();
    if (items.length > 0) await stored(items);
  }).catch((error: unknown) => console.error('Demo Rescue: evidence was not stored', error));
}

/** Queues failures for the buffer (and the active incident), written within BATCH_MS. */
export function bufferEvidence(items: readonly Evidence[]): void {
  pending.push(...items);
  timer ??= setTimeout(() => void flush(), BATCH_MS);
}

/**
 * The buffer as of `now`, waiting batch included (older entries dropped). Call inside
 * `serialized`; the batch it writes is still handed on, after the caller's task.
 */
export async function recentEvidence(now: number): Promise<Evidence[]> {
  const items = await writePending();
  if (items.length > 0) void serialized(() => stored(items)).catch(() => undefined);
  return keepRecent(await load(), [], now);
}

export async function forgetEvidence(evidenceId: string, now: number): Promise<void> {
  const kept = (await recentEvidence(now)).filter((item) => item.id !== evidenceId);
  await browser.storage.session.set({ [STORAGE_KEYS.evidence]: kept });
}
