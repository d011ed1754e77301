/**
 * The playbook as the worker uses it on every incident write (each note, tick, hotkey): read
 * once, then kept until storage says it changed (an options edit, a sync, an import). Saves a
 * storage round trip per write, and that read used to queue behind the previous write's mirror.
 */
import browser from 'webextension-polyfill';
import type { Playbook } from '../domain/playbook';
import type { StorageChanges } from '../shared/storage/item';
import { playbookItem } from '../shared/storage/items';

let cached: Promise<Playbook> | null = null;

function forgetOnEdit(changes: StorageChanges, area: string): void {
  if (playbookItem.changeIn(changes, area)) cached = null;
}

export function currentPlaybook(): Promise<Playbook> {
  // Kept only while edits are heard of: without the listener, nothing can tell it is stale.
  if (!browser.storage.onChanged.hasListener(forgetOnEdit)) {
    cached = null;
    browser.storage.onChanged.addListener(forgetOnEdit);
  }
  cached ??= playbookItem.get().catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}
