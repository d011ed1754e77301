import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { meetOnChannel } from '../../../src/content/share-channel';
import {
  SHARE_HINT_EVENT,
  SHARE_RELAY_LATE_KEY,
  SHARE_REPORT_REQUEST_EVENT,
} from '../../../src/shared/constants';
import { fakeBrowser } from '../fake-browser';

const sendMessage = fakeBrowser.runtime.sendMessage;
const INSTALLED = Symbol.for('demo-rescue.share-relay');
const CHANNEL = Symbol.for('demo-rescue.share-channel');
const LATE = Symbol.for(SHARE_RELAY_LATE_KEY);
const scope = globalThis as unknown as Record<symbol, unknown>;
/** The wrapper's end of the channel: where its reports go. */
let wrapperSide: EventTarget;

/**
 * Loads the relay afresh, as a new frame would at document_start (the wrapper taking the channel
 * after it), or `late`, as the worker injects it after an update.
 */
async function loadRelay({ fresh = true, late = false } = {}): Promise<void> {
  if (fresh) delete scope[INSTALLED];
  if (late) scope[LATE] = true;
  vi.resetModules();
  await import('../../../src/content/share-relay.iife');
  if (!late) wrapperSide = meetOnChannel(document);
}

function dispatch(detail: unknown): void {
  wrapperSide.dispatchEvent(new CustomEvent(SHARE_HINT_EVENT, { detail }));
}

const hintMessage = (sharing: boolean, surface: string | null, selfTab = false) => ({
  type: 'share/hint',
  payload: { sharing, surface, selfTab },
});

beforeEach(() => loadRelay());
afterEach(() => {
  delete scope[INSTALLED];
  delete scope[CHANNEL];
});

describe('the share relay', () => {
  it('tells the worker a new top document shares nothing, at once', () => {
    const first = hintMessage(false, null);
    // Fresh: the worker drops what this tab's frames reported for the previous document.
    expect(sendMessage.mock.calls).toEqual([
      [{ ...first, payload: { ...first.payload, fresh: true } }],
    ]);
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
    wrapperSide.dispatchEvent(new Event(SHARE_HINT_EVENT));
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
    await loadRelay({ fresh: false, late: true });
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
      await loadRelay({ fresh: false, late: true });
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
  it('hears nothing a page dispatches on its document or window, and leaves no node there', () => {
    sendMessage.mockClear();
    const lie = '{"sharing":false,"surface":null,"selfTab":false}';
    document.dispatchEvent(new CustomEvent(SHARE_HINT_EVENT, { detail: lie }));
    window.dispatchEvent(new CustomEvent(SHARE_HINT_EVENT, { detail: lie }));
    document.documentElement.dispatchEvent(
      new CustomEvent(SHARE_HINT_EVENT, { detail: lie, bubbles: true }),
    );
    expect(sendMessage).not.toHaveBeenCalled();
    expect(Array.from(document.childNodes).some((n) => n.nodeType === Node.COMMENT_NODE)).toBe(
      false,
    );
  });

  it('injected late, never meets on a new channel a page could see or plant', async () => {
    delete scope[CHANNEL];
    sendMessage.mockClear();
    const planted = document.createComment('demo-rescue:share-channel');
    document.appendChild(planted);
    try {
      await loadRelay({ late: true });
      planted.dispatchEvent(
        new CustomEvent(SHARE_HINT_EVENT, {
          detail: '{"sharing":false,"surface":null,"selfTab":false}',
        }),
      );
      expect(sendMessage).not.toHaveBeenCalled();
      expect(planted.isConnected).toBe(true);
      expect(scope[LATE]).toBeUndefined();
    } finally {
      planted.remove();
    }
  });

  it('injected late by an updated extension, asks the wrapper to report again on the kept channel', async () => {
    const requests: Event[] = [];
    wrapperSide.addEventListener(SHARE_REPORT_REQUEST_EVENT, (event) => requests.push(event));
    const oldRuntime = chrome.runtime;
    const newRuntime = { ...oldRuntime, sendMessage: vi.fn(async () => undefined) };
    (globalThis as unknown as { chrome: unknown }).chrome = { ...chrome, runtime: newRuntime };
    try {
      await loadRelay({ fresh: false, late: true });
      expect(requests).toHaveLength(1);
      // No "not sharing" on its own: the wrapper knows, the late relay does not.
      expect(newRuntime.sendMessage).not.toHaveBeenCalled();
      dispatch('{"sharing":true,"surface":"monitor","selfTab":false}');
      expect(newRuntime.sendMessage.mock.calls).toEqual([[hintMessage(true, 'monitor')]]);
    } finally {
      (globalThis as unknown as { chrome: unknown }).chrome = { ...chrome, runtime: oldRuntime };
    }
  });
});
