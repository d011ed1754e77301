import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstPaintFonts } from '../../../src/recovery/styles';
import { warmUp } from '../../../src/content/overlay/warm-up';
import { fakeBrowser } from '../fake-browser';
import { T0 } from './fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('warmUp', () => {
  it('runs the first paint off the page: nothing added, no timers, no messages', async () => {
    vi.useFakeTimers();
    fakeBrowser.runtime.sendMessage.mockClear();
    const fonts: string[] = [];
    vi.stubGlobal(
      'OffscreenCanvas',
      class {
        getContext() {
          return {
            set font(value: string) {
              fonts.push(value);
            },
            measureText: () => ({ width: 1 }),
          };
        }
      },
    );
    const nodesBefore = document.querySelectorAll('*').length;
    const container = vi.spyOn(document, 'createElement');
    const created = vi.spyOn(document, 'createElementNS');
    warmUp(document, 'regular', T0);
    // The first paint really ran (the panel and its talk track), on a detached element.
    expect(created.mock.calls.map(([, tag]) => tag)).toEqual(
      expect.arrayContaining(['section', 'span', 'p', 'ul']),
    );
    const detached = container.mock.results[0]?.value as HTMLDivElement;
    expect(detached.isConnected).toBe(false);
    expect(detached.childNodes).toHaveLength(0);
    expect(document.querySelectorAll('*')).toHaveLength(nodesBefore);
    expect(vi.getTimerCount()).toBe(0);
    expect(fakeBrowser.runtime.sendMessage).not.toHaveBeenCalled();
    expect(fonts).toEqual(firstPaintFonts('regular'));
  });

  it('loads the faces of the size the SE picked', () => {
    expect(firstPaintFonts('large')[0]).toBe('400 16px system-ui, sans-serif');
    expect(firstPaintFonts('compact')).toContain('700 27.3px system-ui, sans-serif');
  });
});
