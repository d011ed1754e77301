/**
 * Registered with page-errors.ts for granted demo origins only, in the page's (main) world:
 * Chrome dispatches a page's ErrorEvent and PromiseRejectionEvent only to listeners of the
 * world the error came from, so the isolated world never sees them. This script patches
 * nothing and defines no global: it adds two listeners (which a page cannot enumerate) and
 * hands each error, as JSON text, to the isolated-world script through a DOM event on
 * `document`. Both use the functions as they were before any page script ran.
 */
import { PAGE_ERROR_EVENT } from '../shared/constants';

const dispatch = EventTarget.prototype.dispatchEvent;
const Custom = CustomEvent;
const stringify = JSON.stringify;
const doc = document;

function firstStackLine(stack: unknown): string | null {
  if (typeof stack !== 'string') return null;
  const line = stack.split('\n').find((l) => /^\s*at\s/.test(l));
  return line ? line.trim().slice(0, 2000) : null;
}

function describe(value: unknown): { message: string; stack: string | null } {
  if (value instanceof Error) {
    return { message: `${value.name}: ${value.message}`, stack: firstStackLine(value.stack) };
  }
  return { message: typeof value === 'string' ? value : 'a non-Error value', stack: null };
}

function hand(source: 'exception' | 'rejection', message: string, stack: string | null): void {
  try {
    const detail = stringify({ source, message: message.slice(0, 2000), stack });
    dispatch.call(doc, new Custom(PAGE_ERROR_EVENT, { detail }));
  } catch {
    // Never let our reporting disturb the page.
  }
}

addEventListener('error', (event) => {
  if (!(event instanceof ErrorEvent)) return;
  const error = event.error instanceof Error ? describe(event.error) : null;
  const where = event.filename ? `at ${event.filename}:${event.lineno}:${event.colno}` : null;
  const message = error?.message ?? String(event.message || 'Uncaught error');
  hand('exception', message.replace(/^Uncaught /, ''), error?.stack ?? where);
});

addEventListener('unhandledrejection', (event) => {
  const { message, stack } = describe(event.reason);
  hand('rejection', message, stack);
});
