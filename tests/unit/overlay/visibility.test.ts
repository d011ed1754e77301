import { describe, expect, it } from 'vitest';
import {
  measureHost,
  visibilityProblem,
  type HostMeasure,
} from '../../../src/content/overlay/visibility';

const seen: HostMeasure = {
  connected: true,
  rendered: true,
  rect: { left: 900, top: 16, width: 360, height: 400 },
  viewport: { width: 1280, height: 720 },
};
const at = (rect: Partial<HostMeasure['rect']>): HostMeasure => ({
  ...seen,
  rect: { ...seen.rect, ...rect },
});

describe('visibilityProblem', () => {
  it('finds nothing wrong with an overlay on screen, even partly outside it', () => {
    expect(visibilityProblem(seen)).toBeNull();
    expect(visibilityProblem(at({ left: 1200 }))).toBeNull();
    expect(visibilityProblem(at({ top: -390 }))).toBeNull();
  });

  it('names what keeps it out of sight', () => {
    expect(visibilityProblem({ ...seen, connected: false })).toBe('removed');
    expect(visibilityProblem({ ...seen, rendered: false })).toBe('hidden');
    expect(visibilityProblem(at({ width: 0 }))).toBe('zero-size');
    expect(visibilityProblem(at({ height: 0.5 }))).toBe('zero-size');
    expect(visibilityProblem(at({ left: 1280 }))).toBe('off-screen');
    expect(visibilityProblem(at({ left: -10_000 }))).toBe('off-screen');
    expect(visibilityProblem(at({ top: 716 }))).toBe('off-screen');
    expect(visibilityProblem(at({ top: -396 }))).toBe('off-screen');
  });

  it('checks in that order: a removed host is not also called hidden', () => {
    expect(visibilityProblem({ ...seen, connected: false, rendered: false })).toBe('removed');
  });
});

describe('measureHost', () => {
  it('asks checkVisibility about visibility, opacity and content-visibility', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const options: unknown[] = [];
    Object.assign(host, {
      checkVisibility: (o: unknown) => (options.push(o), false),
      getBoundingClientRect: () => ({ left: 1, top: 2, width: 3, height: 4 }),
    });
    const measure = measureHost(host, window);
    expect(measure).toMatchObject({
      connected: true,
      rendered: false,
      rect: { left: 1, top: 2, width: 3, height: 4 },
    });
    expect(options).toEqual([
      { opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true },
    ]);
    host.remove();
    expect(measureHost(host, window).connected).toBe(false);
  });
});
