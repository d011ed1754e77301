/**
 * Registered in the page's (main) world, at document_start, only for granted demo origins whose
 * POC opted in to "Also capture console.error" (see console-error-wrap.ts for what that changes
 * on the page). Each call is handed to the isolated-world relay like an uncaught error.
 */
import { wrapConsoleError } from './console-error-wrap';
import { hand, reportAllowed } from './page-errors-hand';

wrapConsoleError(console, (message, stack) => hand('console', message, stack), reportAllowed);
