/** Which pages are calls, and what meeting they are. Pure: takes URLs, not tabs. */
import type { Platform } from '../domain/incident';

export const CALL_URL_PATTERNS = [
  'https://meet.google.com/*',
  'https://app.zoom.us/wc/*',
  'https://*.zoom.us/wc/*',
] as const;

const MEET_CODE = /^\/([a-z]{3}-[a-z]{4}-[a-z]{3})(?:[/?#]|$)/;
const ZOOM_CODE = /^\/wc\/(?:join\/)?(\d{9,11})(?:[/?#]|$)/;

export function callPlatform(url: string | undefined): Exclude<Platform, 'practice'> | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:') return null;
  if (parsed.hostname === 'meet.google.com') return 'meet';
  if (
    (parsed.hostname === 'zoom.us' || parsed.hostname.endsWith('.zoom.us')) &&
    parsed.pathname.startsWith('/wc/')
  )
    return 'zoom';
  return null;
}

/**
 * The call platform a document's origin belongs to, for a document with no address of its own
 * (a blank popup window a call page opened); null for any other origin.
 */
export function callPlatformOfOrigin(
  origin: string | undefined,
): Exclude<Platform, 'practice'> | null {
  if (origin === 'https://meet.google.com') return 'meet';
  if (origin && /^https:\/\/([a-z0-9-]+\.)*zoom\.us$/.test(origin)) return 'zoom';
  return null;
}

/** "abc-defg-hij" for Meet, the numeric meeting id for Zoom, or null in a lobby/home page. */
export function meetingCode(url: string | undefined): string | null {
  const platform = callPlatform(url);
  if (!platform || !url) return null;
  const { pathname } = new URL(url);
  const match = (platform === 'meet' ? MEET_CODE : ZOOM_CODE).exec(pathname);
  return match?.[1] ?? null;
}
