// STUB owned by the options work (issue 4): replace entirely.
import type { Storage } from 'webextension-polyfill';

/** Mirrors the playbook and POCs to chrome.storage.sync when the user enabled sync. */
export async function onStorageChanged(
  _changes: Record<string, Storage.StorageChange>,
  _area: string,
): Promise<void> {}
