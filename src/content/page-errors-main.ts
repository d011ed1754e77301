/**
 * Registered with page-errors.ts for granted demo origins only, in the page's (main) world:
 * Chrome dispatches a page's ErrorEvent and PromiseRejectionEvent only to listeners of the
 * world the error came from, so the isolated world never sees them. This script patches
 * nothing and defines no global: it adds two listeners (which a page cannot enumerate) and
 * hands each error to the isolated-world script (page-errors-hand.ts).
 */
import { firstStackLine, hand, reportAllowed } from './page-errors-hand';

function describe(value: unknown): { message: string; stack: string | null } {
  if (value instanceof Error) {
    return { message: `${value.name}: ${value.message}`, stack: firstStackLine(value.stack) };
  }
  return { message: typeof value === 'string' ? value : 'a non-Error value', stack: null };
}

addEventListener('error', (event) => {
  if (!(event instanceof ErrorEvent) || !reportAllowed()) return;
  const error = event.error instanceof Error ? describe(event.error) : null;
  const where = event.filename ? `at ${event.filename}:${event.lineno}:${event.colno}` : null;
  const message = error?.message ?? String(event.message || 'Uncaught error');
  hand('exception', message.replace(/^Uncaught /, ''), error?.stack ?? where);
});

addEventListener('unhandledrejection', (event) => {
  if (!reportAllowed()) return;
  const { message, stack } = describe(event.reason);
  hand('rejection', message, stack);
});
