/**
 * Puts the overlay on a page and keeps it there: which host (full overlay or marker), what it
 * may show while the call is shared (the privacy guard), where it sits, the pop-out window, the
 * once-a-second clock, focus in and out, dragging. Used by the injected content overlay and by
 * the practice call.
 */
import { batch, computed, effect, signal, untracked } from '@preact/signals';
import { render } from 'preact';
import * as v from 'valibot';
import browser, { type Runtime } from 'webextension-polyfill';
import { privacyView } from '../../domain/privacy';
import { MARKER_HOST_TAG, OVERLAY_HOST_TAG } from '../../shared/constants';
import { OverlayLeaveSchema } from '../../shared/private-field';
import type { UnseenReason } from '../../shared/messages';
import { send } from '../../shared/messaging';
import { measureHost, visibilityProblem } from './visibility';
import { isPopOutSupported, openPopOut, type PopOut, type PrivacyGuard } from '../privacy';
import type {
  OverlayContent,
  OverlayControls,
  OverlayMode,
} from '../../recovery/components/Overlay';
import { OverlayView } from '../../recovery/components/Overlay';
import {
  applyHostStyle,
  clampToViewport,
  createHost,
  hostPosition,
  raiseHost,
  reassertHost,
  type HostPosition,
  viewportOf,
} from './host';
import type { OverlayStore } from '../../recovery/store';
import { tickEverySecond } from '../../recovery/ticker';

const DRAG_THRESHOLD_PX = 4;

export interface OverlayControllerOptions {
  doc: Document;
  store: OverlayStore;
  /**
   * The practice call shows the full overlay for practice incidents only (a real incident
   * belongs to its call tab) and never the marker.
   */
  practice?: boolean;
  /** False once the extension was reloaded or removed under this overlay. */
  isAlive?: () => boolean;
  /** Called (once) when isAlive turns false: the owner tears everything down. */
  onDead?: () => void;
  /**
   * What this call tab is sharing: the overlay shows only while the guard allows it. The
   * practice call has none (nothing there is shared).
   */
  guard?: PrivacyGuard;
}

export interface OverlayController {
  /**
   * The hotkey was pressed: expand, take focus, remember where focus was. Pressed again for the
   * same incident while the overlay is hidden (discreet), it peeks.
   */
  requestFocus(): void;
  dispose(): void;
}

interface Mounted {
  mode: OverlayMode;
  host: HTMLElement;
  root: ShadowRoot;
}

const FOCUS_TARGETS = '[data-focus="panel"], [data-focus="warning"]';

export function createOverlayController(options: OverlayControllerOptions): OverlayController {
  const { doc, store, guard } = options;
  const win = doc.defaultView ?? window;
  const visible = signal(!doc.hidden);
  /** The overlay is drawn in a Document Picture-in-Picture window instead of the tab. */
  const poppedOut = signal(false);
  /** The host was just added: only the at-a-glance sections until that frame is painted. */
  const firstPaint = signal(false);
  let popOut: PopOut | null = null;
  let popContainer: HTMLElement | null = null;
  let popping = false;
  let mounted: Mounted | null = null;
  let wantFocus = false;
  /** Give focus back to the page if, once the overlay changed, there is nothing to focus. */
  let returnIfNothing = false;
  let returnFocusTo: HTMLElement | null = null;
  /** The incident the hotkey last asked for: asked again while hidden, it peeks. */
  let requestedIncident: string | null = null;
  let dead = false;
  let disposed = false;
  /** The host's inline style as last set (serialised by the browser). */
  let hostCss = '';
  /** What was last reported about the overlay not being seen; null while it can be. */
  let reportedProblem: UnseenReason | null = null;
  /** The last check found the overlay out of sight before undoing what the page did. */
  let hiddenAtLastCheck = false;

  const mode = computed<OverlayMode | null>(() => {
    const current = store.incident.value;
    // A damaged incident still gets the full overlay, to say so (see Unreadable).
    const shown = store.state.value !== null || store.replayError.value !== null;
    if (store.closed.value || !current || !shown) return null;
    if (options.practice) return current.record.platform === 'practice' ? 'full' : null;
    const here = store.here.value;
    if (here === null) return null;
    if (here) return 'full';
    return store.active.value ? 'marker' : null;
  });

  /** What the full overlay shows wherever it is drawn: the guard decides while sharing. */
  const content = computed<OverlayContent>(() => {
    if (!guard || guard.visible.value) return 'overlay';
    return guard.warning.value ? 'warning' : 'none';
  });
  /** Whether the audience cannot see this tab, wherever the overlay is. */
  const tabPrivate = computed(
    () =>
      !guard ||
      (guard.ready.value &&
        privacyView(guard.share.value, guard.override.value, 'tab', guard.support).mode ===
          'normal'),
  );
  const tabContent = computed<OverlayContent>(() => {
    if (mode.value === 'marker') return !guard || guard.visible.value ? 'overlay' : 'none';
    if (!poppedOut.value) return content.value;
    return tabPrivate.value ? 'popped-out' : 'none';
  });
  /** The clock runs only while an incident is active and its overlay can be seen. */
  const ticking = computed(() => {
    if (mode.value !== 'full' || !store.active.value) return false;
    if (poppedOut.value) return content.value === 'overlay';
    return visible.value && tabContent.value === 'overlay';
  });

  function alive(): boolean {
    if (dead) return false;
    if (!options.isAlive || options.isAlive()) return true;
    dead = true;
    options.onDead?.();
    return false;
  }

  function place(): void {
    if (!mounted) return;
    const settings = store.settings.peek();
    if (mounted.mode === 'marker') {
      styleHost(mounted.host, { corner: settings.overlayCorner }, 1);
      return;
    }
    const position = hostPosition(mounted.host, store.layout.peek(), settings, doc);
    styleHost(mounted.host, position, settings.overlayOpacity);
  }

  /** Sets the host's inline style and remembers it as the browser wrote it, to restore it. */
  function styleHost(host: HTMLElement, position: HostPosition, opacity: number): void {
    applyHostStyle(host, position, opacity);
    hostCss = host.style.cssText;
  }

  /**
   * With every tick and hotkey: undo what the page did to the host, and check that the overlay
   * can be seen where it should be. The worker tells the user (once, until it can be seen again)
   * when undoing did not help, or when the page hid it again since the last check.
   */
  function guardHost(): void {
    if (!mounted) return;
    const watched = !options.practice && !poppedOut.peek() && tabContent.peek() === 'overlay';
    const before = watched ? visibilityProblem(measureHost(mounted.host, win)) : null;
    reassertHost(mounted.host, doc, hostCss);
    const after = watched ? visibilityProblem(measureHost(mounted.host, win)) : null;
    const problem = after ?? (before !== null && hiddenAtLastCheck ? before : null);
    hiddenAtLastCheck = before !== null;
    if (problem === reportedProblem) return;
    reportedProblem = problem;
    if (problem) void send('overlay/unseen', { reason: problem }).catch(() => undefined);
  }

  function applyFocus(retry = true): void {
    if (!wantFocus || mounted?.mode !== 'full') return;
    // Until the guard knows what is shared, there may be nothing to focus: wait for it.
    if (guard && !guard.ready.peek()) return;
    const target = (popContainer ?? mounted.root).querySelector<HTMLElement>(FOCUS_TARGETS);
    if (target) {
      wantFocus = false;
      returnIfNothing = false;
      // Raises the pop-out window where the platform lets a page do so.
      if (popContainer) popOut?.window.focus();
      target.focus();
    } else if (retry) {
      setTimeout(() => applyFocus(false), 0);
    } else {
      // Hidden while the audience could see it: the keys must not land in an empty overlay.
      wantFocus = false;
      if (returnIfNothing) giveBackFocus();
      returnIfNothing = false;
    }
  }

  function giveBackFocus(): void {
    const target = returnFocusTo;
    returnFocusTo = null;
    if (target?.isConnected && target !== mounted?.host) target.focus();
    else (mounted?.root.activeElement as HTMLElement | null)?.blur();
  }

  /** Whether keyboard focus is inside the overlay, in the tab or in the pop-out. */
  function focusInside(): boolean {
    if (mounted && doc.activeElement === mounted.host) return true;
    const popDoc = popOut?.window.document;
    return Boolean(popDoc?.hasFocus() && popDoc.activeElement !== popDoc.body);
  }

  function popIn(): void {
    popOut?.close();
  }

  /** Opens the pop-out window; must run inside the trusted click (user activation). */
  function startPopOut(): void {
    if (popOut || popping || mounted?.mode !== 'full') return;
    popping = true;
    const popControls: OverlayControls = {
      leave() {
        void store.saveLayout({ ...store.layout.peek(), collapsed: true });
      },
      close: controls.close,
      startDrag() {},
      moveBy() {},
      popIn,
    };
    const PoppedOverlay = () => (
      <OverlayView
        store={store}
        mode="full"
        controls={popControls}
        guard={guard}
        content={content.value}
        place="pop-out"
      />
    );
    const wasFocused = focusInside();
    openPopOut(
      (container) => {
        popContainer = container;
        batch(() => {
          poppedOut.value = true;
          guard?.setPlace('pop-out');
        });
        render(<PoppedOverlay />, container);
        return () => {
          render(null, container);
          popContainer = null;
        };
      },
      {
        styles: mounted.root,
        win,
        onClose() {
          popOut = null;
          batch(() => {
            poppedOut.value = false;
            guard?.setPlace('tab');
          });
        },
      },
    ).then(
      (opened) => {
        popping = false;
        popOut = opened;
        if (disposed || mounted?.mode !== 'full') return opened.close();
        if (wasFocused) {
          wantFocus = true;
          applyFocus();
        }
      },
      (error: unknown) => {
        popping = false;
        const reason = error instanceof Error ? error.message : String(error);
        store.error.value = `The overlay could not pop out: ${reason}`;
      },
    );
  }

  function startDrag(event: PointerEvent): void {
    const handle = event.currentTarget as HTMLElement | null;
    const target = event.target as Element | null;
    if (!mounted || !handle || event.button !== 0) return;
    if (target?.closest('button, input, select, textarea, a') && !target.closest('.grip')) return;
    const host = mounted.host;
    const start = host.getBoundingClientRect();
    const offsetX = event.clientX - start.left;
    const offsetY = event.clientY - start.top;
    let moved = false;
    handle.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent) => {
      if (
        !moved &&
        Math.hypot(e.clientX - event.clientX, e.clientY - event.clientY) < DRAG_THRESHOLD_PX
      )
        return;
      moved = true;
      handle.classList.add('dragging');
      const to = clampToViewport(e.clientX - offsetX, e.clientY - offsetY, start, viewportOf(doc));
      styleHost(host, to, store.settings.peek().overlayOpacity);
    };
    const end = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', end);
      handle.removeEventListener('pointercancel', end);
      handle.classList.remove('dragging');
      if (!moved) return;
      const at = host.getBoundingClientRect();
      void store.saveLayout({ ...store.layout.peek(), left: at.left, top: at.top });
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', end);
    handle.addEventListener('pointercancel', end);
  }

  const controls: OverlayControls = {
    leave() {
      void store.saveLayout({ ...store.layout.peek(), collapsed: true });
      giveBackFocus();
    },
    close() {
      giveBackFocus();
      store.closed.value = true;
    },
    startDrag,
    moveBy(dx, dy) {
      if (!mounted) return;
      const at = mounted.host.getBoundingClientRect();
      const to = clampToViewport(at.left + dx, at.top + dy, at, viewportOf(doc));
      void store.saveLayout({ ...store.layout.peek(), left: to.left, top: to.top });
    },
    popOut: isPopOutSupported(win) ? startPopOut : undefined,
    popIn,
  };

  function mount(next: OverlayMode): void {
    const { host, root } = createHost(doc, next === 'full' ? OVERLAY_HOST_TAG : MARKER_HOST_TAG);
    // An orphaned overlay notices at the first touch, before anything fails.
    host.addEventListener('pointerdown', alive, true);
    host.addEventListener('focusin', alive);
    mounted = { mode: next, host, root };
    // The host stays while the overlay is hidden (discreet, popped out): a peek only renders.
    const TabOverlay = () => (
      <OverlayView
        store={store}
        mode={next}
        controls={controls}
        guard={guard}
        content={tabContent.value}
        firstPaint={firstPaint.value}
      />
    );
    // Only an active incident's panel has sections to hold back.
    firstPaint.value = next === 'full' && store.active.peek();
    render(<TabOverlay />, root);
    if (firstPaint.peek()) {
      // Animation callbacks run before the frame's layout and paint; the task after, past them.
      win.requestAnimationFrame(() => setTimeout(() => (firstPaint.value = false), 0));
    }
    place();
    applyFocus();
  }

  function unmount(): void {
    popIn();
    if (!mounted) return;
    render(null, mounted.root);
    mounted.host.remove();
    mounted = null;
  }

  const onVisibility = () => {
    visible.value = !doc.hidden;
    if (!doc.hidden && alive()) store.tick();
  };
  const onResize = () => place();
  const onFullscreen = () => {
    if (mounted) raiseHost(mounted.host);
  };
  // Esc in a private text field (its own document) reaches us through the worker.
  const onMessage = (message: unknown, sender: Runtime.MessageSender) => {
    if (sender.id === browser.runtime.id && v.is(OverlayLeaveSchema, message) && focusInside()) {
      controls.leave();
    }
  };
  doc.addEventListener('visibilitychange', onVisibility);
  doc.addEventListener('fullscreenchange', onFullscreen);
  win.addEventListener('resize', onResize);
  browser.runtime.onMessage.addListener(onMessage);

  const stopEffects = [
    effect(() => {
      const next = mode.value;
      untracked(() => {
        if (mounted?.mode === next) return;
        unmount();
        if (next) mount(next);
      });
    }),
    effect(() => {
      void store.layout.value;
      void store.settings.value;
      untracked(place);
    }),
    // What is shown changed (a peek, the warning dismissed, popped out or back): focus follows
    // if it was inside the overlay, or if the hotkey asked for it before the guard was ready.
    effect(() => {
      void tabContent.value;
      void content.value;
      untracked(() => {
        if (focusInside()) {
          wantFocus = true;
          returnIfNothing = true;
        }
        // Once preact has rendered the change (its renders are batched on a microtask).
        if (wantFocus) setTimeout(() => applyFocus(false), 0);
      });
    }),
    effect(() => {
      if (!ticking.value) return;
      // At once, so a peek or a pop-out never shows a stale clock.
      return untracked(() =>
        tickEverySecond(store, {
          alive,
          // After the next tick is scheduled: nothing the page does to the document can stop the clock.
          beforeTick: guardHost,
        }),
      );
    }),
  ];

  return {
    requestFocus() {
      const incident = store.incident.peek()?.record.id ?? null;
      if (incident !== null && incident === requestedIncident && guard?.ready.peek()) {
        if (guard.view.peek().mode === 'discreet') guard.peek();
      }
      requestedIncident = incident;
      const current = doc.activeElement as HTMLElement | null;
      if (current && current !== mounted?.host && current !== doc.body) returnFocusTo = current;
      wantFocus = true;
      // The hotkey also restores a host the page hid or removed.
      guardHost();
      if (store.layout.peek().collapsed) {
        void store.saveLayout({ ...store.layout.peek(), collapsed: false });
      }
      applyFocus();
    },
    dispose() {
      disposed = true;
      for (const stop of stopEffects) stop();
      doc.removeEventListener('visibilitychange', onVisibility);
      doc.removeEventListener('fullscreenchange', onFullscreen);
      win.removeEventListener('resize', onResize);
      browser.runtime.onMessage.removeListener(onMessage);
      unmount();
    },
  };
}
