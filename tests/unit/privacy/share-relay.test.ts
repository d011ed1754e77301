import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SHARE_HINT_EVENT } from '../../../src/shared/constants';
import { fakeBrowser } from '../fake-browser';

const sendMessage = fakeBrowser.runtime.sendMessage;
const INSTALLED = Symbol.for('demo-rescue.share-relay');
const scope = globalThis as unknown as Record<symbol, unknown>;
let listeners: Array<EventListenerOrEventListenerObject> = [];

/** Loads the relay afresh, as a new frame would, remembering its listener to remove it after. */
async function loadRelay({ fresh = true } = {}): Promise<void> {
  if (fresh) delete scope[INSTALLED];
  const add = vi.spyOn(document, 'addEventListener');
  vi.resetModules();
  await import('../../../src/content/share-relay.iife');
  listeners.push(...add.mock.calls.filter(([type]) => type === SHARE_HINT_EVENT).map(([, l]) => l));
  add.mockRestore();
}

function dispatch(detail: unknown): void {
  document.dispatchEvent(new CustomEvent(SHARE_HINT_EVENT, { detail }));
}

const hintMessage = (sharing: boolean, surface: string | null, selfTab = false) => ({
  type: 'share/hint',
  payload: { sharing, surface, selfTab },
});

beforeEach(loadRelay);
afterEach(() => {
  for (const listener of listeners) document.removeEventListener(SHARE_HINT_EVENT, listener);
  listeners = [];
  delete scope[INSTALLED];
});

describe('the share relay', () => {
  it('tells the worker a new top document shares nothing, at once', () => {
    expect(sendMessage.mock.calls).toEqual([[hintMessage(false, null)]]);
  });

  it('forwards a well-formed report as a share/hint message', () => {
    sendMessage.mockClear();
    dispatch('{"sharing":true,"surface":"monitor","selfTab":false}');
    dispatch('{"sharing":true,"surface":"browser","selfTab":true}');
    expect(sendMessage.mock.calls).toEqual([
      [hintMessage(true, 'monitor')],
      [hintMessage(true, 'browser', true)],
    ]);
  });

  it('ignores malformed details and non-CustomEvents', () => {
    sendMessage.mockClear();
    dispatch({ sharing: true, surface: 'monitor', selfTab: false });
    dispatch('{"type":"recovery/start","payload":{}}');
    dispatch('{"sharing":true,"surface":"monitor","selfTab":false,"incident":"end"}');
    dispatch('{"sharing":1,"surface":"monitor","selfTab":false}');
    dispatch('not json');
    dispatch(undefined);
    document.dispatchEvent(new Event(SHARE_HINT_EVENT));
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('sends a repeated identical report once', () => {
    sendMessage.mockClear();
    const detail = '{"sharing":true,"surface":"window","selfTab":false}';
    dispatch(detail);
    dispatch(detail);
    dispatch('{"sharing":false,"surface":null,"selfTab":false}');
    dispatch(detail);
    expect(sendMessage.mock.calls).toEqual([
      [hintMessage(true, 'window')],
      [hintMessage(false, null)],
      [hintMessage(true, 'window')],
    ]);
  });

  it('keeps quiet when the worker cannot be reached', async () => {
    sendMessage.mockClear();
    sendMessage.mockRejectedValueOnce(new Error('Could not establish connection.'));
    dispatch('{"sharing":true,"surface":"monitor","selfTab":false}');
    await Promise.resolve();
    dispatch('{"sharing":true,"surface":"window","selfTab":false}');
    expect(sendMessage).toHaveBeenCalledTimes(2);
  });

  it('stops listening once its extension is gone (orphaned after an update)', () => {
    sendMessage.mockClear();
    sendMessage.mockImplementationOnce(() => {
      throw new Error('Extension context invalidated.');
    });
    dispatch('{"sharing":true,"surface":"monitor","selfTab":false}');
    dispatch('{"sharing":true,"surface":"window","selfTab":false}');
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });

  it('injected again by the same extension (after install), adds no second listener', async () => {
    sendMessage.mockClear();
    await loadRelay({ fresh: false });
    expect(listeners).toHaveLength(1);
    dispatch('{"sharing":true,"surface":"window","selfTab":false}');
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });

  it('injected by an updated extension, takes over from the orphaned copy', async () => {
    const oldRuntime = chrome.runtime;
    const newRuntime = { ...oldRuntime, sendMessage: vi.fn(async () => undefined) };
    (globalThis as unknown as { chrome: unknown }).chrome = { ...chrome, runtime: newRuntime };
    try {
      sendMessage.mockImplementation(() => {
        throw new Error('Extension context invalidated.');
      });
      await loadRelay({ fresh: false });
      expect(listeners).toHaveLength(2);
      expect(scope[INSTALLED]).toBe(newRuntime);
      sendMessage.mockClear();
      newRuntime.sendMessage.mockClear();
      dispatch('{"sharing":true,"surface":"monitor","selfTab":false}');
      dispatch('{"sharing":true,"surface":"window","selfTab":false}');
      // The orphan tried once and retired without taking the new copy's mark with it.
      expect(sendMessage).toHaveBeenCalledTimes(1);
      expect(scope[INSTALLED]).toBe(newRuntime);
      expect(newRuntime.sendMessage.mock.calls).toEqual([
        [hintMessage(true, 'monitor')],
        [hintMessage(true, 'window')],
      ]);
    } finally {
      (globalThis as unknown as { chrome: unknown }).chrome = { ...chrome, runtime: oldRuntime };
    }
  });
});
