import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  MessageError,
  fromBrowserError,
  send,
  sendUntilAnswered,
} from '../../src/shared/messaging';
import { fakeBrowser } from './fake-browser';

// What Chrome says when the worker stops with a message in flight, or is not there yet.
const CHROME_LOST = [
  'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received',
  'The message port closed before a response was received.',
  'Could not establish connection. Receiving end does not exist.',
];

afterEach(() => vi.restoreAllMocks());

describe('send', () => {
  it.each(CHROME_LOST)('maps "%s" to a clear no-reply error', async (raw) => {
    fakeBrowser.runtime.sendMessage.mockRejectedValueOnce(new Error(raw));
    const error = await send('incident/active', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageError);
    expect(error).toMatchObject({
      code: 'no-reply',
      message: 'Demo Rescue stopped before it answered.',
    });
  });

  it('says the extension is gone when its context was invalidated', () => {
    expect(fromBrowserError(new Error('Extension context invalidated.'))).toMatchObject({
      code: 'extension-gone',
      message: expect.stringContaining('Reload this page'),
    });
  });

  it('never shows an unknown browser error: it logs it and says what it means', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const error = fromBrowserError(new Error('Something internal: 0x8000ffff'));
    expect(error.message).not.toContain('0x8000ffff');
    expect(error.code).toBe('no-reply');
    expect(log).toHaveBeenCalledOnce();
  });

  it('treats an empty reply as no reply, and passes the worker’s errors through', async () => {
    fakeBrowser.runtime.sendMessage.mockResolvedValueOnce(undefined);
    await expect(send('incident/active', {})).rejects.toMatchObject({ code: 'no-reply' });
    fakeBrowser.runtime.sendMessage.mockResolvedValueOnce({
      ok: false,
      error: { code: 'not-found', message: 'That incident no longer exists.' },
    });
    await expect(send('incident/active', {})).rejects.toMatchObject({
      code: 'not-found',
      message: 'That incident no longer exists.',
    });
  });
});

describe('sendUntilAnswered', () => {
  const payload = { incidentId: 'i1', action: { kind: 'acknowledge' as const }, key: 'k1' };

  it('sends the same message again while the reply is lost, then answers', async () => {
    fakeBrowser.runtime.sendMessage
      .mockRejectedValueOnce(new Error(CHROME_LOST[0]))
      .mockRejectedValueOnce(new Error(CHROME_LOST[2]))
      .mockResolvedValueOnce({ ok: true, value: 'stored' });
    const onRetry = vi.fn();
    const reply = await sendUntilAnswered('incident/act', payload, {
      onRetry,
      delaysMs: [0, 0],
    });
    expect(reply).toBe('stored');
    expect(onRetry).toHaveBeenCalledTimes(2);
    const messages = fakeBrowser.runtime.sendMessage.mock.calls.map(([m]) => m);
    expect(messages).toEqual([0, 1, 2].map(() => ({ type: 'incident/act', payload })));
  });

  it('gives up after its last wait with the clear error', async () => {
    fakeBrowser.runtime.sendMessage.mockRejectedValue(new Error(CHROME_LOST[1]));
    await expect(sendUntilAnswered('incident/act', payload, { delaysMs: [0] })).rejects.toEqual(
      expect.objectContaining({ code: 'no-reply' }),
    );
    expect(fakeBrowser.runtime.sendMessage).toHaveBeenCalledTimes(2);
  });

  it('never repeats a request the worker answered, even with an error', async () => {
    fakeBrowser.runtime.sendMessage.mockResolvedValue({
      ok: false,
      error: { code: 'quota-exceeded', message: 'No room.' },
    });
    await expect(sendUntilAnswered('incident/act', payload)).rejects.toMatchObject({
      code: 'quota-exceeded',
    });
    expect(fakeBrowser.runtime.sendMessage).toHaveBeenCalledOnce();
  });
});
