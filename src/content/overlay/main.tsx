/**
 * The overlay bundle, injected by the worker into the top frame's isolated world when the
 * hotkey is pressed (and into other call tabs, where it shows only the marker). Injecting again
 * re-shows the running instance instead of adding a second one. After an extension update the
 * old instance is orphaned: it removes itself, and the new one clears any host it left behind.
 * Each instance has its privacy guard: nothing shows until it knows what the tab is sharing.
 */
import type { ShowRequest } from '../../shared/messages';
import { callPlatform, meetingCode } from '../../shared/call-sites';
import {
  MARKER_HOST_TAG,
  OVERLAY_HOST_TAG,
  OVERLAY_INSTANCE_KEY,
  OVERLAY_REQUEST_KEY,
} from '../../shared/constants';
import { extensionAlive } from '../extension-alive';
import { createPrivacyGuard } from '../privacy';
import { createOverlayController } from './controller';
import { createOverlayStore } from '../../recovery/store';
import { warmUp } from './warm-up';

interface OverlayInstance {
  /** Takes a show request; false when this instance is orphaned and gone. */
  show(request: Partial<ShowRequest>): boolean;
  /**
   * The hotkey in this tab: shows the active incident, or paints a new one, at once, without
   * waiting for the worker (asleep after 30 s idle, it takes ~25 ms to start), and tells the
   * worker what it showed (see store.startHere). False when it could not: the hotkey script
   * then asks the worker to show it.
   */
  startHere(): boolean;
  /** Preloaded while presenting: make the first show a warm one (see warm-up.tsx). */
  warmUp(): void;
  dispose(): void;
}

const scope = globalThis as unknown as Record<symbol, unknown>;
const INSTANCE = Symbol.for(OVERLAY_INSTANCE_KEY);
const REQUEST = Symbol.for(OVERLAY_REQUEST_KEY);
const runtime = chrome.runtime;

const alive = () => extensionAlive(runtime);

function createInstance(request: Partial<ShowRequest>): OverlayInstance {
  for (const stale of document.querySelectorAll(`${OVERLAY_HOST_TAG}, ${MARKER_HOST_TAG}`)) {
    stale.remove();
  }
  const store = createOverlayStore();
  // Nothing is painted until the guard knows what the tab shares; the hotkey's request says.
  const guard = createPrivacyGuard({ known: request.privacy });
  let stopFollowing: (() => void) | null = null;
  /** The mirrored incident and prefs have been read: the store knows what is active. */
  let followed = false;
  let disposed = false;
  /** Shown or warmed up once: the rendering code has run and the fonts are loaded. */
  let warm = false;
  const controller = createOverlayController({
    doc: document,
    store,
    guard,
    isAlive: alive,
    onDead: () => instance.dispose(),
  });
  const following = store.follow().then(
    (stop) => {
      stopFollowing = stop;
      followed = true;
    },
    () => undefined,
  );

  const instance: OverlayInstance = {
    show(request) {
      if (disposed) return false;
      if (!alive()) {
        instance.dispose();
        return false;
      }
      warm = true;
      store.closed.value = false;
      // Created dormant (preloaded), the guard may still be waiting for its own reads.
      if (request.privacy) guard.learn(request.privacy);
      if (request.withdraw !== undefined) store.withdraw(request.withdraw);
      if (request.here !== undefined) store.here.value = request.here;
      // A provisional incident is painted at once; the stored one follows through the mirror,
      // so asking the worker now could only race the write (the store asks if it never comes).
      if (request.provisional) store.paint(request.provisional);
      else void store.refresh();
      if (request.focus) controller.requestFocus();
      void store.loadPocs();
      return true;
    },
    startHere() {
      const platform = callPlatform(location.href);
      if (disposed || !followed || !platform || !alive()) return false;
      // The store has told the worker before anything is painted: the message is on its way.
      const shown = store.startHere({ platform, meetingCode: meetingCode(location.href) });
      queueMicrotask(() => instance.show({ here: true, focus: true, provisional: shown }));
      return true;
    },
    warmUp() {
      if (warm || disposed) return;
      warm = true;
      // After the settings arrived: the fonts to load depend on the overlay size.
      void following.then(() => {
        if (!disposed) warmUp(document, store.settings.peek().overlaySize);
      });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      controller.dispose();
      void following.then(() => stopFollowing?.());
      if (scope[INSTANCE] === instance) delete scope[INSTANCE];
      guard.dispose();
    },
  };
  return instance;
}

const request = scope[REQUEST] as Partial<ShowRequest> | undefined;
delete scope[REQUEST];
const running = scope[INSTANCE] as OverlayInstance | undefined;
if (request === undefined) {
  // Preloaded while the SE presents: ready, as after an incident closes, but nothing is drawn
  // (no host element, no timers) until the hotkey's show request.
  if (!running) scope[INSTANCE] = createInstance({});
} else if (!running?.show(request)) {
  const instance = createInstance(request);
  scope[INSTANCE] = instance;
  instance.show(request);
}
