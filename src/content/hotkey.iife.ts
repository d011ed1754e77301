/**
 * The only script a call page loads before the hotkey (every frame, so keys are heard while
 * focus is inside Zoom's client iframe). Kept tiny on purpose: one capture-phase keydown
 * listener, no timers, no observers, no DOM, and nothing on the page's globals (content scripts
 * run in an isolated world). Only trusted key events count: a page script dispatching a
 * KeyboardEvent cannot start anything. The overlay itself is injected by the worker on demand;
 * once loaded in this tab, the hotkey shows it directly.
 */
import { OVERLAY_INSTANCE_KEY, STORAGE_KEYS } from '../shared/constants';
import { extensionAlive } from './extension-alive';
import { isRecoveryHotkey } from '../recovery/keys';

// One listener per extension instance, even if the worker injects this file again.
const INSTALLED = Symbol.for('demo-rescue.hotkey');
const OVERLAY_INSTANCE = Symbol.for(OVERLAY_INSTANCE_KEY);
const scope = globalThis as unknown as Record<symbol, unknown>;
const runtime = chrome.runtime;

const alive = () => extensionAlive(runtime);

function retire(): void {
  removeEventListener('keydown', onKeyDown, true);
  if (scope[INSTALLED] === runtime) delete scope[INSTALLED];
}

function send(type: 'recovery/start' | 'recovery/attach', payload: object = {}): void {
  if (!alive()) return retire();
  try {
    // The overlay reports failures; an orphaned or sleeping worker must not throw on the page.
    runtime.sendMessage({ type, payload }).catch(() => undefined);
  } catch {
    retire();
  }
}

function onKeyDown(event: KeyboardEvent): void {
  if (!event.isTrusted || event.repeat || !isRecoveryHotkey(event)) return;
  event.preventDefault();
  event.stopImmediatePropagation();
  // The overlay runs in this isolated world of the top frame (an iframe cannot reach it): if it
  // is loaded it shows at once and tells the worker, perhaps still starting, what it showed.
  // Without it, the worker shows it, starting a new incident at this keydown.
  const pressedAt = Date.now();
  if (window !== window.top) return send('recovery/start', { pressedAt });
  const overlay = scope[OVERLAY_INSTANCE] as { startHere?(): boolean } | undefined;
  if (overlay?.startHere?.() === true) return;
  send('recovery/start', { overlayLoaded: overlay !== undefined, pressedAt });
}

/** After a reload mid-incident the overlay is gone: ask for it back, once, at load. */
async function attachIfActive(): Promise<void> {
  try {
    const stored = await chrome.storage.local.get(STORAGE_KEYS.activeIncident);
    const active = stored[STORAGE_KEYS.activeIncident] as
      { record?: { platform?: string } } | null | undefined;
    if (active && active.record?.platform !== 'practice') send('recovery/attach');
  } catch {
    retire();
  }
}

if (scope[INSTALLED] !== runtime && alive()) {
  scope[INSTALLED] = runtime;
  addEventListener('keydown', onKeyDown, true);
  if (window === window.top) void attachIfActive();
}
