import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DB_NAME,
  DB_VERSION,
  closeDatabase,
  openDatabase,
  storageError,
  write,
} from '../../../src/background/db';
import { HandlerError } from '../../../src/background/errors';
import { getIncident } from '../../../src/background/incidents';
import { listPocs } from '../../../src/background/pocs';
import type { IncidentEvent } from '../../../src/domain/incident';
import { replay } from '../../../src/domain/incident';
import { DEFAULT_PLAYBOOK } from '../../../src/domain/playbook';
import { projectRecord } from '../../../src/domain/record';
import { T0, freshStore, poc } from './store-fixtures';

const request = <T>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

/** Version 1 as it shipped, built with the raw API so the fixture cannot drift with db.ts. */
async function createV1Fixture(): Promise<void> {
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => {
    const db = open.result;
    const incidents = db.createObjectStore('incidents', { keyPath: 'id' });
    incidents.createIndex('by-startedAt', 'startedAt');
    incidents.createIndex('by-status', ['status', 'startedAt']);
    incidents.createIndex('by-poc', ['pocId', 'startedAt']);
    const events = db.createObjectStore('events', { autoIncrement: true });
    events.createIndex('by-incident-time', ['incidentId', 'at']);
    db.createObjectStore('pocs', { keyPath: 'id' }).createIndex('by-order', 'order');
  };
  const db = await request(open);
  const events: IncidentEvent[] = [
    { type: 'started', at: T0, platform: 'zoom', meetingCode: '123456789', pocId: 'acme' },
    { type: 'acknowledged', at: T0 + 20_000 },
  ];
  const record = projectRecord('v1-incident', replay(events, DEFAULT_PLAYBOOK), poc('acme'), T0);
  const tx = db.transaction(['incidents', 'events', 'pocs'], 'readwrite');
  tx.objectStore('incidents').put(record);
  for (const event of events) {
    tx.objectStore('events').add({ incidentId: 'v1-incident', at: event.at, event });
  }
  tx.objectStore('pocs').put({ ...poc('acme'), order: 0 });
  await new Promise((resolve) => (tx.oncomplete = resolve));
  db.close();
}

beforeEach(freshStore);
afterEach(() => vi.restoreAllMocks());

describe('the database', () => {
  it('creates every store and index on a fresh profile', async () => {
    const db = await openDatabase();
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['events', 'imports', 'incidents', 'pocs']);
    const tx = db.transaction(['incidents', 'events', 'pocs', 'imports']);
    expect([...tx.objectStore('incidents').indexNames].sort()).toEqual([
      'by-poc',
      'by-startedAt',
      'by-status',
    ]);
    expect([...tx.objectStore('events').indexNames].sort()).toEqual(['by-incident-time', 'by-key']);
    expect([...tx.objectStore('pocs').indexNames]).toEqual(['by-order']);
    expect([...tx.objectStore('imports').indexNames]).toEqual(['by-at']);
  });

  it('opens a version 1 database with its data intact', async () => {
    await createV1Fixture();
    const stored = await getIncident('v1-incident');
    expect(stored?.record).toMatchObject({ platform: 'zoom', acknowledgedAt: T0 + 20_000 });
    expect(stored?.events.map((e) => e.type)).toEqual(['started', 'acknowledged']);
    expect(await listPocs(false)).toEqual([poc('acme')]);
    // Version 2 added the idempotency keys' index; the old events (no key) are not in it.
    const events = (await openDatabase()).transaction('events').store;
    expect([...events.indexNames]).toContain('by-key');
    expect(await events.index('by-key').count()).toBe(0);
    // The import journal arrives with version 3.
    expect([...(await openDatabase()).objectStoreNames]).toContain('imports');
  });

  it('steps aside when a newer version needs to upgrade, and reopens afterwards', async () => {
    const db = await openDatabase();
    const newer = indexedDB.open(DB_NAME, DB_VERSION + 1);
    const upgraded = await request(newer);
    expect(upgraded.version).toBe(DB_VERSION + 1);
    upgraded.close();
    // The old connection was closed for the upgrade; a stale handle cannot be used.
    expect(() => db.transaction('pocs')).toThrow();
  });

  it('aborts the whole transaction when its body throws', async () => {
    await expect(
      write(['pocs'], async (tx) => {
        await tx.objectStore('pocs').put({ ...poc('acme'), order: 0 });
        throw new HandlerError('invalid-input', 'found a problem halfway');
      }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    expect(await listPocs(true)).toEqual([]);
  });

  it('turns a full disk into a quota-exceeded error a person can act on', async () => {
    const full = new DOMException('quota', 'QuotaExceededError');
    expect(storageError(full)).toMatchObject({
      code: 'quota-exceeded',
      message: expect.stringContaining('Free some disk space'),
    });
    const store = Object.getPrototypeOf((await openDatabase()).transaction('pocs').store);
    vi.spyOn(store, 'put').mockImplementation(() => {
      throw full;
    });
    await expect(
      write(['pocs'], (tx) => tx.objectStore('pocs').put({ ...poc('acme'), order: 0 })),
    ).rejects.toMatchObject({ code: 'quota-exceeded' });
    await closeDatabase();
  });
});
