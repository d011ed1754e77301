/**
 * Sync of the playbook and POCs across the SE's own browsers through chrome.storage.sync, run
 * by the worker so it works with no options tab open. Incidents never sync.
 *
 * Every reconcile reads the synced copy first and takes what is newer there (the playbook as a
 * whole by the time it was saved, each POC by its updatedAt; POCs are archived, never deleted,
 * so a union loses nothing), then writes the merged result back if it differs. A synced copy
 * that is half-arrived, invalid or too large never replaces anything in this browser.
 */
import * as v from 'valibot';
import type { Storage } from 'webextension-polyfill';
import { sameData } from '../domain/data';
import type { Poc } from '../domain/poc';
import { createSerialQueue } from '../domain/serial-queue';
import {
  SyncTooLargeError,
  joinFromSync,
  splitForSync,
  staleSyncKeys,
} from '../domain/sync-chunks';
import { loadPlaybook, loadSettings, savePlaybook } from '../shared/prefs';
import { PlaybookSchema, PocSchema, validate } from '../shared/schemas';
import type { SyncStatus } from '../shared/storage/items';
import {
  playbookItem,
  playbookSavedAtItem,
  pocsChangedAtItem,
  settingsItem,
  syncStatusItem,
} from '../shared/storage/items';
import {
  readSyncChunks,
  removeSyncChunks,
  syncChunksChanged,
  writeSyncChunks,
} from '../shared/storage/sync-area';
import { write } from './db';
import { listPocs, stampPocsChanged } from './pocs';

export const SYNC_PAYLOAD_VERSION = 1;

const SyncPayloadSchema = v.object({
  version: v.literal(SYNC_PAYLOAD_VERSION),
  playbookSavedAt: v.pipe(v.number(), v.minValue(0)),
  playbook: PlaybookSchema,
  pocs: v.array(PocSchema),
});
export type SyncPayload = v.InferOutput<typeof SyncPayloadSchema>;

/**
 * Local edits are pushed once they pause this long: autosave writes every few hundred ms while
 * the SE types, and chrome.storage.sync allows only 120 writes a minute.
 */
export const PUSH_DELAY_MS = 2000;

// Transient only: a pending push lost with the worker is redone by the next change.
let pushTimer: ReturnType<typeof setTimeout> | undefined;
const oneAtATime = createSerialQueue();
const saveSyncStatus = (status: SyncStatus) => syncStatusItem.set(status);

/** Chrome's write-rate quotas surface as raw quota names; say what they mean. */
function failureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /MAX_WRITE_OPERATIONS_PER_(MINUTE|HOUR)/.test(message)
    ? 'Your browser limits how often sync can write. Your next change syncs everything.'
    : message;
}

/**
 * One reconcile at a time, so two never interleave their reads and writes. A failure is
 * reported in the sync status and never stops the tasks after it.
 */
function serially(task: () => Promise<void>): Promise<void> {
  return oneAtATime(task).catch((error: unknown) =>
    saveSyncStatus({ state: 'error', at: Date.now(), reason: failureReason(error) }),
  );
}

function schedulePush(): void {
  clearTimeout(pushTimer);
  pushTimer = setTimeout(() => void serially(() => reconcile()), PUSH_DELAY_MS);
}

/** Called by the worker for every storage change (src/background/index.ts). */
export async function onStorageChanged(
  changes: Record<string, Storage.StorageChange>,
  area: string,
): Promise<void> {
  if (syncChunksChanged(changes, area)) {
    await serially(() => reconcile());
    return;
  }
  if (area !== 'local') return;

  const playbookChanged = playbookItem.key in changes;
  // Any playbook save but one taken from sync (which brings its own time) happened here, now.
  if (playbookChanged && !(playbookSavedAtItem.key in changes)) {
    await playbookSavedAtItem.set(Date.now());
  }

  const settings = settingsItem.changeIn(changes, area);
  if (settings) {
    const was = settings.oldValue.syncEnabled;
    const is = settings.newValue.syncEnabled;
    if (was && !is) {
      clearTimeout(pushTimer);
      await serially(turnOff);
      return;
    }
    if (!was && is) {
      await saveSyncStatus({ state: 'waiting' });
      await serially(() => reconcile());
      return;
    }
  }
  if (playbookChanged || pocsChangedAtItem.key in changes) {
    if ((await loadSettings()).syncEnabled) schedulePush();
  }
}

/** Sync turned off: remove our synced copy (never anything in this browser). */
export async function turnOff(): Promise<void> {
  await removeSyncChunks(Object.keys(await readSyncChunks()));
  await saveSyncStatus({ state: 'off' });
}

type RemoteRead =
  | { kind: 'none' }
  | { kind: 'incomplete' }
  | { kind: 'newer-format'; version: unknown }
  /** Unreadable (not written by us, or damaged): this browser's copy replaces it. */
  | { kind: 'invalid' }
  | { kind: 'ok'; payload: SyncPayload; checksum: string };

function readRemote(items: Record<string, unknown>): RemoteRead {
  const joined = joinFromSync(items);
  if (joined.kind === 'empty') return { kind: 'none' };
  if (joined.kind === 'incomplete') return { kind: 'incomplete' };
  const { checksum } = joined.manifest;
  let parsed: unknown;
  try {
    parsed = JSON.parse(joined.payload);
  } catch {
    return { kind: 'invalid' };
  }
  const version = (parsed as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > SYNC_PAYLOAD_VERSION) {
    return { kind: 'newer-format', version };
  }
  const result = validate(SyncPayloadSchema, parsed);
  return result.ok ? { kind: 'ok', payload: result.value, checksum } : { kind: 'invalid' };
}

const localPlaybookSavedAt = (): Promise<number> => playbookSavedAtItem.get();

/** Writes POCs as they came from sync, keeping their updatedAt and their place in the list. */
async function putSyncedPocs(pocs: Poc[]): Promise<void> {
  await write(['pocs'], async (tx) => {
    const store = tx.objectStore('pocs');
    const orderOf = new Map((await store.getAll()).map((p) => [p.id, p.order]));
    let nextOrder = Math.max(-1, ...orderOf.values()) + 1;
    await Promise.all(
      pocs.map((poc) => store.put({ ...poc, order: orderOf.get(poc.id) ?? nextOrder++ })),
    );
  });
}

/** Takes whatever the synced copy has that is newer than this browser's. */
async function applyRemote(remote: SyncPayload): Promise<void> {
  if (remote.playbookSavedAt > (await localPlaybookSavedAt())) {
    const local = await loadPlaybook();
    if (sameData(remote.playbook, local)) {
      await playbookSavedAtItem.set(remote.playbookSavedAt);
    } else {
      await savePlaybook(remote.playbook, remote.playbookSavedAt);
    }
  }
  const local = new Map((await listPocs(true)).map((p) => [p.id, p]));
  const newer = remote.pocs.filter((p) => p.updatedAt > (local.get(p.id)?.updatedAt ?? -1));
  if (newer.length > 0) {
    await putSyncedPocs(newer);
    await stampPocsChanged();
  }
}

/** Pull what is newer from sync, then push this browser's merged copy if it differs. */
export async function reconcile(now: number = Date.now()): Promise<void> {
  if (!(await loadSettings()).syncEnabled) return;
  const items = await readSyncChunks();
  const remote = readRemote(items);
  // The rest of a change from another browser is still arriving; its last item retries.
  if (remote.kind === 'incomplete') return;
  if (remote.kind === 'newer-format') {
    await saveSyncStatus({
      state: 'error',
      at: now,
      reason:
        'another browser syncs with a newer version of Demo Rescue. Update Demo Rescue here; until then nothing is synced.',
    });
    return;
  }
  if (remote.kind === 'ok') await applyRemote(remote.payload);

  const payload: SyncPayload = {
    version: SYNC_PAYLOAD_VERSION,
    playbookSavedAt: await localPlaybookSavedAt(),
    playbook: await loadPlaybook(),
    pocs: await listPocs(true),
  };
  let split: ReturnType<typeof splitForSync>;
  try {
    split = splitForSync(JSON.stringify(payload));
  } catch (error) {
    if (!(error instanceof SyncTooLargeError)) throw error;
    await saveSyncStatus({ state: 'too-large', at: now, bytes: error.bytes, limit: error.limit });
    return;
  }
  if (remote.kind !== 'ok' || split.manifest.checksum !== remote.checksum) {
    await writeSyncChunks(split.items);
    await removeSyncChunks(staleSyncKeys(Object.keys(items), split.items));
  }
  await saveSyncStatus({ state: 'synced', at: now, bytes: split.bytes });
}
