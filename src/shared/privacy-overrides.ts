/**
 * The user's per-meeting choice to always show or always hide the overlay while sharing, in
 * chrome.storage.local so it survives reloads and is the same in every tab of that meeting.
 * Stored as meeting key → { mode, at }; `auto` is the absence of an entry.
 */
import * as v from 'valibot';
import browser from 'webextension-polyfill';
import type { PrivacyOverride } from '../domain/privacy';
import { meetingCode } from './call-sites';
import { STORAGE_KEYS } from './constants';

/** Old meetings are dropped beyond this many, so the map cannot grow forever. */
export const MAX_REMEMBERED_MEETINGS = 100;

const OverridesSchema = v.record(
  v.string(),
  v.object({ mode: v.picklist(['show', 'hide']), at: v.number() }),
);
type Overrides = v.InferOutput<typeof OverridesSchema>;

/** The meeting code where there is one; otherwise the page without its query (a lobby, practice). */
export function overrideKey(url: string): string {
  return meetingCode(url) ?? url.replace(/[?#].*$/s, '');
}

function overridesFrom(stored: unknown): Overrides {
  const result = v.safeParse(OverridesSchema, stored);
  return result.success ? result.output : {};
}

async function loadOverrides(): Promise<Overrides> {
  const stored = await browser.storage.local.get(STORAGE_KEYS.privacyOverrides);
  return overridesFrom(stored[STORAGE_KEYS.privacyOverrides]);
}

export async function loadOverride(key: string): Promise<PrivacyOverride> {
  return (await loadOverrides())[key]?.mode ?? 'auto';
}

export async function saveOverride(key: string, mode: PrivacyOverride, now: number): Promise<void> {
  const overrides = await loadOverrides();
  delete overrides[key];
  const kept = Object.entries(overrides)
    .sort(([, a], [, b]) => b.at - a.at)
    .slice(0, mode === 'auto' ? MAX_REMEMBERED_MEETINGS : MAX_REMEMBERED_MEETINGS - 1);
  const next: Overrides = Object.fromEntries(kept);
  if (mode !== 'auto') next[key] = { mode, at: now };
  await browser.storage.local.set({ [STORAGE_KEYS.privacyOverrides]: next });
}

/** Follows changes made in other tabs of the same meeting; returns an unsubscribe. */
export function onOverrideChanged(
  key: string,
  callback: (mode: PrivacyOverride) => void,
): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const change = changes[STORAGE_KEYS.privacyOverrides];
    if (area !== 'local' || !change) return;
    callback(overridesFrom(change.newValue)[key]?.mode ?? 'auto');
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
