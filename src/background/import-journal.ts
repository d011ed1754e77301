/**
 * The import journal. chrome.storage cannot join an IndexedDB transaction, so an import
 * journals the playbook and settings in the same transaction as its records and writes them
 * to chrome.storage afterwards. If the worker stops in between, the next start writes them
 * (writing the same values twice is harmless), so an import is all or nothing once it commits.
 * The entry also answers a page whose reply was lost: what did import X do?
 */
import type { ImportStatus } from '../shared/messages';
import { savePlaybook, saveSettings } from '../shared/prefs';
import type { StoredImport, WriteTx } from './db';
import { read, write } from './db';

/** How many finished imports stay answerable. */
const KEEP_IMPORTS = 20;

/** Records an import inside its own transaction, forgetting the oldest finished ones. */
export async function journalImport(
  tx: WriteTx<['incidents', 'events', 'pocs', 'imports']>,
  entry: StoredImport,
): Promise<void> {
  const store = tx.objectStore('imports');
  await store.put(entry);
  let kept = 0;
  for (let c = await store.index('by-at').openCursor(null, 'prev'); c; c = await c.continue()) {
    if (c.value.pendingPrefs === null && ++kept > KEEP_IMPORTS) await c.delete();
  }
}

/** Writes an import's journaled playbook and settings, then marks them written. */
export async function applyPendingPrefs(importId: string): Promise<void> {
  const entry = await read(['imports'], (tx) => tx.objectStore('imports').get(importId));
  if (!entry?.pendingPrefs) return;
  const { playbook, settings } = entry.pendingPrefs;
  if (playbook) await savePlaybook(playbook);
  if (settings) await saveSettings(settings);
  await write(['imports'], async (tx) => {
    const current = await tx.objectStore('imports').get(importId);
    if (current) await tx.objectStore('imports').put({ ...current, pendingPrefs: null });
  });
}

/** At worker start: finishes every import a stopped worker left half-applied, oldest first. */
export async function resumeImports(): Promise<void> {
  const pending = await read(['imports'], async (tx) =>
    (await tx.objectStore('imports').index('by-at').getAll()).filter((e) => e.pendingPrefs),
  );
  for (const entry of pending) await applyPendingPrefs(entry.id);
}

/** What import `importId` did, after finishing whatever it left to do. */
export async function importStatus(importId: string): Promise<ImportStatus> {
  let prefsPending = false;
  try {
    await applyPendingPrefs(importId);
  } catch (error) {
    console.error('Demo Rescue: an imported playbook or settings could not be written', error);
    prefsPending = true;
  }
  const entry = await read(['imports'], (tx) => tx.objectStore('imports').get(importId));
  return entry
    ? { state: 'imported', preview: entry.preview, prefsPending }
    : { state: 'not-imported' };
}
