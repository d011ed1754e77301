/**
 * Isolated world of every call-page frame, from document_start: forwards the main-world
 * getDisplayMedia wrapper's reports (src/content/share-watch.iife.ts) to the worker as
 * `share/hint`. They arrive on the private channel the two scripts met on before any page
 * script ran (src/content/share-channel.ts), which a page can neither write to nor read: nothing
 * the page dispatches on its document is heard. Still, the worker only stores a hint per tab;
 * it never starts, ends or changes an incident.
 * Kept tiny (it loads in every call page): one listener, no timers, no DOM, no polyfill.
 * Injected again after an extension update (src/background/recovery.ts), late, once the page
 * has run: that copy takes the channel the previous copy kept in this world, and asks the
 * wrapper (which lives on in the main world) to report again to the new worker.
 */
import { NOT_SHARING, formatShareHint, parseShareHint, type ShareHint } from '../domain/privacy';
import {
  SHARE_CHANNEL_KEY,
  SHARE_HINT_EVENT,
  SHARE_RELAY_LATE_KEY,
  SHARE_REPORT_REQUEST_EVENT,
} from '../shared/constants';
import type { Envelope } from '../shared/messages';
import { meetOnChannel } from './share-channel';

// One listener per extension instance: after an update the worker injects this file again.
const INSTALLED = Symbol.for('demo-rescue.share-relay');
const CHANNEL = Symbol.for(SHARE_CHANNEL_KEY);
const LATE = Symbol.for(SHARE_RELAY_LATE_KEY);
const scope = globalThis as unknown as Record<symbol, unknown>;
const runtime = chrome.runtime;
let lastSent: string | null = null;

// Set by the worker just before it injects this file into a page that has already run.
const late = scope[LATE] === true;
delete scope[LATE];
// At document_start (the manifest's injection, the first copy in this document) meet the
// wrapper now; later only the channel a previous copy kept can be trusted (a page could have
// planted a look-alike node, or would see the one we added).
if (!late && scope[INSTALLED] !== runtime) scope[CHANNEL] = meetOnChannel(document);
const channel = scope[CHANNEL] as EventTarget | undefined;

function retire(): void {
  channel?.removeEventListener(SHARE_HINT_EVENT, onHint);
  if (scope[INSTALLED] === runtime) delete scope[INSTALLED];
}

function forward(hint: ShareHint, fresh = false): void {
  const wire = formatShareHint(hint);
  if (wire === lastSent) return;
  lastSent = wire;
  const payload = fresh ? { ...hint, fresh: true as const } : hint;
  const message: Envelope<'share/hint'> = { type: 'share/hint', payload };
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

if (channel && scope[INSTALLED] !== runtime) {
  scope[INSTALLED] = runtime;
  channel.addEventListener(SHARE_HINT_EVENT, onHint);
  if (late) channel.dispatchEvent(new CustomEvent(SHARE_REPORT_REQUEST_EVENT));
  // A new top document means every capture of the previous one in this tab has ended.
  else if (window === window.top) forward(NOT_SHARING, true);
}
