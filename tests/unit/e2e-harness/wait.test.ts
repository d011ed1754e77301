/** The E2E harness's waits must throw on timeout, or the checks after them cannot fail. */
import { describe, expect, it } from 'vitest';
import {
  WaitTimeoutError,
  describeValue,
  waitFor,
  waitUntil,
  withTimeout,
} from '../../e2e/harness/wait';

describe('waitUntil', () => {
  it('returns the first value for which the condition holds', async () => {
    let reads = 0;
    const value = await waitUntil(
      () => ++reads,
      (n) => n === 3,
      1_000,
      { intervalMs: 1 },
    );
    expect(value).toBe(3);
  });

  it('throws on timeout, naming what it waited for, the last value and the time', async () => {
    const wait = waitUntil(
      () => ({ text: 'Acknowledge' }),
      (s) => s.text.includes('Diagnose'),
      30,
      { intervalMs: 5, message: 'the overlay to show Diagnose' },
    );
    await expect(wait).rejects.toThrow(WaitTimeoutError);
    await expect(wait).rejects.toThrow(
      'Timed out after 30 ms waiting for the overlay to show Diagnose; last value seen: {"text":"Acknowledge"}',
    );
  });

  it('retries reads that throw, and reports the last error when none succeeded', async () => {
    const wait = waitUntil(
      () => {
        throw new Error('Target closed');
      },
      () => true,
      20,
      { intervalMs: 5, message: 'a snapshot' },
    );
    await expect(wait).rejects.toThrow(
      'Timed out after 20 ms waiting for a snapshot; no value was read; last error: Target closed',
    );
  });

  it('reads at least once even with no time left', async () => {
    await expect(
      waitUntil(
        () => 'ready',
        (v) => v === 'ready',
        0,
      ),
    ).resolves.toBe('ready');
  });
});

describe('waitFor', () => {
  it('returns the first truthy value', async () => {
    let reads = 0;
    await expect(
      waitFor(() => (++reads >= 2 ? 'found' : null), 1_000, { intervalMs: 1 }),
    ).resolves.toBe('found');
  });

  it('throws on timeout instead of returning the falsy value', async () => {
    await expect(waitFor(() => null, 20, { intervalMs: 5, message: 'the mirror' })).rejects.toThrow(
      'Timed out after 20 ms waiting for the mirror; last value seen: null',
    );
  });
});

describe('withTimeout', () => {
  it('rejects when the promise does not settle in time', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(withTimeout(never, 10, 'a worker probe')).rejects.toThrow(
      'Timed out after 10 ms waiting for a worker probe',
    );
  });

  it('passes the value through when it settles in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 1_000, 'seven')).resolves.toBe(7);
  });
});

describe('describeValue', () => {
  it('cuts long values short and says how long they were', () => {
    const described = describeValue('x'.repeat(5_000));
    expect(described.length).toBeLessThan(700);
    expect(described).toMatch(/… \(5002 chars\)$/);
  });

  it('names undefined and values JSON cannot show', () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(cyclic)).toBe('[object Object]');
  });
});
