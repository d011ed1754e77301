import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listPocs, savePoc } from '../../src/background/pocs';
import type { SyncPayload } from '../../src/background/sync';
import { PUSH_DELAY_MS, onStorageChanged, reconcile } from '../../src/background/sync';
import type { Playbook } from '../../src/domain/playbook';
import { DEFAULT_PLAYBOOK } from '../../src/domain/playbook';
import type { Poc } from '../../src/domain/poc';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import {
  SYNC_MANIFEST_KEY,
  joinFromSync,
  splitForSync,
  syncChunkKey,
  syncItemBytes,
} from '../../src/domain/sync-chunks';
import { STORAGE_KEYS } from '../../src/shared/constants';
import { syncStatusItem } from '../../src/shared/storage/items';
import { loadPlaybook, savePlaybook, saveSettings } from '../../src/shared/prefs';
import { clockAt, freshStore, poc } from './background/store-fixtures';
import { fakeBrowser } from './fake-browser';

const sync = fakeBrowser.storage.sync;
const local = fakeBrowser.storage.local;

function customPlaybook(goal: string): Playbook {
  const playbook = structuredClone(DEFAULT_PLAYBOOK);
  playbook.phases.acknowledge.goal = goal;
  return playbook;
}

async function synced(): Promise<SyncPayload> {
  const joined = joinFromSync(await sync.get(null));
  if (joined.kind !== 'ok') throw new Error(`sync holds ${joined.kind}`);
  return JSON.parse(joined.payload) as SyncPayload;
}

async function putRemote(payload: SyncPayload) {
  await sync.set(splitForSync(JSON.stringify(payload)).items);
}

async function localStamp(): Promise<unknown> {
  return (await local.get(STORAGE_KEYS.playbookSavedAt))[STORAGE_KEYS.playbookSavedAt];
}

/** A POC big enough that two of them exceed Chrome sync's 100 KB. */
function bulkyPoc(id: string): Poc {
  return poc(id, 'Bulky', {
    criteria: Array.from({ length: 100 }, (_, i) => ({
      id: `c${i}`,
      title: 't'.repeat(300),
      howToShow: 'h'.repeat(300),
      status: 'not-shown' as const,
    })),
  });
}

beforeEach(async () => {
  await freshStore();
  await saveSettings({ ...DEFAULT_SETTINGS, syncEnabled: true });
  sync.set.mockClear();
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('reconcile: pushing', () => {
  it('writes the playbook and every POC (archived too) in chunks within the per-item quota', async () => {
    clockAt(5_000);
    await savePlaybook(customPlaybook('Mine'), 4_000);
    await savePoc(poc('p1'));
    await savePoc(poc('p2', 'Initech', { archived: true }));

    await reconcile();

    const payload = await synced();
    expect(payload.playbook.phases.acknowledge.goal).toBe('Mine');
    expect(payload.playbookSavedAt).toBe(4_000);
    expect(payload.pocs.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(Object.keys(payload).sort()).toEqual(['playbook', 'playbookSavedAt', 'pocs', 'version']);
    for (const [key, value] of Object.entries(await sync.get(null))) {
      expect(syncItemBytes(key, value)).toBeLessThanOrEqual(8192);
    }
    expect(await syncStatusItem.get()).toMatchObject({ state: 'synced', at: 5_000 });
  });

  it('writes nothing while sync is off', async () => {
    await saveSettings({ ...DEFAULT_SETTINGS, syncEnabled: false });
    await savePoc(poc('p1'));
    await reconcile();
    expect(await sync.get(null)).toEqual({});
  });

  it('does not rewrite sync when nothing changed', async () => {
    await savePoc(poc('p1'));
    await reconcile();
    sync.set.mockClear();
    await reconcile();
    expect(sync.set).not.toHaveBeenCalled();
  });

  it('removes chunks a smaller payload no longer needs', async () => {
    await savePoc(bulkyPoc('big'));
    await reconcile();
    expect(Object.keys(await sync.get(null)).length).toBeGreaterThan(5);

    await savePoc({ ...bulkyPoc('big'), criteria: [] });
    await reconcile();
    expect(Object.keys(await sync.get(null)).sort()).toEqual(
      [SYNC_MANIFEST_KEY, syncChunkKey(0)].sort(),
    );
  });

  it('keeps everything local and reports the size when the payload is too large', async () => {
    await savePoc(poc('small'));
    await reconcile();
    const before = await sync.get(null);

    await savePoc(bulkyPoc('b1'));
    await savePoc(bulkyPoc('b2'));
    await reconcile();

    expect(await sync.get(null)).toEqual(before);
    expect((await listPocs(true)).map((p) => p.id)).toEqual(['small', 'b1', 'b2']);
    const status = await syncStatusItem.get();
    expect(status).toMatchObject({ state: 'too-large', limit: 102_400 });
    expect(status.state === 'too-large' && status.bytes).toBeGreaterThan(120 * 1024);
  });
});

describe('reconcile: pulling from another browser', () => {
  it('takes a newer playbook and newer or new POCs, keeps local-only ones, and pushes the merge', async () => {
    clockAt(1_000);
    await savePlaybook(customPlaybook('Local goal'), 1_000);
    await savePoc(poc('shared', 'Old name'));
    await savePoc(poc('local-only', 'Hooli'));
    await putRemote({
      version: 1,
      playbookSavedAt: 2_000,
      playbook: customPlaybook('Remote goal'),
      pocs: [
        { ...poc('shared', 'New name'), updatedAt: 1_500 },
        { ...poc('remote-only', 'Initech'), updatedAt: 900 },
      ],
    });

    await reconcile();

    expect((await loadPlaybook()).phases.acknowledge.goal).toBe('Remote goal');
    expect(await localStamp()).toBe(2_000);
    const pocs = await listPocs(true);
    expect(pocs.map((p) => [p.id, p.prospect, p.updatedAt])).toEqual([
      ['shared', 'New name', 1_500],
      ['local-only', 'Hooli', 1_000],
      ['remote-only', 'Initech', 900],
    ]);
    expect((await local.get(STORAGE_KEYS.pocsChangedAt))[STORAGE_KEYS.pocsChangedAt]).toBe(1_000);
    expect((await synced()).pocs.map((p) => p.id)).toEqual(['shared', 'local-only', 'remote-only']);
  });

  it('keeps the local playbook and POCs when they are newer, and pushes them', async () => {
    clockAt(3_000);
    await savePlaybook(customPlaybook('Newer here'), 3_000);
    await savePoc(poc('shared', 'Edited here'));
    await putRemote({
      version: 1,
      playbookSavedAt: 2_000,
      playbook: customPlaybook('Older there'),
      pocs: [{ ...poc('shared', 'Older there'), updatedAt: 2_000 }],
    });

    await reconcile();

    expect((await loadPlaybook()).phases.acknowledge.goal).toBe('Newer here');
    expect((await listPocs(true))[0]?.prospect).toBe('Edited here');
    const payload = await synced();
    expect(payload.playbook.phases.acknowledge.goal).toBe('Newer here');
    expect(payload.pocs[0]?.prospect).toBe('Edited here');
  });

  it('waits while a change from another browser is only partly there', async () => {
    await savePlaybook(customPlaybook('Local goal'), 1_000);
    const items = splitForSync(
      JSON.stringify({
        version: 1,
        playbookSavedAt: 9_000,
        playbook: customPlaybook('Remote goal'),
        pocs: [bulkyPoc('remote')],
      }),
    ).items;
    delete items[syncChunkKey(2)];
    await sync.set(items);
    sync.set.mockClear();

    await reconcile();

    expect((await loadPlaybook()).phases.acknowledge.goal).toBe('Local goal');
    expect(await listPocs(true)).toEqual([]);
    expect(sync.set).not.toHaveBeenCalled();
  });

  it('replaces an unreadable synced copy with this browser’s', async () => {
    await savePlaybook(customPlaybook('Local goal'), 1_000);
    await sync.set(splitForSync(JSON.stringify({ version: 1, playbook: 'nonsense' })).items);
    await reconcile();
    expect((await loadPlaybook()).phases.acknowledge.goal).toBe('Local goal');
    expect((await synced()).playbook.phases.acknowledge.goal).toBe('Local goal');
  });

  it('touches nothing when another browser syncs a newer format', async () => {
    await sync.set(splitForSync(JSON.stringify({ version: 2, anything: true })).items);
    const before = await sync.get(null);
    await reconcile();
    expect(await sync.get(null)).toEqual(before);
    expect(await syncStatusItem.get()).toMatchObject({
      state: 'error',
      reason: expect.stringContaining('newer version of Demo Rescue'),
    });
  });
});

describe('onStorageChanged', () => {
  it('stamps a playbook saved in this browser, but not one taken from sync', async () => {
    clockAt(7_000);
    await onStorageChanged({ [STORAGE_KEYS.playbook]: { newValue: DEFAULT_PLAYBOOK } }, 'local');
    expect(await localStamp()).toBe(7_000);
    await onStorageChanged(
      {
        [STORAGE_KEYS.playbook]: { newValue: DEFAULT_PLAYBOOK },
        [STORAGE_KEYS.playbookSavedAt]: { newValue: 1 },
      },
      'local',
    );
    expect(await localStamp()).toBe(7_000);
  });

  it('pushes a local change once edits pause', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await savePoc(poc('p1'));
    const change = { [STORAGE_KEYS.pocsChangedAt]: { newValue: 1 } };
    await onStorageChanged(change, 'local');
    await onStorageChanged(change, 'local');
    vi.advanceTimersByTime(PUSH_DELAY_MS - 1);
    expect(await sync.get(null)).toEqual({});
    vi.advanceTimersByTime(1);
    vi.useRealTimers();
    await vi.waitFor(async () => expect((await synced()).pocs[0]?.id).toBe('p1'));
    expect(sync.set).toHaveBeenCalledTimes(1);
  });

  it('pulls when our keys change in the sync area, and ignores other keys', async () => {
    await putRemote({
      version: 1,
      playbookSavedAt: 5_000,
      playbook: customPlaybook('From elsewhere'),
      pocs: [],
    });
    await onStorageChanged({ unrelated: { newValue: 1 } }, 'sync');
    expect((await loadPlaybook()).phases.acknowledge.goal).toBe(
      DEFAULT_PLAYBOOK.phases.acknowledge.goal,
    );
    await onStorageChanged({ [SYNC_MANIFEST_KEY]: { newValue: {} } }, 'sync');
    expect((await loadPlaybook()).phases.acknowledge.goal).toBe('From elsewhere');
  });

  it('words Chrome’s write-rate limit, and the next change syncs again', async () => {
    await savePoc(poc('p1'));
    sync.set.mockRejectedValueOnce(
      new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.'),
    );
    await onStorageChanged({ [SYNC_MANIFEST_KEY]: { newValue: {} } }, 'sync');
    expect(await syncStatusItem.get()).toMatchObject({
      state: 'error',
      reason: 'Your browser limits how often sync can write. Your next change syncs everything.',
    });
    await onStorageChanged({ [SYNC_MANIFEST_KEY]: { newValue: {} } }, 'sync');
    expect((await synced()).pocs[0]?.id).toBe('p1');
    expect(await syncStatusItem.get()).toMatchObject({ state: 'synced' });
  });

  it('turning sync on reconciles at once; turning it off removes only our keys', async () => {
    await savePoc(poc('p1'));
    await sync.set({ 'someone-else': 1 });
    const settings = (syncEnabled: boolean) => ({ ...DEFAULT_SETTINGS, syncEnabled });

    await onStorageChanged(
      { [STORAGE_KEYS.settings]: { oldValue: settings(false), newValue: settings(true) } },
      'local',
    );
    expect((await synced()).pocs[0]?.id).toBe('p1');

    await saveSettings(settings(false));
    await onStorageChanged(
      { [STORAGE_KEYS.settings]: { oldValue: settings(true), newValue: settings(false) } },
      'local',
    );
    expect(await sync.get(null)).toEqual({ 'someone-else': 1 });
    expect(await syncStatusItem.get()).toEqual({ state: 'off' });
    expect(await listPocs(true)).toHaveLength(1);
  });
});
