/**
 * Puts the overlay on a page and keeps it there: which host (full overlay or marker), where it
 * sits, the once-a-second clock, focus in and out, dragging. Used by the injected content
 * overlay and by the practice call.
 */
import { computed, effect, signal, untracked } from '@preact/signals';
import { render } from 'preact';
import { MARKER_HOST_TAG, OVERLAY_HOST_TAG } from '../../shared/constants';
import type { OverlayControls, OverlayMode } from './components/Overlay';
import { OverlayView } from './components/Overlay';
import {
  applyHostStyle,
  clampToViewport,
  createHost,
  hostPosition,
  raiseHost,
  viewportOf,
} from './host';
import type { OverlayStore } from './store';

/** Fire just after the second turns, so the displayed m:ss is never a second behind. */
const TICK_SLACK_MS = 5;
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
}

export interface OverlayController {
  /** The hotkey was pressed: expand, take focus, remember where focus was. */
  requestFocus(): void;
  dispose(): void;
}

interface Mounted {
  mode: OverlayMode;
  host: HTMLElement;
  root: ShadowRoot;
}

export function createOverlayController(options: OverlayControllerOptions): OverlayController {
  const { doc, store } = options;
  const win = doc.defaultView ?? window;
  const visible = signal(!doc.hidden);
  let mounted: Mounted | null = null;
  let wantFocus = false;
  let returnFocusTo: HTMLElement | null = null;
  let dead = false;

  const mode = computed<OverlayMode | null>(() => {
    const state = store.state.value;
    if (store.closed.value || !state) return null;
    if (options.practice) return state.platform === 'practice' ? 'full' : null;
    const here = store.here.value;
    if (here === null) return null;
    if (here) return 'full';
    return store.active.value ? 'marker' : null;
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
      applyHostStyle(mounted.host, { corner: settings.overlayCorner }, 1);
      return;
    }
    const position = hostPosition(mounted.host, store.layout.peek(), settings, doc);
    applyHostStyle(mounted.host, position, settings.overlayOpacity);
  }

  function applyFocus(retry = true): void {
    if (!wantFocus || mounted?.mode !== 'full') return;
    const panel = mounted.root.querySelector<HTMLElement>('[data-focus="panel"]');
    if (panel) {
      wantFocus = false;
      panel.focus();
    } else if (retry) {
      setTimeout(() => applyFocus(false), 0);
    }
  }

  function giveBackFocus(): void {
    const target = returnFocusTo;
    returnFocusTo = null;
    if (target?.isConnected && target !== mounted?.host) target.focus();
    else (mounted?.root.activeElement as HTMLElement | null)?.blur();
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
      applyHostStyle(host, to, store.settings.peek().overlayOpacity);
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
  };

  function mount(next: OverlayMode): void {
    const { host, root } = createHost(doc, next === 'full' ? OVERLAY_HOST_TAG : MARKER_HOST_TAG);
    // An orphaned overlay notices at the first touch, before anything fails.
    host.addEventListener('pointerdown', alive, true);
    host.addEventListener('focusin', alive);
    mounted = { mode: next, host, root };
    render(<OverlayView store={store} mode={next} controls={controls} />, root);
    place();
    applyFocus();
  }

  function unmount(): void {
    if (!mounted) return;
    render(null, mounted.root);
    mounted.host.remove();
    mounted = null;
  }

  /** Single-page apps may rebuild the document; put the host back where it belongs. */
  function reconnect(): void {
    if (!mounted || mounted.host.isConnected) return;
    doc.documentElement.append(mounted.host);
    raiseHost(mounted.host);
  }

  const onVisibility = () => {
    visible.value = !doc.hidden;
    if (!doc.hidden && alive()) store.tick();
  };
  const onResize = () => place();
  const onFullscreen = () => {
    if (mounted) raiseHost(mounted.host);
  };
  doc.addEventListener('visibilitychange', onVisibility);
  doc.addEventListener('fullscreenchange', onFullscreen);
  win.addEventListener('resize', onResize);

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
    // The clock ticks only while an incident is active and its overlay can be seen.
    effect(() => {
      if (mode.value !== 'full' || !store.active.value || !visible.value) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const schedule = () => {
        const startedAt = store.state.peek()?.startedAt ?? Date.now();
        const intoSecond = (Date.now() - startedAt) % 1000;
        timer = setTimeout(onTick, 1000 - intoSecond + TICK_SLACK_MS);
      };
      const onTick = () => {
        if (!alive()) return;
        reconnect();
        store.tick();
        schedule();
      };
      schedule();
      return () => clearTimeout(timer);
    }),
  ];

  return {
    requestFocus() {
      const current = doc.activeElement as HTMLElement | null;
      if (current && current !== mounted?.host && current !== doc.body) returnFocusTo = current;
      wantFocus = true;
      if (store.layout.peek().collapsed) {
        void store.saveLayout({ ...store.layout.peek(), collapsed: false });
      }
      applyFocus();
    },
    dispose() {
      for (const stop of stopEffects) stop();
      doc.removeEventListener('visibilitychange', onVisibility);
      doc.removeEventListener('fullscreenchange', onFullscreen);
      win.removeEventListener('resize', onResize);
      unmount();
    },
  };
}
