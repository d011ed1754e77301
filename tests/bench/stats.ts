/**
 * How sure a bench comparison is: a percentile bootstrap interval of the median, from a seeded
 * generator so the same sample always gives the same interval. With the runs of two conditions
 * interleaved and paired, a difference is measurable when the interval of the paired ratios
 * (or differences) leaves out 1 (or 0).
 */
import { median, percentile } from './figures';

/** mulberry32: a small seeded generator, uniform in [0, 1). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface MedianInterval {
  median: number;
  /** The 95 % bootstrap interval of the median. */
  low: number;
  high: number;
}

export function medianInterval(
  values: readonly number[],
  { resamples = 2000, seed = 1 } = {},
): MedianInterval {
  if (values.length === 0) throw new Error('medianInterval of an empty sample');
  const random = seeded(seed);
  const medians: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const sample = values.map(() => values[Math.floor(random() * values.length)]!);
    medians.push(median(sample));
  }
  return {
    median: median(values),
    low: percentile(medians, 2.5),
    high: percentile(medians, 97.5),
  };
}

/** Whether the interval leaves out `none` (1 for ratios, 0 for differences). */
export const excludes = (interval: MedianInterval, none: number) =>
  interval.low > none || interval.high < none;
