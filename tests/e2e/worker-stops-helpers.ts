/**
 * Puts the extension's service worker in a chosen bad moment, from outside (Playwright's
 * evaluate in the worker): production code has no hook for it. A worker stopped afterwards
 * comes back without the patch, as a real restart would.
 */
import type { Worker } from 'playwright-core';
import { STORAGE_KEYS } from '../../src/shared/constants';

interface Patched {
  __heldWrites?: (() => void)[];
  __committedWrites?: number;
  __releaseWrites?: () => void;
}

/**
 * From now on, an incident write (a read-write IndexedDB transaction on `events`) commits as
 * usual, but the worker's code is never told: its reply waits forever, as if the worker were
 * stopped after the write and before the reply. `committedWrites` counts those commits;
 * `releaseWrites` tells the held code and ends the patch.
 */
export async function holdWriteReplies(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    const scope = globalThis as Patched;
    const original = IDBTransaction.prototype.addEventListener;
    scope.__heldWrites = [];
    scope.__committedWrites = 0;
    IDBTransaction.prototype.addEventListener = function (
      this: IDBTransaction,
      type: string,
      listener: EventListenerOrEventListenerObject | null,
      options?: boolean | AddEventListenerOptions,
    ) {
      const held =
        type === 'complete' &&
        this.mode === 'readwrite' &&
        this.objectStoreNames.contains('events');
      if (!held || !listener) return original.call(this, type, listener!, options);
      const call = (event: Event) =>
        typeof listener === 'function' ? listener.call(this, event) : listener.handleEvent(event);
      return original.call(
        this,
        type,
        (event: Event) => {
          scope.__committedWrites! += 1;
          scope.__heldWrites!.push(() => call(event));
        },
        options,
      );
    };
    scope.__releaseWrites = () => {
      IDBTransaction.prototype.addEventListener = original;
      for (const release of scope.__heldWrites!.splice(0)) release();
    };
  });
}

export async function committedWrites(worker: Worker): Promise<number> {
  return worker.evaluate(() => (globalThis as Patched).__committedWrites ?? 0);
}

export async function releaseWrites(worker: Worker): Promise<void> {
  await worker.evaluate(() => (globalThis as Patched).__releaseWrites?.());
}

/**
 * From now on, starting an incident stalls before its write (its read of the meeting's POC
 * never answers): a worker stopped now has stored nothing.
 */
export async function stallIncidentStarts(worker: Worker): Promise<void> {
  await worker.evaluate((key) => {
    const area = chrome.storage.local;
    const get = area.get.bind(area) as (...args: unknown[]) => unknown;
    const wants = (keys: unknown) =>
      keys === key ||
      (Array.isArray(keys) && keys.includes(key)) ||
      (typeof keys === 'object' && keys !== null && key in keys);
    (area as unknown as { get: (...args: unknown[]) => unknown }).get = (...args: unknown[]) =>
      wants(args[0]) ? new Promise(() => undefined) : get(...args);
  }, STORAGE_KEYS.meetingPocs);
}
