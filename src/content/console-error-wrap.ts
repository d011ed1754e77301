/**
 * The one patch of the page Demo Rescue makes, and only where the SE opted in for a POC's demo
 * app ("Also capture console.error"): no browser API reports a page's console calls to an
 * extension without the debugger, so console.error is replaced by a wrapper. The page can
 * tell (console.error's source text and identity change, the options page says so), but
 * what it does is the same: the original runs with the same `this` and arguments, its result
 * is returned and whatever it throws is thrown. Reporting never throws, never reads a
 * property through a getter or a proxy, never calls the page's toString, and never recurses.
 */
import { firstStackLine } from './page-errors-hand';

export type ConsoleReport = (message: string, stack: string | null) => void;

const apply = Reflect.apply;
const ownDescriptor = Object.getOwnPropertyDescriptor;
const getPrototype = Object.getPrototypeOf;
const isError = (Error as { isError?: (value: unknown) => boolean }).isError;
const captureStackTrace = Error.captureStackTrace;
const NativeError = Error;
/** V8 formats a stack lazily behind one accessor shared by every error. */
const nativeStackGetter = ownDescriptor(new Error(), 'stack')?.get;
/** The built-in error types, as they were before any page script ran. */
const ERROR_TYPES: readonly ErrorConstructor[] = [
  Error,
  TypeError,
  RangeError,
  ReferenceError,
  SyntaxError,
  EvalError,
  URIError,
];
const ERROR_PROTOTYPES: readonly object[] = ERROR_TYPES.map((type) => type.prototype);
const ERROR_NAMES: readonly string[] = ERROR_TYPES.map((type) => type.name);

function builtInName(prototype: unknown): string {
  for (let i = 0; i < ERROR_PROTOTYPES.length; i++) {
    if (ERROR_PROTOTYPES[i] === prototype) return ERROR_NAMES[i]!;
  }
  return 'Error';
}

/** A data property's value, or undefined (an accessor would run page code). */
function dataValue(target: object, key: string): unknown {
  const descriptor = ownDescriptor(target, key);
  return descriptor && 'value' in descriptor ? descriptor.value : undefined;
}

/**
 * A stack V8 made, formatted: only when the page defined no Error.prepareStackTrace (V8 would
 * call it) and the accessor is V8's own.
 */
function nativeStack(target: object): string | null {
  if (ownDescriptor(NativeError, 'prepareStackTrace')) return null;
  const descriptor = ownDescriptor(target, 'stack');
  if (!descriptor?.get || descriptor.get !== nativeStackGetter) {
    return typeof descriptor?.value === 'string' ? descriptor.value : null;
  }
  const stack: unknown = apply(descriptor.get, target, []);
  return typeof stack === 'string' ? stack : null;
}

/** Is it a real error object (never a proxy: Error.isError runs no trap)? */
const realError = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && isError !== undefined && isError(value);

function errorText(error: object): string {
  const own = dataValue(error, 'name');
  const name = typeof own === 'string' ? own : builtInName(getPrototype(error));
  const message = dataValue(error, 'message');
  return typeof message === 'string' && message ? `${name}: ${message}` : name;
}

/** One argument as text, without running page code: objects other than errors stay opaque. */
function argText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
    case 'symbol':
      return String(value);
    case 'function':
      return '[function]';
    default:
      if (value === null) return 'null';
      return realError(value) ? errorText(value) : '{…}';
  }
}

/** The message, and the first stack line: the error argument's, else where it was called. */
function describeCall(args: readonly unknown[], wrapper: object): [string, string | null] {
  let message = '';
  let stack: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    message += (i > 0 ? ' ' : '') + argText(arg);
    if (stack === null && realError(arg)) stack = firstStackLine(nativeStack(arg));
  }
  if (stack === null && captureStackTrace) {
    const site = {};
    captureStackTrace(site, wrapper as (...args: unknown[]) => unknown);
    stack = firstStackLine(nativeStack(site));
  }
  return [message, stack];
}

/**
 * Replaces `target.error` with the wrapper; returns the wrapper. `allowed` is asked before any
 * work for a report (a page logging in a loop is reported only so often).
 */
export function wrapConsoleError(
  target: Console,
  report: ConsoleReport,
  allowed: () => boolean = () => true,
): typeof console.error {
  const original = target.error;
  let reporting = false;
  const wrapper = {
    error(this: unknown, ...args: unknown[]): unknown {
      try {
        return apply(original, this, args);
      } finally {
        // A page listener to our report could log again: that one is not reported.
        if (!reporting) {
          reporting = true;
          try {
            if (allowed()) {
              const [message, stack] = describeCall(args, wrapper.error);
              report(message, stack);
            }
          } catch {
            // Never let our reporting disturb the page.
          } finally {
            reporting = false;
          }
        }
      }
    },
  };
  target.error = wrapper.error as typeof console.error;
  return target.error;
}
