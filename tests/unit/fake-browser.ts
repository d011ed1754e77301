/**
 * An in-memory stand-in for webextension-polyfill's `browser` (the real one throws outside an
 * extension). Only what our code uses; tests reset it between cases.
 */
import { vi } from 'vitest';

type Listener<A extends unknown[]> = (...args: A) => unknown;

function event<A extends unknown[]>() {
  const listeners = new Set<Listener<A>>();
  return {
    addListener: (l: Listener<A>) => void listeners.add(l),
    removeListener: (l: Listener<A>) => void listeners.delete(l),
    hasListener: (l: Listener<A>) => listeners.has(l),
    dispatch: (...args: A) => [...listeners].map((l) => l(...args)),
    clear: () => listeners.clear(),
  };
}

function storageArea(
  areaName: string,
  onChanged: ReturnType<
    typeof event<[Record<string, { oldValue?: unknown; newValue?: unknown }>, string]>
  >,
) {
  let data: Record<string, unknown> = {};
  const clone = <T>(x: T): T => (x === undefined ? x : structuredClone(x));
  return {
    get: vi.fn(async (keys?: string | string[] | Record<string, unknown> | null) => {
      if (keys == null) return clone(data);
      const list =
        typeof keys === 'string' ? [keys] : Array.isArray(keys) ? keys : Object.keys(keys);
      const defaults = typeof keys === 'object' && !Array.isArray(keys) ? keys : {};
      const out: Record<string, unknown> = {};
      for (const k of list) {
        if (k in data) out[k] = clone(data[k]);
        else if (k in defaults) out[k] = (defaults as Record<string, unknown>)[k];
      }
      return out;
    }),
    set: vi.fn(async (items: Record<string, unknown>) => {
      const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
      for (const [k, value] of Object.entries(items)) {
        changes[k] = { oldValue: clone(data[k]), newValue: clone(value) };
        data[k] = clone(value);
      }
      onChanged.dispatch(changes, areaName);
    }),
    remove: vi.fn(async (keys: string | string[]) => {
      const changes: Record<string, { oldValue?: unknown }> = {};
      for (const k of typeof keys === 'string' ? [keys] : keys) {
        if (k in data) changes[k] = { oldValue: data[k] };
        delete data[k];
      }
      onChanged.dispatch(changes, areaName);
    }),
    clear: vi.fn(async () => {
      data = {};
    }),
    getBytesInUse: vi.fn(async () => JSON.stringify(data).length),
    onChanged: event<[Record<string, { oldValue?: unknown; newValue?: unknown }>]>(),
    QUOTA_BYTES: 102_400,
    QUOTA_BYTES_PER_ITEM: 8192,
    MAX_ITEMS: 512,
    reset() {
      data = {};
    },
  };
}

/** Optional host permissions: request grants at once (a user who clicks Allow). */
function permissionsArea() {
  const granted = new Set<string>();
  const onAdded = event<[{ origins?: string[] }]>();
  const onRemoved = event<[{ origins?: string[] }]>();
  return {
    granted,
    onAdded,
    onRemoved,
    contains: vi.fn(async ({ origins = [] }: { origins?: string[] }) =>
      origins.every((o) => granted.has(o)),
    ),
    request: vi.fn(async ({ origins = [] }: { origins?: string[] }) => {
      origins.forEach((o) => granted.add(o));
      onAdded.dispatch({ origins });
      return true;
    }),
    remove: vi.fn(async ({ origins = [] }: { origins?: string[] }) => {
      origins.forEach((o) => granted.delete(o));
      onRemoved.dispatch({ origins });
      return true;
    }),
    getAll: vi.fn(async () => ({ origins: [...granted], permissions: [] })),
  };
}

function createFakeBrowser() {
  const onChanged = event<[Record<string, { oldValue?: unknown; newValue?: unknown }>, string]>();
  const local = storageArea('local', onChanged);
  const sync = storageArea('sync', onChanged);
  const session = storageArea('session', onChanged);
  return {
    runtime: {
      id: 'test-extension-id',
      getURL: (path: string) => `chrome-extension://test-extension-id/${path.replace(/^\//, '')}`,
      sendMessage: vi.fn(async (_message: unknown): Promise<unknown> => undefined),
      onMessage: event<[unknown, unknown]>(),
      getManifest: vi.fn(() => ({
        version: '0.1.0',
        name: 'Demo Rescue',
        commands: { 'start-recovery': { global: true } } as Record<string, object>,
      })),
      openOptionsPage: vi.fn(async () => undefined),
    },
    storage: { local, sync, session, onChanged },
    permissions: permissionsArea(),
    commands: {
      getAll: vi.fn(async () => [
        { name: 'start-recovery', shortcut: 'Ctrl+Shift+9', description: 'Start recovery' },
      ]),
    },
    tabs: {
      create: vi.fn(async (props: { url?: string }) => ({ id: 1, ...props })),
      query: vi.fn(async (_query?: object): Promise<{ id?: number; url?: string }[]> => []),
      sendMessage: vi.fn(async () => undefined),
    },
    notifications: { create: vi.fn(async () => 'id'), clear: vi.fn(async () => true) },
    alarms: {
      create: vi.fn(),
      clear: vi.fn(async () => true),
      getAll: vi.fn(async () => []),
    },
    action: {
      setBadgeText: vi.fn(async () => undefined),
      setBadgeBackgroundColor: vi.fn(async () => undefined),
    },
  };
}

export const fakeBrowser = createFakeBrowser();

export function resetFakeBrowser(): void {
  fakeBrowser.storage.local.reset();
  fakeBrowser.storage.sync.reset();
  fakeBrowser.storage.session.reset();
  fakeBrowser.storage.onChanged.clear();
  fakeBrowser.permissions.granted.clear();
  fakeBrowser.runtime.onMessage.clear();
  fakeBrowser.runtime.sendMessage.mockReset();
  fakeBrowser.runtime.sendMessage.mockImplementation(async () => undefined);
}
