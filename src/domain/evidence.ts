/**
 * Evidence from the demo tab: what failed (a request answered >= 400, a network error, a page
 * error), redacted before it is kept anywhere. Pure: the worker feeds it what Chrome reported.
 */
import { formatDuration } from './time';

/** Response headers whose values may be kept: ids that tie a failure to the server's logs. */
export const CORRELATION_HEADERS = [
  'x-request-id',
  'x-correlation-id',
  'traceparent',
  'x-amzn-trace-id',
  'cf-ray',
] as const;

/** The rolling buffer keeps the last 2 minutes or 50 entries, whichever is smaller. */
export const EVIDENCE_WINDOW_MS = 2 * 60 * 1000;
export const EVIDENCE_MAX = 50;
/** An incident keeps at most this many (a failing loop must not flood the log). */
export const INCIDENT_EVIDENCE_MAX = 200;

export const EVIDENCE_LIMITS = { message: 300, path: 300, idValue: 200 } as const;

export interface CorrelationId {
  name: string;
  value: string;
}

interface EvidenceBase {
  /** Unique within a browser profile, e.g. "req-123" or "page-…". */
  id: string;
  /** When it was seen (ms since the epoch). */
  at: number;
  /** Scheme, host and port, e.g. "https://api.acme-demo.com". */
  origin: string;
  /** Redacted path: no query, no fragment, secret-looking segments masked. */
  path: string;
}

export interface HttpEvidence extends EvidenceBase {
  kind: 'http';
  /** Empty when unknown: a failure known only from the page's Resource Timing. */
  method: string;
  status: number;
  durationMs: number | null;
  ids: CorrelationId[];
}

export interface NetworkEvidence extends EvidenceBase {
  kind: 'network';
  method: string;
  /** Chrome's code, e.g. "net::ERR_CONNECTION_REFUSED". */
  error: string;
  durationMs: number | null;
}

export type PageErrorSource = 'exception' | 'rejection' | 'console';

export interface PageEvidence extends EvidenceBase {
  kind: 'page';
  source: PageErrorSource;
  message: string;
  /** The first stack line, redacted, e.g. "at app.js:12:5". */
  stack: string | null;
}

export type Evidence = HttpEvidence | NetworkEvidence | PageEvidence;

export const MASK = '[redacted]';

const EMAIL = /[^\s/@]+@[^\s/@]+\.[^\s/@]+/;
const JWT = /^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}$/;
const HEX = /^[0-9a-f]+$/i;
const TOKEN_CHARS = /^[A-Za-z0-9+/_=.~-]+$/;

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Whether a path segment (or a word of a message) looks like a secret: an e-mail address, a
 * JWT, 16+ hex digits (dashes aside: UUIDs too), or a 20+ character token mixing letters and
 * digits. Plain words and slugs ("orders", "export-all-reports") are kept.
 */
export function looksSecret(raw: string): boolean {
  const word = safeDecode(raw);
  if (EMAIL.test(word)) return true;
  if (JWT.test(word)) return true;
  const hex = word.replaceAll('-', '');
  if (hex.length >= 16 && HEX.test(hex)) return true;
  return word.length >= 20 && TOKEN_CHARS.test(word) && /[0-9]/.test(word) && /[A-Za-z]/.test(word);
}

/** A path with secret-looking segments masked, cut to a readable length. */
export function redactPath(path: string): string {
  const masked = path
    .split('/')
    .map((segment) => (segment && looksSecret(segment) ? MASK : segment))
    .join('/');
  return clip(masked || '/', EVIDENCE_LIMITS.path);
}

/** What a page's Resource Timing tells of one finished request (no method, no headers). */
export interface TimedRequest {
  url: string;
  /** PerformanceResourceTiming.responseStatus: 0 when not exposed (e.g. cross-origin). */
  status: number;
  /** Epoch ms when it started and when its response ended. */
  startedAt: number;
  endedAt: number;
}

/**
 * A failure known from Resource Timing only: one that ended before request capture began (a
 * demo page that failed while it loaded, before its first tab armed the listeners). Status 0
 * tells nothing (a refused connection and an unexposed status look alike), so it is not kept.
 */
export function evidenceOfTiming(timed: TimedRequest, id: string): HttpEvidence | null {
  if (!Number.isInteger(timed.status) || timed.status < 400 || timed.status > 999) return null;
  if (!Number.isFinite(timed.startedAt) || !Number.isFinite(timed.endedAt)) return null;
  const where = redactUrl(timed.url);
  if (!where || !/^https?:$/.test(new URL(timed.url).protocol)) return null;
  return {
    kind: 'http',
    id,
    at: Math.max(0, Math.round(timed.endedAt)),
    ...where,
    method: '',
    status: timed.status,
    durationMs: Math.max(0, Math.round(timed.endedAt - timed.startedAt)),
    ids: [],
  };
}

/**
 * How long after request capture begins a page's Resource Timing is still read: Chrome arms the
 * listeners a moment after they are added, so a request that ends then is seen by neither
 * unless the page's own timing covers it. What both saw is kept once (`notYetCaptured`).
 */
export const CAPTURE_HANDOFF_MS = 1_000;

/** How far apart a request's Resource Timing end and its webRequest completion may lie. */
const SAME_REQUEST_MS = 500;

/**
 * The failures known from Resource Timing that request capture did not also see: one captured
 * failure (same origin, path and status, ending about then) accounts for one timed failure.
 */
export function notYetCaptured(
  timed: readonly HttpEvidence[],
  captured: readonly Evidence[],
): HttpEvidence[] {
  // Only what webRequest saw (it has a method): other timed failures are other requests.
  const left = captured.filter(
    (item): item is HttpEvidence => item.kind === 'http' && item.method !== '',
  );
  return timed.filter((item) => {
    const match = left.findIndex(
      (seen) =>
        seen.origin === item.origin &&
        seen.path === item.path &&
        seen.status === item.status &&
        Math.abs(seen.at - item.at) <= SAME_REQUEST_MS,
    );
    if (match === -1) return true;
    left.splice(match, 1);
    return false;
  });
}

/** Origin and redacted path of a URL: the query string and fragment are dropped. */
export function redactUrl(raw: string): { origin: string; path: string } | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.origin === 'null') return null;
  return { origin: url.origin, path: redactPath(url.pathname) };
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>)]+/g;

/** Free text (an error message) with URLs reduced to origin + path and secret words masked. */
export function redactText(text: string, max: number = EVIDENCE_LIMITS.message): string {
  const urlsDone = text.replace(URL_IN_TEXT, (match) => {
    const parts = redactUrl(match);
    return parts ? parts.origin + parts.path : MASK;
  });
  const words = urlsDone
    .split(/(\s+|[,;"'()[\]{}<>])/)
    .map((word) => (word.includes('://') || !looksSecret(word) ? word : MASK))
    .join('');
  return clip(words, max);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The allow-listed correlation ids among response headers, in the allowlist's order. */
export function correlationIds(
  headers: readonly { name: string; value?: string | undefined }[] | undefined,
): CorrelationId[] {
  const ids: CorrelationId[] = [];
  for (const name of CORRELATION_HEADERS) {
    const header = headers?.find((h) => h.name.toLowerCase() === name);
    const value = header?.value?.trim();
    if (value) ids.push({ name, value: clip(value, EVIDENCE_LIMITS.idValue) });
  }
  return ids;
}

/** Chrome's network error codes that are evidence of a failure, as said out loud. */
const NETWORK_ERRORS: Record<string, string> = {
  'net::ERR_CONNECTION_REFUSED': 'connection refused',
  'net::ERR_CONNECTION_RESET': 'connection reset',
  'net::ERR_CONNECTION_CLOSED': 'connection closed',
  'net::ERR_CONNECTION_FAILED': 'connection failed',
  'net::ERR_CONNECTION_TIMED_OUT': 'timed out',
  'net::ERR_TIMED_OUT': 'timed out',
  'net::ERR_EMPTY_RESPONSE': 'empty response',
  'net::ERR_NAME_NOT_RESOLVED': 'DNS lookup failed',
  'net::ERR_NAME_RESOLUTION_FAILED': 'DNS lookup failed',
  'net::ERR_ADDRESS_UNREACHABLE': 'address unreachable',
  'net::ERR_INTERNET_DISCONNECTED': 'offline',
};

/**
 * What Chrome reports for any request cancelled before it finished. A page's own timeout
 * (AbortSignal.timeout, XMLHttpRequest's `timeout`, a library's) arrives as this, never as
 * net::ERR_TIMED_OUT (Chrome's own connect and DNS timeouts), and so does every other cancel:
 * a search box dropping a stale request, a navigation, a closed tab.
 */
export const CANCELLED = 'net::ERR_ABORTED';
/** A cancel is evidence only after this long without any answer: the page gave up waiting. */
export const NO_ANSWER_MS = 1_000;

/** How a request that ended in an error went, as far as Chrome's events tell. */
export interface RequestCourse {
  durationMs: number | null;
  /** The response had started (headers came): a cancel then is a stream closed, not a hang. */
  answered: boolean;
  /** Its tab navigated while it was open: the navigation cancelled it. */
  navigated: boolean;
}

/**
 * Whether an error is evidence: Chrome's network failures, and a cancel after NO_ANSWER_MS with
 * no answer and no navigation (a timeout of the page's; quicker cancels are the page's business).
 */
export function isNetworkFailure(error: string, course: RequestCourse): boolean {
  if (error === CANCELLED) {
    return !course.answered && !course.navigated && (course.durationMs ?? 0) >= NO_ANSWER_MS;
  }
  return Object.hasOwn(NETWORK_ERRORS, error) || /^net::ERR_(CERT_|SSL_)/.test(error);
}

/** "connection refused", "TLS error", "no answer in 5 s (cancelled)". */
export function networkErrorLabel(item: Pick<NetworkEvidence, 'error' | 'durationMs'>): string {
  const { error } = item;
  if (error === CANCELLED)
    return `no answer in ${formatDuration(item.durationMs ?? 0)} (cancelled)`;
  if (Object.hasOwn(NETWORK_ERRORS, error)) return NETWORK_ERRORS[error]!;
  if (/^net::ERR_(CERT_|SSL_)/.test(error)) return 'TLS error';
  return error
    .replace(/^net::ERR_/, '')
    .toLowerCase()
    .replaceAll('_', ' ');
}

/** Newest last; entries within the window before `now`, at most EVIDENCE_MAX, no repeats. */
export function keepRecent(
  buffer: readonly Evidence[],
  added: readonly Evidence[],
  now: number,
): Evidence[] {
  const byId = new Map<string, Evidence>();
  for (const item of [...buffer, ...added]) byId.set(item.id, item);
  return [...byId.values()]
    .filter((item) => item.at > now - EVIDENCE_WINDOW_MS && item.at <= now)
    .sort((a, b) => a.at - b.at)
    .slice(-EVIDENCE_MAX);
}

const SOURCE_LABELS: Record<PageErrorSource, string> = {
  exception: 'Uncaught error',
  rejection: 'Unhandled rejection',
  console: 'console.error',
};

/** "POST /api/orders", or only the path when the method is not known. */
function requestLabel(item: HttpEvidence | NetworkEvidence): string {
  return item.method ? `${item.method} ${item.path}` : item.path;
}

/** "POST /api/orders → 500", "GET /api/stock → connection refused", "Uncaught error: …". */
export function describeEvidence(item: Evidence): string {
  switch (item.kind) {
    case 'http':
      return `${requestLabel(item)} → ${item.status}`;
    case 'network':
      return `${requestLabel(item)} → ${networkErrorLabel(item)}`;
    case 'page':
      return `${SOURCE_LABELS[item.source]}: ${item.message}`;
  }
}

/** For a record, a timeline or a CSV: "POST /api/orders → 500 (x-request-id req-42)". */
export function evidenceSummary(item: Evidence): string {
  const ids = item.kind === 'http' ? item.ids.map((id) => ` (${id.name} ${id.value})`) : [];
  const stack = item.kind === 'page' && item.stack ? ` (${item.stack})` : '';
  return `${describeEvidence(item)}${ids.join('')}${stack}`;
}

/** "POST /api/orders → 500 · 3 s ago · x-request-id req-42". */
export function formatEvidence(item: Evidence, now: number): string {
  const parts = [describeEvidence(item), `${formatDuration(Math.max(0, now - item.at))} ago`];
  if (item.kind === 'http') parts.push(...item.ids.map((id) => `${id.name} ${id.value}`));
  if (item.kind === 'page' && item.stack) parts.push(item.stack);
  return parts.join(' · ');
}

/** What failed, for the incident's "What failed" ({issue}). */
export function issueFrom(item: Evidence): string {
  switch (item.kind) {
    case 'http': {
      const id = item.ids[0];
      return `the request to ${item.path} returned a ${item.status}${id ? ` (${id.name} ${id.value})` : ''}`;
    }
    case 'network':
      return item.error === CANCELLED
        ? `the request to ${item.path} got no answer in ${formatDuration(item.durationMs ?? 0)}`
        : `the request to ${item.path} failed: ${networkErrorLabel(item)}`;
    case 'page':
      return `the page threw an error: ${item.message}`;
  }
}

/** A line for the SE to say in Diagnose, built from one failure. */
export function diagnoseLine(item: Evidence): string {
  switch (item.kind) {
    case 'http':
      return item.status === 401 || item.status === 403
        ? `I can see the request to ${item.path} was refused with a ${item.status}, so this looks like an authentication problem. Let me check the token and the session.`
        : `I can see the request to ${item.path} returned a ${item.status}. Let me look at the server side of that request.`;
    case 'network':
      return item.error === CANCELLED
        ? `I can see the request to ${item.path} got no answer in ${formatDuration(item.durationMs ?? 0)} and was cancelled. Let me check that the service is up and responding.`
        : `I can see the request to ${item.path} never got an answer: ${networkErrorLabel(item)}. Let me check that the service is up and reachable.`;
    case 'page':
      return `I can see the page hit an error: ${item.message}. Let me look at what triggered it.`;
  }
}

/** A root-cause starting point for the follow-up, from what the demo tab reported. */
export function rootCauseSuggestion(evidence: readonly Evidence[]): string | null {
  const first = evidence[0];
  if (!first) return null;
  const more = evidence.length - 1;
  return `First failure seen: ${describeEvidence(first)}${
    first.kind === 'http' && first.ids[0] ? ` (${first.ids[0].name} ${first.ids[0].value})` : ''
  }.${more > 0 ? ` ${more} more failure${more === 1 ? '' : 's'} followed.` : ''} [Confirm the cause with engineering]`;
}
