import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOverlayController } from '../../../src/content/overlay/controller';
import { createOverlayStore } from '../../../src/recovery/store';
import { MARKER_HOST_TAG, OVERLAY_HOST_TAG } from '../../../src/shared/constants';
import { fakeBrowser } from '../fake-browser';
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

  it('keeps its clock through a page tearing the root element out, and comes back with it', () => {
    const { store, controller } = setup();
    store.here.value = true;
    store.accept(activeIncident([started()]));
    const host = document.querySelector(OVERLAY_HOST_TAG)!;
    const html = document.documentElement;
    html.remove();
    vi.advanceTimersByTime(1500);
    const during = store.now.value;
    vi.advanceTimersByTime(1000);
    expect(store.now.value).toBeGreaterThan(during);
    document.append(html);
    vi.advanceTimersByTime(1000);
    expect(host.isConnected).toBe(true);
    expect(host.parentElement).toBe(document.documentElement);
    expect(vi.getTimerCount()).toBe(1);
    controller.dispose();
  });

  it('undoes inline styles and attributes a page sets on the host, on the tick and the hotkey', () => {
    const { store, controller } = setup();
    store.here.value = true;
    store.accept(activeIncident([started()]));
    const host = document.querySelector<HTMLElement>(OVERLAY_HOST_TAG)!;
    const ours = host.style.cssText;
    host.style.cssText = 'display: none !important';
    host.setAttribute('hidden', '');
    vi.advanceTimersByTime(1000);
    expect(host.style.cssText).toBe(ours);
    expect(host.hasAttribute('hidden')).toBe(false);
    host.style.setProperty('display', 'none', 'important');
    host.removeAttribute('popover');
    controller.requestFocus();
    expect(host.style.cssText).toBe(ours);
    expect(host.getAttribute('popover')).toBe('manual');
    controller.dispose();
  });

  it('tells the worker, once, while the overlay cannot be seen', () => {
    const rect = vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect');
    const onScreen = { left: 10, top: 10, width: 300, height: 300, right: 310, bottom: 310 };
    rect.mockReturnValue(onScreen as DOMRect);
    try {
      const { store, controller } = setup();
      store.here.value = true;
      store.accept(activeIncident([started()]));
      vi.advanceTimersByTime(1000);
      const reports = () =>
        fakeBrowser.runtime.sendMessage.mock.calls.filter(
          ([message]) => (message as { type: string }).type === 'overlay/unseen',
        );
      expect(reports()).toEqual([]);
      rect.mockReturnValue({ ...onScreen, width: 0, height: 0 } as DOMRect);
      vi.advanceTimersByTime(3000);
      expect(reports()).toEqual([[{ type: 'overlay/unseen', payload: { reason: 'zero-size' } }]]);
      rect.mockReturnValue({ ...onScreen, left: 5000 } as DOMRect);
      vi.advanceTimersByTime(1000);
      expect(reports().at(-1)).toEqual([
        { type: 'overlay/unseen', payload: { reason: 'off-screen' } },
      ]);
      controller.dispose();
    } finally {
      rect.mockRestore();
    }
  });

  it('tells the worker when the page hides the overlay again after every repair', () => {
    const rect = vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect');
    const onScreen = { left: 10, top: 10, width: 300, height: 300 } as DOMRect;
    const squashed = { ...onScreen, width: 0 } as DOMRect;
    rect.mockReturnValue(onScreen);
    try {
      const { store, controller } = setup();
      store.here.value = true;
      store.accept(activeIncident([started()]));
      vi.advanceTimersByTime(1000);
      fakeBrowser.runtime.sendMessage.mockClear();
      // Each check: out of sight as the page left it, fine once repaired.
      rect.mockReturnValueOnce(squashed).mockReturnValueOnce(onScreen);
      vi.advanceTimersByTime(1000);
      expect(fakeBrowser.runtime.sendMessage).not.toHaveBeenCalled();
      rect.mockReturnValueOnce(squashed).mockReturnValueOnce(onScreen);
      vi.advanceTimersByTime(1000);
      expect(fakeBrowser.runtime.sendMessage.mock.calls).toEqual([
        [{ type: 'overlay/unseen', payload: { reason: 'zero-size' } }],
      ]);
      controller.dispose();
    } finally {
      rect.mockRestore();
    }
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
