/**
 * chrome.storage.sync as sync uses it: one payload split into chunks under SYNC_KEY_PREFIX
 * (src/domain/sync-chunks.ts), whose manifest carries its own format version and checksum, so
 * the chunks are not typed items. Only keys with our prefix are ever read, written or removed.
 */
import browser from 'webextension-polyfill';
import { SYNC_KEY_PREFIX } from '../../domain/sync-chunks';

const ours = (key: string) => key.startsWith(SYNC_KEY_PREFIX);

/** Every chunk of ours in sync. */
export async function readSyncChunks(): Promise<Record<string, unknown>> {
  const all = await browser.storage.sync.get(null);
  return Object.fromEntries(Object.entries(all).filter(([key]) => ours(key)));
}

export async function writeSyncChunks(items: Record<string, unknown>): Promise<void> {
  if (Object.keys(items).some((key) => !ours(key))) throw new Error('Not a sync chunk key.');
  await browser.storage.sync.set(items);
}

export async function removeSyncChunks(keys: readonly string[]): Promise<void> {
  const mine = keys.filter(ours);
  if (mine.length > 0) await browser.storage.sync.remove(mine);
}

/** Whether a storage.onChanged event touched any chunk of ours. */
export const syncChunksChanged = (changes: Record<string, unknown>, area: string): boolean =>
  area === 'sync' && Object.keys(changes).some(ours);
