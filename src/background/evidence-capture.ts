/**
 * Captures failed requests of granted demo origins with chrome.webRequest, observing only:
 * no blocking, no bodies, no request headers, nothing the page can notice.
 *
 * Why it is wired this way (each point was a missed event in a probe):
 * - A listener's URL filter is fixed when it is added, so listeners added before a grant never
 *   see the new origin: on every grant or revoke they are removed and added again.
 * - A worker woken by a request dispatches that request's events only to listeners added in its
 *   first synchronous run; the granted origins are known only after an await. So `listenEarly`
 *   adds catch-all listeners synchronously that only queue what arrives (in memory) until the
 *   origins are read; then they are removed, the queue is filtered to the demo origins, and only
 *   listeners filtered to those origins remain. Chrome remembers those to wake the worker, so
 *   a request on a Meet or other tab never wakes it or reaches any listener of ours.
 * - Response headers arrive only with extraInfoSpec ['responseHeaders'], and Chrome reports a
 *   request only when it has host access to its URL and to its initiator (the page's origin): a
 *   demo app whose API lives on another origin needs both granted (the options page says so).
 * - A page's own timeout reaches onErrorOccurred as a cancel (net::ERR_ABORTED), like every
 *   other cancel; onResponseStarted and the tab's main-frame requests tell which cancels were a
 *   request left unanswered (see isNetworkFailure).
 */
import type { Evidence, RequestCourse } from '../domain/evidence';
import { correlationIds, isNetworkFailure, redactUrl } from '../domain/evidence';
import { originPattern } from '../domain/poc';

type Completed = chrome.webRequest.OnCompletedDetails;
type Failed = chrome.webRequest.OnErrorOccurredDetails;
type Started = chrome.webRequest.OnBeforeRequestDetails;
type Answered = chrome.webRequest.OnResponseStartedDetails;

export type CaptureSink = (items: Evidence[]) => void;

const MAX_IN_FLIGHT = 2_000;
/** Requests to demo origins still open: when each started, and whether its answer began. */
const inFlight = new Map<string, { start: number; answered: boolean }>();
/** Tab id → when its latest main-frame request (a navigation) to a demo origin started. */
const navigatedAt = new Map<number, number>();

function onStarted(details: Started): undefined {
  if (inFlight.size >= MAX_IN_FLIGHT) inFlight.clear();
  inFlight.set(details.requestId, { start: details.timeStamp, answered: false });
  if (details.type === 'main_frame') {
    if (navigatedAt.size >= MAX_IN_FLIGHT) navigatedAt.clear();
    navigatedAt.set(details.tabId, details.timeStamp);
  }
  return undefined;
}

function onAnswered(details: Answered): void {
  const open = inFlight.get(details.requestId);
  if (open) open.answered = true;
}

/** Forgets the request; its duration (null when its start was not seen) and course. */
function finish(details: Completed | Failed): RequestCourse {
  const open = inFlight.get(details.requestId);
  inFlight.delete(details.requestId);
  if (!open) return { durationMs: null, answered: false, navigated: false };
  return {
    durationMs: Math.max(0, Math.round(details.timeStamp - open.start)),
    answered: open.answered,
    navigated: (navigatedAt.get(details.tabId) ?? -Infinity) > open.start,
  };
}

/** The evidence for one finished request, or null when it did not fail. */
export function evidenceOfCompleted(details: Completed, duration: number | null): Evidence | null {
  if (details.statusCode < 400 || details.tabId < 0) return null;
  const where = redactUrl(details.url);
  if (!where) return null;
  return {
    kind: 'http',
    id: `req-${details.requestId}-${Math.round(details.timeStamp)}`,
    at: Math.round(details.timeStamp),
    ...where,
    method: details.method,
    status: details.statusCode,
    durationMs: duration,
    ids: correlationIds(details.responseHeaders),
  };
}

export function evidenceOfFailed(details: Failed, course: RequestCourse): Evidence | null {
  if (details.tabId < 0 || !isNetworkFailure(details.error, course)) return null;
  const where = redactUrl(details.url);
  if (!where) return null;
  return {
    kind: 'network',
    id: `req-${details.requestId}-${Math.round(details.timeStamp)}`,
    at: Math.round(details.timeStamp),
    ...where,
    method: details.method,
    error: details.error,
    durationMs: course.durationMs,
  };
}

let sink: CaptureSink = () => undefined;

function onCompleted(details: Completed): void {
  const item = evidenceOfCompleted(details, finish(details).durationMs);
  if (item) sink([item]);
}

function onFailed(details: Failed): void {
  const item = evidenceOfFailed(details, finish(details));
  if (item) sink([item]);
}

type Queued =
  | { event: 'started'; details: Started }
  | { event: 'answered'; details: Answered }
  | { event: 'completed'; details: Completed }
  | { event: 'failed'; details: Failed };
let early: Queued[] | null = null;
/** When the early catch-all listeners were added (while they still queue). */
let earlySince: number | null = null;
const queueStarted = (details: Started): undefined =>
  void early?.push({ event: 'started', details });
const queueAnswered = (details: Answered) => void early?.push({ event: 'answered', details });
const queueCompleted = (details: Completed) => void early?.push({ event: 'completed', details });
const queueFailed = (details: Failed) => void early?.push({ event: 'failed', details });

const webRequest = () => globalThis.chrome?.webRequest as typeof chrome.webRequest | undefined;

/** Call synchronously at the worker's top level, then `listenTo` once the origins are known. */
export function listenEarly(deliver: CaptureSink): void {
  sink = deliver;
  const api = webRequest();
  if (!api) return; // Feature-checked: no webRequest, no request capture.
  early = [];
  earlySince = Date.now();
  const all = { urls: ['<all_urls>'] };
  api.onBeforeRequest.addListener(queueStarted, all);
  api.onResponseStarted.addListener(queueAnswered, all);
  api.onCompleted.addListener(queueCompleted, all, ['responseHeaders']);
  api.onErrorOccurred.addListener(queueFailed, all);
}

/** While the early listeners still queue: since when (epoch ms); else null. */
export function earlyListenersSince(): number | null {
  return early === null ? null : earlySince;
}

const matchesAny = (url: string, origins: readonly string[]) => {
  const where = redactUrl(url);
  return where !== null && origins.includes(where.origin);
};

/** Listens to exactly these origins (none: no listener at all), replacing any listeners. */
export function listenTo(origins: readonly string[]): void {
  const api = webRequest();
  if (!api) return;
  api.onBeforeRequest.removeListener(queueStarted);
  api.onResponseStarted.removeListener(queueAnswered);
  api.onCompleted.removeListener(queueCompleted);
  api.onErrorOccurred.removeListener(queueFailed);
  api.onBeforeRequest.removeListener(onStarted);
  api.onResponseStarted.removeListener(onAnswered);
  api.onCompleted.removeListener(onCompleted);
  api.onErrorOccurred.removeListener(onFailed);
  if (origins.length > 0) {
    const filter = { urls: origins.map(originPattern) };
    api.onBeforeRequest.addListener(onStarted, filter);
    api.onResponseStarted.addListener(onAnswered, filter);
    api.onCompleted.addListener(onCompleted, filter, ['responseHeaders']);
    api.onErrorOccurred.addListener(onFailed, filter);
  }
  const queued = early ?? [];
  early = null;
  for (const entry of queued) {
    if (!matchesAny(entry.details.url, origins)) continue;
    if (entry.event === 'started') onStarted(entry.details);
    else if (entry.event === 'answered') onAnswered(entry.details);
    else if (entry.event === 'completed') onCompleted(entry.details);
    else onFailed(entry.details);
  }
}
