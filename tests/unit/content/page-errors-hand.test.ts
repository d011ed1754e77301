/** The page-world scripts' hand-over: a JSON DOM event, at most so many a second. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAGE_ERROR_EVENT } from '../../../src/shared/constants';

afterEach(() => vi.useRealTimers());

describe('page error hand-over', () => {
  it('hands a report as JSON text on document', async () => {
    const { hand } = await import('../../../src/content/page-errors-hand');
    const seen: unknown[] = [];
    const listener = (event: Event) => seen.push((event as CustomEvent<string>).detail);
    document.addEventListener(PAGE_ERROR_EVENT, listener);
    hand('console', 'x'.repeat(3000), 'at app.js:1:1');
    document.removeEventListener(PAGE_ERROR_EVENT, listener);
    expect(seen).toHaveLength(1);
    expect(JSON.parse(seen[0] as string)).toEqual({
      source: 'console',
      message: 'x'.repeat(2000),
      stack: 'at app.js:1:1',
    });
  });

  it('allows at most MAX_REPORTS_PER_SECOND reports a second', async () => {
    vi.resetModules();
    let now = 5_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const { MAX_REPORTS_PER_SECOND, reportAllowed } =
      await import('../../../src/content/page-errors-hand');
    const burst = () => Array.from({ length: 25 }, () => reportAllowed()).filter(Boolean).length;
    expect(burst()).toBe(MAX_REPORTS_PER_SECOND);
    now += 999;
    expect(reportAllowed()).toBe(false);
    now += 1;
    expect(burst()).toBe(MAX_REPORTS_PER_SECOND);
  });
});
