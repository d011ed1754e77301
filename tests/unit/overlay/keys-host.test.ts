import { describe, expect, it } from 'vitest';
import { isRecoveryHotkey, overlayCommandFor } from '../../../src/recovery/keys';
import { applyHostStyle, clampToViewport } from '../../../src/content/overlay/host';
import { overlayLayoutItem } from '../../../src/shared/storage/items';

const layoutFrom = (stored: unknown) =>
  overlayLayoutItem.fromStored({ overlayLayout: stored }).value;
import { talkTrackValues } from '../../../src/domain/placeholders';
import { POC } from './fixtures';

const key = (init: KeyboardEventInit, target?: EventTarget) => {
  const event = new KeyboardEvent('keydown', init);
  if (target) Object.defineProperty(event, 'target', { value: target });
  return event;
};

describe('isRecoveryHotkey', () => {
  it('is Ctrl+Shift+9 or Cmd+Shift+9 by physical key, whatever the layout prints', () => {
    expect(isRecoveryHotkey(key({ code: 'Digit9', key: '(', ctrlKey: true, shiftKey: true }))).toBe(
      true,
    );
    expect(isRecoveryHotkey(key({ code: 'Digit9', key: '9', metaKey: true, shiftKey: true }))).toBe(
      true,
    );
    expect(isRecoveryHotkey(key({ code: 'Digit9', key: '(', shiftKey: true }))).toBe(false);
    expect(isRecoveryHotkey(key({ code: 'Digit9', key: '9', ctrlKey: true }))).toBe(false);
    expect(
      isRecoveryHotkey(key({ code: 'Digit9', ctrlKey: true, shiftKey: true, altKey: true })),
    ).toBe(false);
    expect(isRecoveryHotkey(key({ code: 'Digit8', key: '*', ctrlKey: true, shiftKey: true }))).toBe(
      false,
    );
  });
});

describe('overlayCommandFor', () => {
  it('maps the documented keys', () => {
    expect(overlayCommandFor(key({ key: 'A' }))).toEqual({ kind: 'acknowledge' });
    expect(overlayCommandFor(key({ key: '3' }))).toEqual({ kind: 'tick', index: 2 });
    expect(overlayCommandFor(key({ key: '0' }))).toBeNull();
    expect(overlayCommandFor(key({ key: '?' }))).toEqual({ kind: 'help' });
    expect(overlayCommandFor(key({ key: 'c' }))).toEqual({ kind: 'toggle-collapse' });
    expect(overlayCommandFor(key({ key: 'Escape' }))).toEqual({ kind: 'leave' });
    expect(overlayCommandFor(key({ key: 'a', ctrlKey: true }))).toBeNull();
  });

  it('leaves typing alone, except Esc', () => {
    const input = document.createElement('input');
    const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' });
    expect(overlayCommandFor(key({ key: 'f' }, input))).toBeNull();
    expect(overlayCommandFor(key({ key: '1' }, document.createElement('textarea')))).toBeNull();
    expect(overlayCommandFor(key({ key: 'Escape' }, input))).toEqual({ kind: 'leave' });
    expect(overlayCommandFor(key({ key: 'f' }, checkbox))).toEqual({ kind: 'fixed-live' });
  });
});

describe('host placement', () => {
  it('sets every declaration inline and important, `all: initial` first', () => {
    const host = document.createElement('demo-rescue-overlay');
    applyHostStyle(host, { corner: 'bottom-left' }, 0.9);
    expect(host.style.cssText.startsWith('all: initial !important;')).toBe(true);
    for (const name of ['position', 'z-index', 'display', 'visibility', 'bottom', 'left']) {
      expect(host.style.getPropertyPriority(name)).toBe('important');
    }
    expect(host.style.getPropertyValue('position')).toBe('fixed');
    expect(host.style.getPropertyValue('z-index')).toBe('2147483647');
    expect(host.style.getPropertyValue('bottom')).toBe('16px');
    expect(host.style.getPropertyValue('opacity')).toBe('0.9');
    applyHostStyle(host, { left: 10.4, top: 20.6 }, 1);
    expect(host.style.getPropertyValue('left')).toBe('10px');
    expect(host.style.getPropertyValue('top')).toBe('21px');
  });

  it('clamps a dragged box into the viewport', () => {
    const size = { width: 360, height: 500 };
    const viewport = { width: 1280, height: 720 };
    expect(clampToViewport(-50, -10, size, viewport)).toEqual({ left: 0, top: 0 });
    expect(clampToViewport(1200, 600, size, viewport)).toEqual({ left: 920, top: 220 });
    expect(clampToViewport(100, 100, size, { width: 200, height: 200 })).toEqual({
      left: 0,
      top: 0,
    });
  });

  it('reads a stored layout defensively', () => {
    expect(layoutFrom(undefined)).toEqual({ left: null, top: null, collapsed: false });
    expect(layoutFrom({ left: 5, top: 'x', collapsed: true })).toEqual({
      left: null,
      top: null,
      collapsed: true,
    });
    expect(layoutFrom({ left: 5, top: 6, collapsed: 'yes' })).toEqual({
      left: 5,
      top: 6,
      collapsed: false,
    });
  });
});

describe('talkTrackValues', () => {
  it('fills from the POC, the pivot (or the best candidate), the ETA and the issue', () => {
    const none = { pivot: null, eta: null, issue: null };
    expect(talkTrackValues(none, null)).toEqual({
      prospect: null,
      criterion: null,
      eta: null,
      issue: null,
    });
    expect(talkTrackValues(none, POC).criterion).toBe('SSO login');
    expect(
      talkTrackValues(
        {
          pivot: { criterionId: 'c-audit', criterionTitle: 'Audit trail', at: 1 },
          eta: { text: 'within the hour', dueAt: null },
          issue: 'export 500',
        },
        POC,
      ),
    ).toEqual({
      prospect: 'Acme Corp',
      criterion: 'Audit trail',
      eta: 'within the hour',
      issue: 'export 500',
    });
  });
});
