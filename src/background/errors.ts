import type { ErrorCode, WireError } from '../shared/messages';

/** A failure the caller should see as it is: code, message and per-field problems. */
export class HandlerError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly problems?: WireError['problems'],
  ) {
    super(message);
    this.name = 'HandlerError';
  }
}

export function toWireError(error: unknown): WireError {
  if (error instanceof HandlerError) {
    return { code: error.code, message: error.message, problems: error.problems };
  }
  if (error instanceof DOMException && error.name === 'QuotaExceededError') {
    return {
      code: 'quota-exceeded',
      message: 'The browser has no room left to save incidents. Free disk space, then try again.',
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Demo Rescue hit an unexpected error: ${message}` };
}
