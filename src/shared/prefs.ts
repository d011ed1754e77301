/**
 * The playbook and settings live in chrome.storage.local, not IndexedDB: the overlay (a content
 * script) must read them at hotkey time without a round trip to the worker, and every open
 * overlay and options tab follows edits through storage.onChanged. Stored values are validated
 * on read; anything invalid falls back to the defaults rather than breaking the overlay.
 */
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

export async function savePlaybook(playbook: Playbook): Promise<void> {
  const result = validate(PlaybookSchema, playbook);
  if (!result.ok) throw new InvalidPrefsError('Playbook', result.problems);
  await browser.storage.local.set({ [STORAGE_KEYS.playbook]: result.value });
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
