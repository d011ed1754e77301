/**
 * Waiting for a condition, with no browser involved. Every wait here throws on timeout, saying
 * what it waited for, the last value it saw and how long it waited: a wait that returned quietly
 * would let the check after it pass without the condition ever holding.
 */

export type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** The longest excerpt of a value an error message carries. */
const MAX_DESCRIBED = 600;

/** A value as an error message shows it: JSON where possible, cut short. */
export function describeValue(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'undefined';
  else if (typeof value === 'function') text = `function ${value.name || '(anonymous)'}`;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > MAX_DESCRIBED
    ? `${text.slice(0, MAX_DESCRIBED)}… (${text.length} chars)`
    : text;
}

/** Thrown by every wait in the harness when its condition did not hold in time. */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
}

interface Attempt {
  /** Whether any read returned (rather than threw). */
  read: boolean;
  value: unknown;
  error: unknown;
}

function timeoutError(what: string, timeoutMs: number, last: Attempt): WaitTimeoutError {
  const seen = last.read ? `last value seen: ${describeValue(last.value)}` : 'no value was read';
  const error =
    last.error === undefined
      ? ''
      : `; last error: ${last.error instanceof Error ? last.error.message : String(last.error)}`;
  return new WaitTimeoutError(
    `Timed out after ${timeoutMs} ms waiting for ${what}; ${seen}${error}`,
    {
      cause: last.error,
    },
  );
}

export interface WaitOptions {
  /** Pause between reads. */
  intervalMs?: number;
  /** What is awaited, for the timeout message ("the overlay to show"). */
  message?: string;
}

/**
 * Reads `read()` every `intervalMs` until `until(value)` holds, and returns that value. Errors
 * thrown by `read` are retried. At `timeoutMs` it throws a WaitTimeoutError with the last value.
 */
export async function waitUntil<T>(
  read: () => T | Promise<T>,
  until: (value: T) => boolean,
  timeoutMs = 5_000,
  { intervalMs = 50, message = 'condition' }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const last: Attempt = { read: false, value: undefined, error: undefined };
  for (;;) {
    try {
      const value = await read();
      Object.assign(last, { read: true, value, error: undefined });
      if (until(value)) return value;
    } catch (error) {
      last.error = error;
    }
    if (Date.now() >= deadline) throw timeoutError(message, timeoutMs, last);
    await sleep(intervalMs);
  }
}

/**
 * Polls `fn` until it returns a truthy value, and returns that value. Errors thrown while
 * polling are retried; at the deadline it throws a WaitTimeoutError with the last value or error.
 */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  timeoutMs = 5_000,
  options: WaitOptions = {},
): Promise<Truthy<T>> {
  return (await waitUntil(fn, (value) => Boolean(value), timeoutMs, options)) as Truthy<T>;
}

/** Rejects with a WaitTimeoutError if `promise` has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new WaitTimeoutError(`Timed out after ${ms} ms waiting for ${what}`)),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
