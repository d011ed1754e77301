/**
 * The opt-in console.error wrapper: the page's call behaves as before (same this, arguments,
 * result, exception), and reporting runs no page code, never throws and never recurses.
 */
import { types } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Chromium 156 has Error.isError (no proxy trap runs); Node 20 has not: the same check.
const ErrorStatics = Error as {
  isError?: (value: unknown) => boolean;
  prepareStackTrace?: unknown;
};
ErrorStatics.isError ??= (value) => types.isNativeError(value);
const { wrapConsoleError } = await import('../../../src/content/console-error-wrap');

// The test runner formats stacks itself (source maps); a page normally does not.
let runnerPrepare: unknown;
beforeAll(() => {
  runnerPrepare = ErrorStatics.prepareStackTrace;
  delete ErrorStatics.prepareStackTrace;
});
afterAll(() => {
  if (runnerPrepare !== undefined) ErrorStatics.prepareStackTrace = runnerPrepare;
});

function fakeConsole(impl: (...args: unknown[]) => unknown = () => undefined) {
  const calls: { self: unknown; args: unknown[] }[] = [];
  const target = {
    error(this: unknown, ...args: unknown[]) {
      calls.push({ self: this, args });
      return impl(...args);
    },
  } as unknown as Console;
  return { target, calls };
}

describe('console.error wrapper', () => {
  it('calls the original with the same this and arguments and returns its result', () => {
    const { target, calls } = fakeConsole(() => 'logged');
    const report = vi.fn();
    const wrapped = wrapConsoleError(target, report);
    expect(target.error).toBe(wrapped);
    const self = { other: true };
    const arg = { order: 42 };
    expect(Reflect.apply(target.error, self, ['failed:', arg, 7])).toBe('logged');
    expect(calls).toEqual([{ self, args: ['failed:', arg, 7] }]);
    expect(calls[0]!.args[1]).toBe(arg);
    expect(report).toHaveBeenCalledWith('failed: {…} 7', expect.stringMatching(/^at /));
    expect(wrapped.name).toBe('error');
    expect(wrapped.length).toBe(0);
  });

  it('throws what the original throws, and still reports', () => {
    const boom = new Error('console gone');
    const { target } = fakeConsole(() => {
      throw boom;
    });
    const report = vi.fn();
    wrapConsoleError(target, report);
    expect(() => target.error('x')).toThrow(boom);
    expect(report).toHaveBeenCalledTimes(1);
  });

  it('never throws from reporting, and does not report a call made while reporting', () => {
    const { target, calls } = fakeConsole(() => 'ok');
    const failing = wrapConsoleError(target, () => {
      throw new Error('relay broke');
    });
    expect(failing('still printed')).toBe('ok');
    expect(calls).toHaveLength(1);

    const again = fakeConsole();
    const report = vi.fn(() => void again.target.error('from a listener'));
    wrapConsoleError(again.target, report);
    again.target.error('first');
    expect(again.calls.map((c) => c.args[0])).toEqual(['first', 'from a listener']);
    expect(report).toHaveBeenCalledTimes(1);
  });

  it('describes errors and plain values without running page code', () => {
    const { target } = fakeConsole();
    const report = vi.fn();
    wrapConsoleError(target, report);
    const touched: string[] = [];
    const sneaky = {
      toString: () => (touched.push('toString'), 'sneaky'),
      get message() {
        touched.push('getter');
        return 'x';
      },
    };
    const trap = new Proxy(
      {},
      {
        get: () => void touched.push('proxy get'),
        getPrototypeOf: () => (touched.push('proxy proto'), null),
        getOwnPropertyDescriptor: () => void touched.push('proxy descriptor'),
      },
    );
    const withGetter = new RangeError('out of stock');
    Object.defineProperty(withGetter, 'stack', {
      get: () => (touched.push('stack getter'), 'at page.js:1:1'),
    });
    target.error(sneaky, trap, withGetter, null, undefined, 3n, Symbol('s'), () => 1);
    expect(touched).toEqual([]);
    expect(report).toHaveBeenCalledWith(
      '{…} {…} RangeError: out of stock null undefined 3 Symbol(s) [function]',
      expect.stringMatching(/^at /),
    );

    report.mockClear();
    const thrown = new TypeError('total is undefined');
    target.error('Checkout failed', thrown);
    const [message, stack] = report.mock.calls[0]!;
    expect(message).toBe('Checkout failed TypeError: total is undefined');
    // The error's own first stack line (this test file), not the wrapper's.
    expect(stack).toMatch(/^at .*console-error-wrap\.test\.ts/);
  });

  it("reports where it was called, not the wrapper's frame", () => {
    const { target } = fakeConsole();
    const report = vi.fn();
    wrapConsoleError(target, report);
    function checkout() {
      target.error('no error object');
    }
    checkout();
    expect(report.mock.calls[0]![1]).toMatch(/^at checkout /);
  });

  it('leaves stacks alone when the page formats them itself', () => {
    const { target } = fakeConsole();
    const report = vi.fn();
    wrapConsoleError(target, report);
    const prepare = vi.fn(() => 'page-formatted');
    ErrorStatics.prepareStackTrace = prepare;
    try {
      target.error(new Error('x'));
    } finally {
      delete ErrorStatics.prepareStackTrace;
    }
    expect(prepare).not.toHaveBeenCalled();
    expect(report).toHaveBeenCalledWith('Error: x', null);
  });

  it('does no work for a report it is not allowed, and still prints', () => {
    const { target, calls } = fakeConsole(() => 'ok');
    const report = vi.fn();
    let allow = false;
    wrapConsoleError(target, report, () => allow);
    expect(target.error('flood')).toBe('ok');
    expect(report).not.toHaveBeenCalled();
    allow = true;
    target.error('again');
    expect(report).toHaveBeenCalledTimes(1);
    expect(calls).toHaveLength(2);
  });
});
