/**
 * One typed item of chrome.storage (after WXT's `storage.defineItem`): its key, default,
 * schema, version and migrations live together. The value is stored as is under its key and its
 * format version under `<key>$v` (written with it, in the same call); a value without one was
 * stored before versions existed and is version 1. Reads migrate older values, and repair
 * invalid ones field by field (see repair.ts) rather than throw them away.
 *
 * Items marked `userData` are the person's own work. Before one is overwritten while it needed
 * repair, its raw value is kept under the quarantine key until the person has seen the warning;
 * a value written by a newer version of Demo Rescue is never overwritten.
 */
import type * as v from 'valibot';
import browser from 'webextension-polyfill';
import { STORAGE_KEYS } from '../constants';
import type { ValidationProblem } from '../schemas';
import { describeProblems, validate } from '../schemas';
import type { Repair } from './repair';
import { repairValue } from './repair';

export type StorageAreaName = 'local' | 'session';

export interface ItemOptions<T> {
  area?: StorageAreaName;
  key: string;
  schema: v.GenericSchema<unknown, T>;
  fallback: T;
  /** The format this build writes (1 when omitted). */
  version?: number;
  /** `migrations[n]` turns a version n-1 value into version n. */
  migrations?: Record<number, (value: unknown) => unknown>;
  /** Invalid: use the fallback whole (a mirror the worker rewrites), never a repaired part. */
  whole?: boolean;
  userData?: boolean;
}

export interface StoredValue<T> {
  value: T;
  /** Nothing was stored: `value` is the default. */
  absent: boolean;
  /** What the repair changed in the stored value; empty when it was valid. */
  repairs: Repair[];
  /** The format version it was stored in. */
  version: number;
  /** Stored by a newer Demo Rescue than this one (its value is read as well as it can be). */
  newer: boolean;
  /** Exactly as stored. */
  raw: unknown;
}

export interface QuarantinedValue {
  raw: unknown;
  version: number;
  repairs: Repair[];
  at: number;
}

export type StorageChanges = Record<string, { oldValue?: unknown; newValue?: unknown }>;

export interface StorageItem<T> {
  readonly key: string;
  readonly area: StorageAreaName;
  readonly version: number;
  readonly userData: boolean;
  /** The keys one read needs (the value and its version). */
  readonly keys: readonly string[];
  /** Interprets what a storage read returned for `keys`. */
  fromStored(stored: Record<string, unknown>): StoredValue<T>;
  read(): Promise<StoredValue<T>>;
  get(): Promise<T>;
  set(value: T): Promise<void>;
  /** What `set` writes (validated, versioned, quarantine kept), for one call with other items. */
  prepare(value: T): Promise<Record<string, unknown>>;
  remove(): Promise<void>;
  /** This item's change in a storage.onChanged event, or null when it did not change. */
  changeIn(changes: StorageChanges, area: string): { oldValue: T; newValue: T } | null;
  /** Calls back with every new value (repaired); returns the unsubscribe. */
  watch(callback: (value: T, stored: StoredValue<T>) => void): () => void;
}

export class InvalidValueError extends Error {
  constructor(
    readonly key: string,
    readonly problems: ValidationProblem[],
  ) {
    super(`${key} not saved: ${describeProblems(problems)}`);
    this.name = 'InvalidValueError';
  }
}

/** The stored value comes from a newer Demo Rescue: overwriting it would lose what it knows. */
export class NewerVersionError extends Error {
  constructor(
    readonly key: string,
    readonly storedVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `it was saved by a newer version of Demo Rescue (format ${storedVersion}; this one knows up to ${knownVersion}). Update Demo Rescue to change it; nothing was overwritten.`,
    );
    this.name = 'NewerVersionError';
  }
}

export const versionKey = (key: string): string => `${key}$v`;

function storedVersion(raw: unknown): number {
  return typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 ? raw : 1;
}

/* @__NO_SIDE_EFFECTS__ */
export function defineItem<T>(options: ItemOptions<T>): StorageItem<T> {
  const { key, schema, fallback, migrations = {}, whole = false, userData = false } = options;
  const area = options.area ?? 'local';
  const version = options.version ?? 1;
  const metaKey = versionKey(key);
  const storage = () => browser.storage[area];

  function interpret(raw: unknown, rawVersion: unknown): StoredValue<T> {
    const at = storedVersion(rawVersion);
    if (raw === undefined) {
      return { value: fallback, absent: true, repairs: [], version: at, newer: false, raw };
    }
    let value: unknown = raw;
    const repairs: Repair[] = [];
    for (let step = at + 1; step <= version; step++) {
      const migrate = migrations[step];
      if (!migrate) continue;
      try {
        value = migrate(value);
      } catch {
        // A migration that cannot read the value leaves it to the repair below.
        repairs.push({
          path: [],
          action: 'replaced',
          reason: `could not be upgraded to format ${step}`,
        });
        value = fallback;
        break;
      }
    }
    const result = validate(schema, value);
    const stored = { absent: false, version: at, newer: at > version, raw };
    if (result.ok) return { ...stored, value: result.value, repairs };
    if (whole) {
      return {
        ...stored,
        value: fallback,
        repairs: [{ path: [], action: 'replaced', reason: 'invalid' }],
      };
    }
    const repaired = repairValue(schema, value, fallback);
    return { ...stored, value: repaired.value, repairs: [...repairs, ...repaired.repairs] };
  }

  const item: StorageItem<T> = {
    key,
    area,
    version,
    userData,
    keys: [key, metaKey],
    fromStored: (stored) => interpret(stored[key], stored[metaKey]),
    async read() {
      return item.fromStored(await storage().get([key, metaKey]));
    },
    async get() {
      return (await item.read()).value;
    },
    async set(value) {
      await storage().set(await item.prepare(value));
    },
    async prepare(value) {
      const result = validate(schema, value);
      if (!result.ok) throw new InvalidValueError(key, result.problems);
      const writes: Record<string, unknown> = { [key]: result.value, [metaKey]: version };
      if (userData) {
        const current = await storage().get([key, metaKey, STORAGE_KEYS.quarantine]);
        const stored = item.fromStored(current);
        if (stored.newer) throw new NewerVersionError(key, stored.version, version);
        const quarantine = quarantineFrom(current[STORAGE_KEYS.quarantine]);
        if (stored.repairs.length > 0 && !quarantine[key]) {
          const kept: QuarantinedValue = {
            raw: stored.raw,
            version: stored.version,
            repairs: stored.repairs,
            at: Date.now(),
          };
          writes[STORAGE_KEYS.quarantine] = { ...quarantine, [key]: kept };
        }
      }
      return writes;
    },
    async remove() {
      await storage().remove([key, metaKey]);
    },
    changeIn(changes, changedArea) {
      if (changedArea !== area || !(key in changes)) return null;
      const meta = changes[metaKey];
      const oldVersion = meta ? meta.oldValue : undefined;
      const newVersion = meta ? meta.newValue : version;
      return {
        oldValue: interpret(changes[key]?.oldValue, oldVersion).value,
        newValue: interpret(changes[key]?.newValue, newVersion).value,
      };
    },
    watch(callback) {
      // A change that leaves the version as it was does not report it: remember the last one.
      let lastVersion: unknown = version;
      const listener = (changes: StorageChanges, changedArea: string) => {
        if (changedArea !== area) return;
        if (metaKey in changes) lastVersion = changes[metaKey]?.newValue;
        if (!(key in changes)) return;
        const stored = interpret(changes[key]?.newValue, lastVersion);
        callback(stored.value, stored);
      };
      browser.storage.onChanged.addListener(listener);
      return () => browser.storage.onChanged.removeListener(listener);
    },
  };
  return item;
}

/** Reads several items of one area in a single storage call. */
export async function readItems<const Items extends readonly StorageItem<unknown>[]>(
  area: StorageAreaName,
  items: Items,
): Promise<{ [I in keyof Items]: Items[I] extends StorageItem<infer T> ? StoredValue<T> : never }> {
  const stored = await browser.storage[area].get(items.flatMap((item) => item.keys));
  return items.map((item) => item.fromStored(stored)) as never;
}

/** One item's value, to write together with others. */
export interface ItemWrite {
  readonly area: StorageAreaName;
  prepare(): Promise<Record<string, unknown>>;
}

export const itemWrite = <T>(item: StorageItem<T>, value: T): ItemWrite => ({
  area: item.area,
  prepare: () => item.prepare(value),
});

/** Writes several items of one area in a single storage call (all or nothing). */
export async function writeItems(writes: readonly [ItemWrite, ...ItemWrite[]]): Promise<void> {
  const area = writes[0].area;
  if (writes.some((w) => w.area !== area)) throw new Error('One storage call writes one area.');
  const prepared = await Promise.all(writes.map((w) => w.prepare()));
  await browser.storage[area].set(Object.assign({}, ...prepared));
}

export function quarantineFrom(raw: unknown): Record<string, QuarantinedValue> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const kept: Record<string, QuarantinedValue> = {};
  for (const [key, entry] of Object.entries(raw as Record<string, unknown>)) {
    const e = entry as Partial<QuarantinedValue> | null;
    if (e && typeof e === 'object' && Array.isArray(e.repairs) && typeof e.at === 'number') {
      kept[key] = { raw: e.raw, version: storedVersion(e.version), repairs: e.repairs, at: e.at };
    }
  }
  return kept;
}
