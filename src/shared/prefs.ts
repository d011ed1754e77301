/**
 * The playbook and settings live in chrome.storage.local, not IndexedDB: the overlay (a content
 * script) must read them at hotkey time without a round trip to the worker, and every open
 * overlay and options tab follows edits through storage.onChanged. Stored values are validated
 * on read and repaired field by field (src/shared/storage), never replaced by the defaults.
 */
import type { Playbook } from '../domain/playbook';
import type { Settings } from '../domain/settings';
import { itemWrite, writeItems } from './storage/item';
import { playbookItem, playbookSavedAtItem, settingsItem } from './storage/items';

export type { SyncStatus } from './storage/items';

export const loadPlaybook = (): Promise<Playbook> => playbookItem.get();
export const loadSettings = (): Promise<Settings> => settingsItem.get();

/**
 * `savedAt` is for sync only: a playbook taken from another browser keeps the time it was
 * saved there (written in the same call, so the worker never stamps it as a local edit). Any
 * other save is stamped by the worker when it sees the change.
 */
export async function savePlaybook(playbook: Playbook, savedAt?: number): Promise<void> {
  if (savedAt === undefined) return playbookItem.set(playbook);
  await writeItems([itemWrite(playbookItem, playbook), itemWrite(playbookSavedAtItem, savedAt)]);
}

export const saveSettings = (settings: Settings): Promise<void> => settingsItem.set(settings);

export interface PrefsChange {
  playbook?: Playbook;
  settings?: Settings;
}

/** Calls back with whichever of the playbook and settings changed; returns an unsubscribe. */
export function onPrefsChanged(callback: (change: PrefsChange) => void): () => void {
  const stops = [
    playbookItem.watch((playbook) => callback({ playbook })),
    settingsItem.watch((settings) => callback({ settings })),
  ];
  return () => stops.forEach((stop) => stop());
}
