/**
 * Isolated world of every call-page frame, from document_start: forwards the main-world
 * getDisplayMedia wrapper's reports (src/content/share-watch.iife.ts) to the worker as
 * `share/hint`. A page can dispatch the same event, so a report is only ever a hint: the worker
 * stores it per tab and nothing else; it never starts, ends or changes an incident.
 * Kept tiny (it loads in every call page): one listener, no timers, no DOM, no polyfill.
 * Injected again after an extension update (src/background/recovery.ts): the page's wrapper
 * lives on in the main world, and its next report reaches the new worker through this copy.
 */
import { NOT_SHARING, formatShareHint, parseShareHint, type ShareHint } from '../domain/privacy';
import { SHARE_HINT_EVENT } from '../shared/constants';
import type { Envelope } from '../shared/messages';

// One listener per extension instance: after an update the worker injects this file again.
const INSTALLED = Symbol.for('demo-rescue.share-relay');
const scope = globalThis as unknown as Record<symbol, unknown>;
const runtime = chrome.runtime;
let lastSent: string | null = null;

function retire(): void {
  document.removeEventListener(SHARE_HINT_EVENT, onHint);
  if (scope[INSTALLED] === runtime) delete scope[INSTALLED];
}

function forward(hint: ShareHint): void {
  const wire = formatShareHint(hint);
  if (wire === lastSent) return;
  lastSent = wire;
  const message: Envelope<'share/hint'> = { type: 'share/hint', payload: hint };
  try {
    // A sleeping worker wakes for it; a failure has no one to tell in the page.
    runtime.sendMessage(message).catch(() => undefined);
  } catch {
    // The extension was reloaded or removed under this orphaned script.
    retire();
  }
}

function onHint(event: Event): void {
  if (!(event instanceof CustomEvent)) return;
  const hint = parseShareHint(event.detail);
  if (hint) forward(hint);
}

if (scope[INSTALLED] !== runtime) {
  scope[INSTALLED] = runtime;
  document.addEventListener(SHARE_HINT_EVENT, onHint);
  // A new top document means every capture of the previous one in this tab has ended.
  if (window === window.top) forward(NOT_SHARING);
}
