import { describe, expect, it } from 'vitest';
import {
  MAX_REMEMBERED_MEETINGS,
  loadOverride,
  overrideKey,
  saveOverride,
} from '../../../src/shared/privacy-overrides';
import { fakeBrowser } from '../fake-browser';

const OVERRIDES = 'privacyOverrides';

describe('overrideKey', () => {
  it('names the meeting, whatever the query or the platform', () => {
    expect(overrideKey('https://meet.google.com/abc-defg-hij?authuser=1#x')).toBe('abc-defg-hij');
    expect(overrideKey('https://app.zoom.us/wc/123456789/join?pwd=s3cret')).toBe('123456789');
  });

  it('falls back to the page without its query where there is no meeting code', () => {
    expect(overrideKey('https://meet.google.com/landing?pli=1')).toBe(
      'https://meet.google.com/landing',
    );
    expect(overrideKey('chrome-extension://id/src/practice/index.html?demo=1')).toBe(
      'chrome-extension://id/src/practice/index.html',
    );
  });
});

describe('saveOverride / loadOverride', () => {
  it('stores "always show" / "always hide" and forgets the entry for "auto"', async () => {
    await saveOverride('abc-defg-hij', 'hide', 5);
    expect(await loadOverride('abc-defg-hij')).toBe('hide');
    await saveOverride('abc-defg-hij', 'auto', 6);
    expect(await loadOverride('abc-defg-hij')).toBe('auto');
    expect(await fakeBrowser.storage.local.get(OVERRIDES)).toEqual({ [OVERRIDES]: {} });
  });

  it('reads anything malformed as "auto"', async () => {
    await fakeBrowser.storage.local.set({ [OVERRIDES]: { 'abc-defg-hij': { mode: 'always' } } });
    expect(await loadOverride('abc-defg-hij')).toBe('auto');
    await fakeBrowser.storage.local.set({ [OVERRIDES]: 'show' });
    expect(await loadOverride('abc-defg-hij')).toBe('auto');
  });

  it(`remembers at most ${MAX_REMEMBERED_MEETINGS} meetings, dropping the oldest`, async () => {
    const many = Object.fromEntries(
      Array.from({ length: MAX_REMEMBERED_MEETINGS }, (_, i) => [
        `meeting-${i}`,
        { mode: 'show', at: 1_000 + i },
      ]),
    );
    await fakeBrowser.storage.local.set({ [OVERRIDES]: many });
    await saveOverride('newest', 'hide', 9_999);
    const stored = (await fakeBrowser.storage.local.get(OVERRIDES))[OVERRIDES] as object;
    expect(Object.keys(stored)).toHaveLength(MAX_REMEMBERED_MEETINGS);
    expect(await loadOverride('newest')).toBe('hide');
    expect(await loadOverride('meeting-0')).toBe('auto');
    expect(await loadOverride('meeting-1')).toBe('show');
  });
});
