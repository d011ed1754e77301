/**
 * How the page-world scripts (page-errors-main.ts, page-console-main.ts) hand a report to the
 * isolated-world relay (page-errors.ts): JSON text in a DOM event on `document`, sent with the
 * functions as they were when the script loaded, before any page script ran.
 */
import type { PageErrorSource } from '../domain/evidence';
import { PAGE_ERROR_EVENT } from '../shared/constants';

const dispatch = EventTarget.prototype.dispatchEvent;
const Custom = CustomEvent;
const stringify = JSON.stringify;
const doc = document;

/** The longest message or stack line handed over (the worker cuts them shorter). */
export const HAND_MAX = 2000;

/**
 * A page failing in a loop must not flood the worker (nor spend its own time on our reports):
 * at most this many reports per second; the buffer keeps only the last 50 anyway.
 */
export const MAX_REPORTS_PER_SECOND = 10;
const clock = performance.now.bind(performance);
let windowStart = -Infinity;
let inWindow = 0;

/** Whether one more report fits in this second: ask before doing any work for it. */
export function reportAllowed(): boolean {
  const now = clock();
  if (now - windowStart >= 1000) {
    windowStart = now;
    inWindow = 0;
  }
  inWindow += 1;
  return inWindow <= MAX_REPORTS_PER_SECOND;
}

export function hand(source: PageErrorSource, message: string, stack: string | null): void {
  try {
    const detail = stringify({ source, message: message.slice(0, HAND_MAX), stack });
    dispatch.call(doc, new Custom(PAGE_ERROR_EVENT, { detail }));
  } catch {
    // Never let our reporting disturb the page.
  }
}

/** "at app.js:12:5" from a V8 stack, or null. */
export function firstStackLine(stack: unknown): string | null {
  if (typeof stack !== 'string') return null;
  const line = stack.split('\n').find((l) => /^\s*at\s/.test(l));
  return line ? line.trim().slice(0, HAND_MAX) : null;
}
