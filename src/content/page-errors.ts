/**
 * Registered (chrome.scripting.registerContentScripts) for granted demo origins only, in the
 * isolated world: it relays what page-errors-main.ts hands over to the worker. A page can
 * dispatch the same DOM event, so what arrives is only a report to check and redact, never
 * trusted (the worker validates and redacts it, and caps what it keeps; it drops console.error
 * reports from origins whose POC did not opt in to page-console-main.ts).
 */
import { PAGE_ERROR_EVENT } from '../shared/constants';

document.addEventListener(PAGE_ERROR_EVENT, (event) => {
  const detail = (event as CustomEvent<unknown>).detail;
  if (typeof detail !== 'string' || detail.length > 5_000) return;
  try {
    if (!chrome.runtime?.id) return; // The extension was reloaded under this page.
    const payload = JSON.parse(detail) as unknown;
    void chrome.runtime
      .sendMessage({ type: 'evidence/page-error', payload })
      .catch(() => undefined);
  } catch {
    // Not ours, or the extension is gone: nothing to report.
  }
});
