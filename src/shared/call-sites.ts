/** Which pages are calls, and what meeting they are. Pure: takes URLs, not tabs. */
import type { Platform } from '../domain/incident';

export const CALL_URL_PATTERNS = [
  'https://meet.google.com/*',
  'https://app.zoom.us/wc/*',
  'https://*.zoom.us/wc/*',
] as const;

const MEET_CODE = /^\/([a-z]{3}-[a-z]{4}-[a-z]{3})(?:[/?#]|$)/;
const ZOOM_CODE = /^\/wc\/(?:join\/)?(\d{9,11})(?:[/?#]|$)/;

type CallPlatform = Exclude<Platform, 'practice'>;

/** The platform whose call pages are served from this address's host (over https only). */
function hostPlatform({ protocol, hostname }: URL): CallPlatform | null {
  if (protocol !== 'https:') return null;
  if (hostname === 'meet.google.com') return 'meet';
  if (hostname === 'zoom.us' || hostname.endsWith('.zoom.us')) return 'zoom';
  return null;
}

function parse(url: string | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

export function callPlatform(url: string | undefined): CallPlatform | null {
  const parsed = parse(url);
  const platform = parsed && hostPlatform(parsed);
  // Zoom's web client lives under /wc/; its other pages are no call.
  if (platform === 'zoom' && !parsed?.pathname.startsWith('/wc/')) return null;
  return platform;
}

/**
 * The call platform a document's origin belongs to, for a document with no address of its own
 * (a blank popup window a call page opened); null for any other origin.
 */
export function callPlatformOfOrigin(origin: string | undefined): CallPlatform | null {
  const parsed = parse(origin);
  return parsed && hostPlatform(parsed);
}

/** "abc-defg-hij" for Meet, the numeric meeting id for Zoom, or null in a lobby/home page. */
export function meetingCode(url: string | undefined): string | null {
  const platform = callPlatform(url);
  if (!platform || !url) return null;
  const { pathname } = new URL(url);
  const match = (platform === 'meet' ? MEET_CODE : ZOOM_CODE).exec(pathname);
  return match?.[1] ?? null;
}
