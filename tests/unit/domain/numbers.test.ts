import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount } from '../../../src/domain/numbers';

describe('formatCount', () => {
  it('groups thousands with commas', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(10_000)).toBe('10,000');
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(-2500)).toBe('-2,500');
    expect(formatCount(1234.5)).toBe('1,234.5');
  });

  it('writes integers as en-US does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => {
        expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
      }),
    );
  });
});
