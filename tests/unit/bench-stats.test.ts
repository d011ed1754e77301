/** The bench's bootstrap interval: deterministic, and it tells noise from a real difference. */
import { describe, expect, it } from 'vitest';
import { excludes, medianInterval } from '../bench/stats';

describe('medianInterval', () => {
  it('is the same for the same sample, and holds the median', () => {
    const sample = [1.02, 0.97, 1.1, 0.95, 1.01, 1.04, 0.99, 1.0];
    const a = medianInterval(sample);
    expect(medianInterval(sample)).toEqual(a);
    expect(a.low).toBeLessThanOrEqual(a.median);
    expect(a.high).toBeGreaterThanOrEqual(a.median);
  });

  it('leaves out 1 for a clear slowdown, keeps it for noise around 1', () => {
    expect(excludes(medianInterval([1.5, 1.6, 1.55, 1.7, 1.48, 1.62]), 1)).toBe(true);
    expect(excludes(medianInterval([1.02, 0.97, 1.1, 0.95, 1.01, 1.04, 0.99]), 1)).toBe(false);
  });
});
