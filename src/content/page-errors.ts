/**
 * Registered (chrome.scripting.registerContentScripts) for granted demo origins only, in the
 * isolated world: it relays what page-errors-main.ts hands over to the worker. A page can
 * dispatch the same DOM event, so what arrives is only a report to check and redact, never
 * trusted (the worker validates and redacts it, and caps what it keeps; it drops console.error
 * reports from origins whose POC did not opt in to page-console-main.ts).
 *
 * It also tells the worker when a demo page starts and when it goes: request capture runs only
 * while a demo tab is open (its listeners slow every request of the browser). Whatever failed
 * on this page before capture began (the page itself, its first calls) is read from the page's
 * Resource Timing, which the page cannot forge, and sent: a status and a duration, no method
 * and no headers (Resource Timing has neither).
 */
import { CAPTURE_HANDOFF_MS, type TimedRequest } from '../domain/evidence';
import { PAGE_ERROR_EVENT } from '../shared/constants';
import type { Method, Reply } from '../shared/messages';

/** Sends to the worker; nothing when the extension was reloaded under this page. */
function tell(type: Method, payload: unknown): Promise<unknown> {
  if (!chrome.runtime?.id) return Promise.resolve(undefined);
  return chrome.runtime.sendMessage({ type, payload });
}

document.addEventListener(PAGE_ERROR_EVENT, (event) => {
  const detail = (event as CustomEvent<unknown>).detail;
  if (typeof detail !== 'string' || detail.length > 5_000) return;
  try {
    void tell('evidence/page-error', JSON.parse(detail) as unknown).catch(() => undefined);
  } catch {
    // Not ours, or the extension is gone: nothing to report.
  }
});

const MAX_EARLY = 50;

/** This page's finished requests that failed (status >= 400) and ended in [from, until). */
function failedBetween(from: number, until: number): TimedRequest[] {
  const origin = performance.timeOrigin;
  const entries = [
    ...performance.getEntriesByType('navigation'),
    ...performance.getEntriesByType('resource'),
  ] as PerformanceResourceTiming[];
  const failed: TimedRequest[] = [];
  for (const entry of entries) {
    const status = entry.responseStatus ?? 0;
    const endedAt = origin + entry.responseEnd;
    if (status < 400 || entry.responseEnd <= 0 || endedAt < from || endedAt >= until) continue;
    failed.push({ url: entry.name, status, startedAt: origin + entry.startTime, endedAt });
    if (failed.length === MAX_EARLY) break;
  }
  return failed;
}

async function tellFailures(requests: TimedRequest[]): Promise<void> {
  if (requests.length > 0) await tell('evidence/early-failures', { requests });
}

/**
 * Read twice: what ended before capture began, at once (anything unfinished ends after); then,
 * once the hand-off is over, what ended while Chrome armed the listeners (the worker keeps
 * those webRequest missed). The two spans never overlap, so nothing is sent twice.
 */
async function announceDemoPage(): Promise<void> {
  const reply = (await tell('evidence/demo-page', {})) as Reply<'evidence/demo-page'> | undefined;
  const since = reply?.ok ? reply.value.capturingSince : null;
  if (typeof since !== 'number') return;
  await tellFailures(failedBetween(-Infinity, since));
  const handedOff = since + CAPTURE_HANDOFF_MS;
  // Capture began before this page did: the first read saw all there was to see.
  if (handedOff <= performance.timeOrigin) return;
  setTimeout(
    () => void tellFailures(failedBetween(since, handedOff)).catch(() => undefined),
    Math.max(0, handedOff - Date.now()),
  );
}

void announceDemoPage().catch(() => undefined);

// The tab may show something else next: capture stops once no tab shows a demo app.
addEventListener('pagehide', () => void tell('evidence/demo-page-left', {}).catch(() => undefined));
