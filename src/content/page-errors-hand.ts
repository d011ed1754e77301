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
