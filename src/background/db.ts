/**
 * The one storage module: the worker's IndexedDB database, typed by store name. Incidents are
 * an append-only event log (`events`) plus a projected row per incident (`incidents`) for lists
 * and search; POCs keep the SE's preference order in `order`.
 *
 * The manifest asks for `unlimitedStorage`: a year of incidents is the SE's record of what went
 * wrong and what was promised, so the browser must never evict it silently under disk pressure
 * (without the permission, extension storage is "best effort" and can be cleared).
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { openDB } from 'idb';
import browser from 'webextension-polyfill';
import type { IncidentEvent, IncidentStatus } from '../domain/incident';
import type { Playbook } from '../domain/playbook';
import type { Poc } from '../domain/poc';
import type { IncidentRecord } from '../domain/record';
import type { Settings } from '../domain/settings';
import type { ImportPreview } from '../shared/messages';
import { HandlerError } from './errors';

export const DB_NAME = 'demo-rescue';
export const DB_VERSION = 3;

export interface StoredEvent {
  incidentId: string;
  at: number;
  event: IncidentEvent;
  /** The caller's idempotency key of the action that appended it (see 'incident/act'). */
  key?: string;
}

/** A POC as stored: `order` is its place in the SE's list (lower first). */
export type StoredPoc = Poc & { order: number };

/**
 * One backup import, written in the same transaction as its records: proof of what it did,
 * and the playbook and settings it still has to write to chrome.storage (see backup.ts).
 */
export interface StoredImport {
  id: string;
  at: number;
  preview: ImportPreview;
  /** Null once written to chrome.storage. */
  pendingPrefs: { playbook?: Playbook; settings?: Settings } | null;
}

export interface RescueSchema extends DBSchema {
  incidents: {
    key: string;
    value: IncidentRecord;
    indexes: {
      'by-startedAt': number;
      // Compound with the start time so every filtered list is still newest-first.
      'by-status': [IncidentStatus, number];
      'by-poc': [string, number];
    };
  };
  events: {
    key: number;
    value: StoredEvent;
    // Events without a key (started, follow-ups, imported) are simply not in 'by-key'.
    indexes: { 'by-incident-time': [string, number]; 'by-key': string };
  };
  pocs: {
    key: string;
    value: StoredPoc;
    indexes: { 'by-order': number };
  };
  imports: {
    key: string;
    value: StoredImport;
    indexes: { 'by-at': number };
  };
}

export type StoreName = StoreNames<RescueSchema>;
export type ReadTx<S extends StoreName[]> = IDBPTransaction<RescueSchema, S, 'readonly'>;
export type WriteTx<S extends StoreName[]> = IDBPTransaction<RescueSchema, S, 'readwrite'>;

/**
 * Brings any older database up to DB_VERSION by running every step it missed. A new version
 * adds `if (oldVersion < N) {…}` below; released steps are never edited.
 */
function upgrade(
  db: IDBPDatabase<RescueSchema>,
  oldVersion: number,
  tx: IDBPTransaction<RescueSchema, StoreName[], 'versionchange'>,
): void {
  if (oldVersion < 1) {
    const incidents = db.createObjectStore('incidents', { keyPath: 'id' });
    incidents.createIndex('by-startedAt', 'startedAt');
    incidents.createIndex('by-status', ['status', 'startedAt']);
    incidents.createIndex('by-poc', ['pocId', 'startedAt']);
    const events = db.createObjectStore('events', { autoIncrement: true });
    events.createIndex('by-incident-time', ['incidentId', 'at']);
    const pocs = db.createObjectStore('pocs', { keyPath: 'id' });
    pocs.createIndex('by-order', 'order');
  }
  if (oldVersion < 2) {
    // Unique: even two concurrent retries of one action can store it only once.
    tx.objectStore('events').createIndex('by-key', 'key', { unique: true });
  }
  if (oldVersion < 3) {
    db.createObjectStore('imports', { keyPath: 'id' }).createIndex('by-at', 'at');
  }
}

// The connection only: it holds no incident state, so losing it with the worker loses nothing.
let connection: Promise<IDBPDatabase<RescueSchema>> | null = null;

export function openDatabase(): Promise<IDBPDatabase<RescueSchema>> {
  connection ??= openDB<RescueSchema>(DB_NAME, DB_VERSION, {
    upgrade: (db, oldVersion, _newVersion, tx) => upgrade(db, oldVersion, tx),
    blocked: () => void notifyUpgradeBlocked(),
    // A newer version of the extension wants to upgrade: step aside so it can.
    blocking: () => void closeDatabase(),
    terminated: () => {
      connection = null;
    },
  }).catch((error: unknown) => {
    connection = null;
    throw storageError(error);
  });
  return connection;
}

/**
 * Counts writes (and connection changes) in this worker. Only the worker writes the database,
 * so a cache built at one generation is exact until the generation moves on.
 */
let generation = 0;

export function writeGeneration(): number {
  return generation;
}

export async function closeDatabase(): Promise<void> {
  generation += 1;
  const open = connection;
  connection = null;
  if (open) (await open.catch(() => null))?.close();
}

async function notifyUpgradeBlocked(): Promise<void> {
  await browser.notifications.create('db-upgrade-blocked', {
    type: 'basic',
    iconUrl: browser.runtime.getURL('icons/icon-128.png'),
    title: 'Demo Rescue is updating',
    message: 'Close old Demo Rescue tabs (popup, options, reports) to finish the update.',
  });
}

/** Storage failures a person can act on get their own code; anything else passes through. */
export function storageError(error: unknown): unknown {
  if (error instanceof HandlerError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'QuotaExceededError') {
    return new HandlerError(
      'quota-exceeded',
      'The browser has no room left to save incidents. Free some disk space (or delete old incidents), then try again.',
    );
  }
  if (name === 'VersionError' || name === 'BlockedError') {
    return new HandlerError(
      'storage-blocked',
      'Demo Rescue cannot open its incident store. Close old Demo Rescue tabs and try again.',
    );
  }
  return error;
}

/**
 * Runs `body` in one read-write transaction and waits until it is durably committed. If `body`
 * throws (a validation error found mid-transaction), the transaction is aborted and nothing is
 * written. `body` must only await requests of `tx`: any other await closes the transaction.
 */
export async function write<S extends StoreName[], T>(
  stores: S,
  body: (tx: WriteTx<S>) => Promise<T>,
): Promise<T> {
  const db = await openDatabase();
  const tx = db.transaction(stores, 'readwrite', { durability: 'strict' });
  const done = tx.done;
  done.catch(() => undefined); // reported below, or superseded by body's error
  // Moved at the start and at the end, so a read that overlapped this write is never current.
  generation += 1;
  try {
    const result = await body(tx);
    await done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already finished or aborted.
    }
    throw storageError(error);
  } finally {
    generation += 1;
  }
}

export async function read<S extends StoreName[], T>(
  stores: S,
  body: (tx: ReadTx<S>) => Promise<T>,
): Promise<T> {
  const db = await openDatabase();
  const tx = db.transaction(stores, 'readonly');
  const result = await body(tx);
  await tx.done;
  return result;
}

/**
 * Issues every request before awaiting any (one wait instead of one per request). If one throws
 * on the spot, the transaction aborts and the requests already issued fail with it, quietly:
 * the first error is the one that matters.
 */
export async function issueAll(requests: readonly (() => Promise<unknown>)[]): Promise<void> {
  const pending: Promise<unknown>[] = [];
  try {
    for (const request of requests) pending.push(request());
  } catch (error) {
    for (const issued of pending) issued.catch(() => undefined);
    throw error;
  }
  await Promise.all(pending);
}

/** Every key of one incident in the events index, oldest first. */
export function eventsOf(incidentId: string): IDBKeyRange {
  return IDBKeyRange.bound([incidentId, -Infinity], [incidentId, Infinity]);
}

/** All incidents with a status (newest first when walked with 'prev'). */
export function withStatus(status: IncidentStatus, from = -Infinity, to = Infinity): IDBKeyRange {
  return IDBKeyRange.bound([status, from], [status, to]);
}

export function stripOrder({ order: _order, ...poc }: StoredPoc): Poc {
  return poc;
}
