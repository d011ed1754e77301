import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameData } from '../../../src/domain/data';

describe('sameData', () => {
  it('ignores key order, not content', () => {
    expect(sameData({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameData({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameData([1, 2], [2, 1])).toBe(false);
    expect(sameData([], {})).toBe(false);
    expect(sameData(null, {})).toBe(false);
    expect(sameData({ a: undefined }, {})).toBe(true);
  });

  it('agrees with comparing JSON written with sorted keys', () => {
    const sorted = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(sorted)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .sort(([x], [y]) => (x < y ? -1 : 1))
                .map(([k, v]) => [k, sorted(v)]),
            )
          : value;
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const json = (v: unknown) => JSON.stringify(sorted(v));
        expect(sameData(a, b)).toBe(json(a) === json(b));
        expect(sameData(a, structuredClone(a))).toBe(true);
      }),
    );
  });
});
