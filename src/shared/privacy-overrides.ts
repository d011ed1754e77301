/**
 * The user's per-meeting choice to always show or always hide the overlay while sharing, in
 * chrome.storage.local so it survives reloads and is the same in every tab of that meeting.
 * Stored as meeting key → { mode, at }; `auto` is the absence of an entry.
 */
import type { PrivacyOverride } from '../domain/privacy';
import { meetingCode } from './call-sites';
import { privacyOverridesItem } from './storage/items';

/** Old meetings are dropped beyond this many, so the map cannot grow forever. */
export const MAX_REMEMBERED_MEETINGS = 100;

/** The meeting code where there is one; otherwise the page without its query (a lobby, practice). */
export function overrideKey(url: string): string {
  return meetingCode(url) ?? url.replace(/[?#].*$/s, '');
}

export async function loadOverride(key: string): Promise<PrivacyOverride> {
  return (await privacyOverridesItem.get())[key]?.mode ?? 'auto';
}

export async function saveOverride(key: string, mode: PrivacyOverride, now: number): Promise<void> {
  const overrides = { ...(await privacyOverridesItem.get()) };
  delete overrides[key];
  const kept = Object.entries(overrides)
    .sort(([, a], [, b]) => b.at - a.at)
    .slice(0, mode === 'auto' ? MAX_REMEMBERED_MEETINGS : MAX_REMEMBERED_MEETINGS - 1);
  const next: typeof overrides = Object.fromEntries(kept);
  if (mode !== 'auto') next[key] = { mode, at: now };
  await privacyOverridesItem.set(next);
}

/** Follows changes made in other tabs of the same meeting; returns an unsubscribe. */
export function onOverrideChanged(
  key: string,
  callback: (mode: PrivacyOverride) => void,
): () => void {
  return privacyOverridesItem.watch((overrides) => callback(overrides[key]?.mode ?? 'auto'));
}
