/**
 * Typed calls to the worker. Errors come back as `MessageError` with the worker's code; the
 * browser's own failures (the worker stopped before it answered, the extension was reloaded)
 * are mapped here, and only here, to words a person can act on: raw Chrome errors are never
 * shown.
 */
import browser from 'webextension-polyfill';
import type { ErrorCode, Method, Payload, Replies, Reply, WireError } from './messages';

export class MessageError extends Error {
  readonly code: ErrorCode;
  readonly problems: WireError['problems'];
  constructor(error: WireError) {
    super(error.message);
    this.name = 'MessageError';
    this.code = error.code;
    this.problems = error.problems;
  }
}

/** Shown while a call whose reply was lost is sent again (see sendUntilAnswered). */
export const SAVING_AGAIN = 'Demo Rescue restarted; saving again…';

// Chrome's words when the worker stopped with the request in flight, or was not there to take it.
const LOST_REPLY =
  /message (port|channel) closed|receiving end does not exist|could not establish connection/i;
const EXTENSION_GONE = /extension context invalidated/i;

/** What a failed runtime.sendMessage means, in clear words. */
export function fromBrowserError(error: unknown): MessageError {
  const raw = error instanceof Error ? error.message : String(error);
  if (EXTENSION_GONE.test(raw)) {
    return new MessageError({
      code: 'extension-gone',
      message: 'Demo Rescue was updated or turned off. Reload this page to use it again.',
    });
  }
  // Kept for whoever debugs it; the person sees only what it means.
  if (!LOST_REPLY.test(raw)) console.error('Demo Rescue: a message to the worker failed', error);
  return new MessageError({ code: 'no-reply', message: 'Demo Rescue stopped before it answered.' });
}

export async function send<M extends Method>(type: M, payload: Payload<M>): Promise<Replies[M]> {
  let reply: Reply<M> | undefined;
  try {
    reply = (await browser.runtime.sendMessage({ type, payload })) as Reply<M> | undefined;
  } catch (error) {
    throw fromBrowserError(error);
  }
  if (!reply) {
    throw new MessageError({
      code: 'no-reply',
      message: 'Demo Rescue stopped before it answered.',
    });
  }
  if (!reply.ok) throw new MessageError(reply.error);
  return reply.value;
}

/** Waits before each retry: at once (the send itself wakes a stopped worker), then longer. */
export const RETRY_DELAYS_MS: readonly number[] = [0, 250, 1_000, 3_000];

export interface RetryOptions {
  /** Called before each retry, e.g. to show SAVING_AGAIN. */
  onRetry?: (error: MessageError) => void;
  delaysMs?: readonly number[];
}

/**
 * `send`, asked again while the worker's reply is lost (it stopped or restarted mid-request).
 * Only for calls that are safe to repeat: reads, and writes that carry an idempotency key,
 * which the worker answers with what is stored instead of doing them twice. Any other error,
 * or the last lost reply, is thrown.
 */
export async function sendUntilAnswered<M extends Method>(
  type: M,
  payload: Payload<M>,
  { onRetry, delaysMs = RETRY_DELAYS_MS }: RetryOptions = {},
): Promise<Replies[M]> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await send(type, payload);
    } catch (error) {
      const delay = delaysMs[attempt];
      if (!(error instanceof MessageError) || error.code !== 'no-reply' || delay === undefined) {
        throw error;
      }
      onRetry?.(error);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
