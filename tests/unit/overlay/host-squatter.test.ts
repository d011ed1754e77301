/**
 * A page that defines our host's tag as a custom element first (its own file: a definition
 * cannot be taken back, and would change every other test's host).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOverlayController } from '../../../src/content/overlay/controller';
import { createOverlayStore } from '../../../src/recovery/store';
import { OVERLAY_HOST_TAG } from '../../../src/shared/constants';
import { T0, activeIncident, started } from './fixtures';

beforeEach(() => vi.useFakeTimers({ now: T0 + 1500 }));
afterEach(() => vi.useRealTimers());

function setup() {
  const store = createOverlayStore();
  const controller = createOverlayController({ doc: document, store, isAlive: () => true });
  return { store, controller };
}

describe('a page squatting on the host tag', () => {
  it('uses a plain <div> host when the page defined our tag first', () => {
    class Squatter extends HTMLElement {
      constructor() {
        super();
        this.attachShadow({ mode: 'open' });
        this.style.display = 'none';
      }
    }
    const tag = OVERLAY_HOST_TAG;
    customElements.define(tag, Squatter);
    const { store, controller } = setup();
    store.here.value = true;
    store.accept(activeIncident([started()]));
    expect(document.querySelector(tag)).toBeNull();
    const host = document.documentElement.lastElementChild as HTMLElement;
    expect(host.localName).toBe('div');
    expect(host.getAttribute('popover')).toBe('manual');
    // Closed: the page cannot reach in.
    expect(host.shadowRoot).toBeNull();
    controller.dispose();
    expect(host.isConnected).toBe(false);
  });
});
