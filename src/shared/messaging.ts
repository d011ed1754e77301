/** Typed calls to the worker. Errors come back as `MessageError` with the worker's code. */
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

export async function send<M extends Method>(type: M, payload: Payload<M>): Promise<Replies[M]> {
  const reply = (await browser.runtime.sendMessage({ type, payload })) as Reply<M> | undefined;
  if (!reply) throw new MessageError({ code: 'internal', message: 'Demo Rescue did not answer.' });
  if (!reply.ok) throw new MessageError(reply.error);
  return reply.value;
}
