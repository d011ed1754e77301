/**
 * Registered (chrome.scripting.registerContentScripts) for granted demo origins only, in the
 * isolated world: it adds two event listeners and nothing else. No global, no DOM, no patched
 * function, so the page's fetch, XMLHttpRequest and console are exactly its own, and a page
 * cannot see it (listeners cannot be enumerated from a page).
 *
 * What the isolated world can see: an ErrorEvent's message, file, line and column; not the
 * main world's Error or rejection reason objects (Chrome gives other worlds null), so a
 * rejection reports only what its reason's own fields say when readable. console.error would
 * need a hook in the page's world, which a page can detect, so it is not captured.
 */
type Source = 'exception' | 'rejection';

function report(source: Source, message: string, stack: string | null): void {
  try {
    if (!chrome.runtime?.id) return; // The extension was reloaded under this page.
    void chrome.runtime
      .sendMessage({ type: 'evidence/page-error', payload: { source, message, stack } })
      .catch(() => undefined);
  } catch {
    // Never let our reporting disturb the page.
  }
}

function reasonText(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  if (typeof reason === 'string') return reason;
  return 'Unhandled promise rejection (its reason is not readable from outside the page)';
}

addEventListener('error', (event) => {
  if (!(event instanceof ErrorEvent)) return;
  const where = event.filename ? `at ${event.filename}:${event.lineno}:${event.colno}` : null;
  report('exception', String(event.message || 'Uncaught error').slice(0, 2000), where);
});

addEventListener('unhandledrejection', (event) => {
  report('rejection', reasonText(event.reason).slice(0, 2000), null);
});
