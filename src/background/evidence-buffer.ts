/**
 * The recent failures seen in demo tabs: a rolling buffer in chrome.storage.session (kept in
 * memory by Chrome, never written to disk, cleared when the browser quits; it outlives a
 * worker restart). The only module that touches it. Changes run one at a time, in order.
 */
import browser from 'webextension-polyfill';
import type { Evidence } from '../domain/evidence';
import { keepRecent } from '../domain/evidence';
import { SESSION_KEYS } from '../shared/constants';

let queue: Promise<unknown> = Promise.resolve();

/** Runs `task` after every change queued before it (and before any queued after it). */
export function serialized<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

async function load(): Promise<Evidence[]> {
  const stored = await browser.storage.session.get(SESSION_KEYS.evidence);
  const value = stored[SESSION_KEYS.evidence];
  return Array.isArray(value) ? (value as Evidence[]) : [];
}

/** The buffer as of `now` (older entries dropped). Call inside `serialized` to see settled data. */
export async function recentEvidence(now: number): Promise<Evidence[]> {
  return keepRecent(await load(), [], now);
}

/** Adds failures to the buffer, keeping the last 2 minutes or 50 entries. Not serialized itself. */
export async function bufferEvidence(items: readonly Evidence[], now: number): Promise<void> {
  await browser.storage.session.set({
    [SESSION_KEYS.evidence]: keepRecent(await load(), items, now),
  });
}

export async function forgetEvidence(evidenceId: string, now: number): Promise<void> {
  const kept = (await recentEvidence(now)).filter((item) => item.id !== evidenceId);
  await browser.storage.session.set({ [SESSION_KEYS.evidence]: kept });
}
