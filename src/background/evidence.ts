/**
 * Evidence in the worker: what capture reports goes to the recent-failures buffer and, while
 * an incident runs, into its event log. The worker is the only writer of both.
 */
import type { Evidence, HttpEvidence, PageErrorSource, TimedRequest } from '../domain/evidence';
import {
  CAPTURE_HANDOFF_MS,
  evidenceOfTiming,
  notYetCaptured,
  redactText,
  redactUrl,
} from '../domain/evidence';
import {
  captureSince,
  capturesConsoleAt,
  followGrants,
  grantedDemoOrigins,
  isGrantedDemoUrl,
} from './demo-origins';
import { bufferEvidence, onBuffered, recentEvidence, serialized } from './evidence-buffer';
import { addEvidence, activeIncidentId } from './incidents';
import { HandlerError } from './errors';

// Each stored batch goes on into the active incident, if there is one.
onBuffered(async (items) => {
  const incidentId = await activeIncidentId();
  if (incidentId !== null) await addEvidence(incidentId, items);
});

/** Stores failures: always in the buffer, and in the active incident if there is one. */
export function recordEvidence(items: readonly Evidence[]): void {
  bufferEvidence(items);
}

/** Where a granted demo page is (origin, redacted path); refused for any other sender. */
async function demoPageAt(senderUrl: string): Promise<{ origin: string; path: string }> {
  const where = redactUrl(senderUrl);
  if (!where || !(await isGrantedDemoUrl(senderUrl))) {
    throw new HandlerError('forbidden', 'Only a granted demo app can report this.');
  }
  return where;
}

/** A granted demo page starts: request capture runs from now on; since when it has run. */
export async function demoPageStarted(senderUrl: string): Promise<number | null> {
  await demoPageAt(senderUrl);
  await followGrants();
  return captureSince();
}

/** A tab's URL changes at the new page's commit, about when the old page goes: look again then. */
const LEFT_RECHECK_MS = 1_000;

/** A demo page goes: once its tab shows something else, capture stops if no demo tab is left. */
export async function demoPageLeft(senderUrl: string): Promise<void> {
  await demoPageAt(senderUrl);
  setTimeout(() => void followGrants(), LEFT_RECHECK_MS);
}

/**
 * Failures a demo page's Resource Timing holds that ended before request capture began, or
 * just after (while Chrome armed the listeners: CAPTURE_HANDOFF_MS), on granted origins,
 * redacted. Of the later ones, only those webRequest did not see itself (with method and ids).
 */
export async function recordEarlyFailures(
  requests: readonly TimedRequest[],
  senderUrl: string,
): Promise<void> {
  await demoPageAt(senderUrl);
  const since = await captureSince();
  if (since === null) return;
  // The grants once, not once per request.
  const granted = new Set(await grantedDemoOrigins());
  const before: HttpEvidence[] = [];
  const during: HttpEvidence[] = [];
  for (const request of requests) {
    if (!(request.endedAt < since + CAPTURE_HANDOFF_MS)) continue;
    const item = evidenceOfTiming(request, `timing-${crypto.randomUUID()}`);
    if (!item || !granted.has(item.origin)) continue;
    (request.endedAt < since ? before : during).push(item);
  }
  const captured = during.length ? await serialized(() => recentEvidence(Date.now())) : [];
  const items = [...before, ...notYetCaptured(during, captured)];
  if (items.length > 0) recordEvidence(items);
}

/** A page error reported by the page-error script, once its tab's origin is known granted. */
export async function recordPageError(
  report: { source: PageErrorSource; message: string; stack: string | null },
  senderUrl: string,
): Promise<void> {
  const where = await demoPageAt(senderUrl);
  // The wrapper runs only where its POC opted in; anything else claiming to be it is dropped.
  if (report.source === 'console' && !(await capturesConsoleAt(senderUrl))) {
    throw new HandlerError('forbidden', 'console.error is not captured on this demo app.');
  }
  const at = Date.now();
  recordEvidence([
    {
      kind: 'page',
      id: `page-${crypto.randomUUID()}`,
      at,
      ...where,
      source: report.source,
      message: redactText(report.message),
      stack: report.stack === null ? null : redactText(report.stack),
    },
  ]);
}
