/**
 * The playbook and settings live in chrome.storage.local, not IndexedDB: the overlay (a content
 * script) must read them at hotkey time without a round trip to the worker, and every open
 * overlay and options tab follows edits through storage.onChanged. Stored values are validated
 * on read; anything invalid falls back to the defaults rather than breaking the overlay.
 */
import * as v from 'valibot';
import browser from 'webextension-polyfill';
import type { Playbook } from '../domain/playbook';
import { DEFAULT_PLAYBOOK } from '../domain/playbook';
import type { Settings } from '../domain/settings';
import { DEFAULT_SETTINGS } from '../domain/settings';
import { STORAGE_KEYS } from './constants';
import type { ValidationProblem } from './schemas';
import { PlaybookSchema, SettingsSchema, describeProblems, validate } from './schemas';

export class InvalidPrefsError extends Error {
  constructor(
    what: string,
    readonly problems: ValidationProblem[],
  ) {
    super(`${what} not saved: ${describeProblems(problems)}`);
    this.name = 'InvalidPrefsError';
  }
}

export function playbookFrom(stored: unknown): Playbook {
  const result = validate(PlaybookSchema, stored);
  return result.ok ? result.value : DEFAULT_PLAYBOOK;
}

export function settingsFrom(stored: unknown): Settings {
  const merged = { ...DEFAULT_SETTINGS, ...(typeof stored === 'object' ? stored : {}) };
  const result = validate(SettingsSchema, merged);
  return result.ok ? result.value : DEFAULT_SETTINGS;
}

export async function loadPlaybook(): Promise<Playbook> {
  const stored = await browser.storage.local.get(STORAGE_KEYS.playbook);
  return playbookFrom(stored[STORAGE_KEYS.playbook]);
}

export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(STORAGE_KEYS.settings);
  return settingsFrom(stored[STORAGE_KEYS.settings]);
}

/**
 * `savedAt` is for sync only: a playbook taken from another browser keeps the time it was
 * saved there. Any other save is stamped by the worker when it sees the change.
 */
export async function savePlaybook(playbook: Playbook, savedAt?: number): Promise<void> {
  const result = validate(PlaybookSchema, playbook);
  if (!result.ok) throw new InvalidPrefsError('Playbook', result.problems);
  await browser.storage.local.set({
    [STORAGE_KEYS.playbook]: result.value,
    ...(savedAt === undefined ? {} : { [PREFS_STORAGE_KEYS.playbookSavedAt]: savedAt }),
  });
}

export async function saveSettings(settings: Settings): Promise<void> {
  const result = validate(SettingsSchema, settings);
  if (!result.ok) throw new InvalidPrefsError('Settings', result.problems);
  await browser.storage.local.set({ [STORAGE_KEYS.settings]: result.value });
}

export interface PrefsChange {
  playbook?: Playbook;
  settings?: Settings;
}

/** Calls back with whichever of the playbook and settings changed; returns an unsubscribe. */
export function onPrefsChanged(callback: (change: PrefsChange) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local') return;
    const change: PrefsChange = {};
    if (STORAGE_KEYS.playbook in changes)
      change.playbook = playbookFrom(changes[STORAGE_KEYS.playbook]?.newValue);
    if (STORAGE_KEYS.settings in changes)
      change.settings = settingsFrom(changes[STORAGE_KEYS.settings]?.newValue);
    if (change.playbook || change.settings) callback(change);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** chrome.storage.local keys of the options page and sync, next to STORAGE_KEYS. */
export const PREFS_STORAGE_KEYS = {
  /** When the playbook last changed in this browser (or in the browser it was synced from). */
  playbookSavedAt: 'playbookSavedAt',
  /** What sync last did, for the options page. */
  syncStatus: 'syncStatus',
  /** Bumped after POCs change, so other options tabs re-fetch them and sync mirrors them. */
  pocsChangedAt: 'pocsChangedAt',
} as const;

export type SyncStatus =
  | { state: 'off' }
  /** On, and nothing synced yet. */
  | { state: 'waiting' }
  | { state: 'synced'; at: number; bytes: number }
  /** Nothing is written while the playbook and POCs exceed Chrome's quota; local data is kept. */
  | { state: 'too-large'; at: number; bytes: number; limit: number }
  | { state: 'error'; at: number; reason: string };

const at = v.pipe(v.number(), v.minValue(0));
const SyncStatusSchema = v.variant('state', [
  v.object({ state: v.literal('off') }),
  v.object({ state: v.literal('waiting') }),
  v.object({ state: v.literal('synced'), at, bytes: at }),
  v.object({ state: v.literal('too-large'), at, bytes: at, limit: at }),
  v.object({ state: v.literal('error'), at, reason: v.string() }),
]);

export function syncStatusFrom(stored: unknown): SyncStatus {
  const result = validate(SyncStatusSchema, stored);
  return result.ok ? result.value : { state: 'off' };
}

export async function loadSyncStatus(): Promise<SyncStatus> {
  const stored = await browser.storage.local.get(PREFS_STORAGE_KEYS.syncStatus);
  return syncStatusFrom(stored[PREFS_STORAGE_KEYS.syncStatus]);
}

export async function saveSyncStatus(status: SyncStatus): Promise<void> {
  await browser.storage.local.set({ [PREFS_STORAGE_KEYS.syncStatus]: status });
}

/** Tells other options tabs and sync that POCs changed in the worker's store. */
export async function notifyPocsChanged(): Promise<void> {
  await browser.storage.local.set({ [PREFS_STORAGE_KEYS.pocsChangedAt]: Date.now() });
}

/** Calls back when POCs changed or sync reported something new; returns an unsubscribe. */
export function onOptionsDataChanged(callback: {
  pocs?: () => void;
  syncStatus?: (status: SyncStatus) => void;
}): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local') return;
    if (PREFS_STORAGE_KEYS.pocsChangedAt in changes) callback.pocs?.();
    if (PREFS_STORAGE_KEYS.syncStatus in changes) {
      callback.syncStatus?.(syncStatusFrom(changes[PREFS_STORAGE_KEYS.syncStatus]?.newValue));
    }
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
