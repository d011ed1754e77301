import { beforeEach, describe, expect, it, vi } from 'vitest';
import { OVERLAY_INSTANCE_KEY, STORAGE_KEYS } from '../../../src/shared/constants';
import { fakeBrowser } from '../fake-browser';
import { activeIncident, started } from './fixtures';

const INSTALLED = Symbol.for('demo-rescue.hotkey');

async function load() {
  delete (globalThis as unknown as Record<symbol, unknown>)[INSTALLED];
  vi.resetModules();
  await import('../../../src/content/hotkey.iife');
  await new Promise((done) => setTimeout(done, 0));
}

const hotkey = {
  key: '(',
  code: 'Digit9',
  ctrlKey: true,
  shiftKey: true,
  bubbles: true,
  cancelable: true,
};

describe('hotkey content script', () => {
  beforeEach(() => {
    fakeBrowser.runtime.sendMessage.mockImplementation(async () => ({ ok: true, value: null }));
  });

  it('ignores key events a page script dispatches (untrusted)', async () => {
    await load();
    document.body.dispatchEvent(new KeyboardEvent('keydown', hotkey));
    window.dispatchEvent(new KeyboardEvent('keydown', hotkey));
    expect(fakeBrowser.runtime.sendMessage).not.toHaveBeenCalled();
    // The same event, had the user typed it, does start recovery.
    const typed = new KeyboardEvent('keydown', hotkey);
    Object.defineProperty(typed, 'isTrusted', { value: true });
    document.body.dispatchEvent(typed);
    expect(fakeBrowser.runtime.sendMessage.mock.calls).toEqual([
      [
        {
          type: 'recovery/start',
          payload: { overlayLoaded: false, pressedAt: expect.any(Number) as number },
        },
      ],
    ]);
    expect(typed.defaultPrevented).toBe(true);
  });

  it('has a loaded overlay show at once and tell the worker itself', async () => {
    await load();
    const scope = globalThis as unknown as Record<symbol, unknown>;
    const startHere = vi.fn(() => true);
    scope[Symbol.for(OVERLAY_INSTANCE_KEY)] = { startHere };
    try {
      const typed = new KeyboardEvent('keydown', hotkey);
      Object.defineProperty(typed, 'isTrusted', { value: true });
      document.body.dispatchEvent(typed);
      // A loaded overlay that cannot show it (not ready yet): the worker shows it.
      startHere.mockReturnValueOnce(false);
      const again = new KeyboardEvent('keydown', hotkey);
      Object.defineProperty(again, 'isTrusted', { value: true });
      document.body.dispatchEvent(again);
    } finally {
      delete scope[Symbol.for(OVERLAY_INSTANCE_KEY)];
    }
    expect(startHere).toHaveBeenCalledTimes(2);
    expect(fakeBrowser.runtime.sendMessage.mock.calls).toEqual([
      [
        {
          type: 'recovery/start',
          payload: { overlayLoaded: true, pressedAt: expect.any(Number) as number },
        },
      ],
    ]);
  });

  it('asks for the overlay back once at load when an incident is active', async () => {
    await fakeBrowser.storage.local.set({
      [STORAGE_KEYS.activeIncident]: activeIncident([started()]),
    });
    await load();
    expect(fakeBrowser.runtime.sendMessage.mock.calls).toEqual([
      [{ type: 'recovery/attach', payload: {} }],
    ]);
  });

  it('does not wake the worker when nothing is active', async () => {
    await load();
    expect(fakeBrowser.runtime.sendMessage).not.toHaveBeenCalled();
  });
});
