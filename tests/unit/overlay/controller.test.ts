import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOverlayController } from '../../../src/content/overlay/controller';
import { createOverlayStore } from '../../../src/recovery/store';
import { MARKER_HOST_TAG, OVERLAY_HOST_TAG } from '../../../src/shared/constants';
import { T0, activeIncident, started } from './fixtures';

function hidden(value: boolean) {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 + 1500 });
  hidden(false);
});

afterEach(() => {
  vi.useRealTimers();
  hidden(false);
  for (const host of document.querySelectorAll(`${OVERLAY_HOST_TAG}, ${MARKER_HOST_TAG}`)) {
    host.remove();
  }
});

function setup(isAlive = () => true) {
  const store = createOverlayStore();
  const onDead = vi.fn();
  const controller = createOverlayController({ doc: document, store, isAlive, onDead });
  return { store, controller, onDead };
}

describe('overlay controller', () => {
  it('runs no timer and adds nothing to the page until there is an incident', () => {
    const { controller } = setup();
    expect(vi.getTimerCount()).toBe(0);
    expect(document.querySelector(OVERLAY_HOST_TAG)).toBeNull();
    controller.dispose();
  });

  it('mounts one host, ticks once a second on the second, and stops when hidden', () => {
    const { store, controller } = setup();
    store.here.value = true;
    store.accept(activeIncident([started()]));
    expect(document.querySelectorAll(OVERLAY_HOST_TAG)).toHaveLength(1);
    expect(document.querySelector(OVERLAY_HOST_TAG)!.shadowRoot).toBeNull();
    // Past the first frame, where the panel adds its other sections: only the clock is left.
    vi.advanceTimersByTime(100);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(399);
    expect(store.now.value).toBe(T0 + 1500);
    vi.advanceTimersByTime(10);
    expect(store.now.value).toBeGreaterThanOrEqual(T0 + 2000);
    expect(store.now.value).toBeLessThan(T0 + 2100);
    vi.advanceTimersByTime(3000);
    expect(store.now.value).toBeGreaterThanOrEqual(T0 + 5000);
    hidden(true);
    expect(vi.getTimerCount()).toBe(0);
    hidden(false);
    expect(vi.getTimerCount()).toBe(1);
    controller.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(document.querySelector(OVERLAY_HOST_TAG)).toBeNull();
  });

  it('shows only a marker, without a clock, where the overlay does not belong', () => {
    const { store, controller } = setup();
    store.here.value = false;
    store.accept(activeIncident([started()]));
    expect(document.querySelector(OVERLAY_HOST_TAG)).toBeNull();
    expect(document.querySelectorAll(MARKER_HOST_TAG)).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
    store.here.value = true;
    expect(document.querySelector(MARKER_HOST_TAG)).toBeNull();
    expect(document.querySelectorAll(OVERLAY_HOST_TAG)).toHaveLength(1);
    controller.dispose();
  });

  it('stops ticking once the incident ended, and unmounts when closed', () => {
    const { store, controller } = setup();
    store.here.value = true;
    store.accept(
      activeIncident([started(), { type: 'ended', at: T0 + 1000, outcome: 'fixed-live' }]),
    );
    expect(document.querySelectorAll(OVERLAY_HOST_TAG)).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
    store.closed.value = true;
    expect(document.querySelector(OVERLAY_HOST_TAG)).toBeNull();
    controller.dispose();
  });

  it('puts a removed host back on the next tick', () => {
    const { store, controller } = setup();
    store.here.value = true;
    store.accept(activeIncident([started()]));
    document.querySelector(OVERLAY_HOST_TAG)!.remove();
    vi.advanceTimersByTime(1000);
    expect(document.querySelectorAll(OVERLAY_HOST_TAG)).toHaveLength(1);
    controller.dispose();
  });

  it('an orphaned overlay (extension reloaded) reports itself dead at the next tick', () => {
    let alive = true;
    const { store, controller, onDead } = setup(() => alive);
    store.here.value = true;
    store.accept(activeIncident([started()]));
    alive = false;
    vi.advanceTimersByTime(1000);
    expect(onDead).toHaveBeenCalledTimes(1);
    controller.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('follows the settings: corner, opacity; a dragged position wins over the corner', () => {
    const { store, controller } = setup();
    store.here.value = true;
    store.accept(activeIncident([started()]));
    const host = document.querySelector<HTMLElement>(OVERLAY_HOST_TAG)!;
    expect(host.style.getPropertyValue('top')).toBe('16px');
    expect(host.style.getPropertyValue('right')).toBe('16px');
    store.settings.value = {
      ...store.settings.value,
      overlayCorner: 'bottom-left',
      overlayOpacity: 0.8,
    };
    expect(host.style.getPropertyValue('bottom')).toBe('16px');
    expect(host.style.getPropertyValue('left')).toBe('16px');
    expect(host.style.getPropertyValue('opacity')).toBe('0.8');
    store.layout.value = { left: 40, top: 50, collapsed: false };
    expect(host.style.getPropertyValue('left')).toBe('40px');
    expect(host.style.getPropertyValue('top')).toBe('50px');
    expect(host.style.getPropertyValue('bottom')).toBe('');
    controller.dispose();
  });

  it('takes focus when asked and expands a collapsed overlay', async () => {
    const { store, controller } = setup();
    store.here.value = true;
    store.layout.value = { left: null, top: null, collapsed: true };
    store.accept(activeIncident([started()]));
    controller.requestFocus();
    expect(store.layout.value.collapsed).toBe(false);
    await vi.runOnlyPendingTimersAsync();
    expect(document.activeElement?.localName).toBe(OVERLAY_HOST_TAG);
    controller.dispose();
  });
});
