import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PEEK_MS } from '../../../src/domain/privacy';
import { createPrivacyGuard } from '../../../src/content/privacy/guard';
import type { PrivacyGuard } from '../../../src/recovery/privacy-guard';
import type { ShareState } from '../../../src/shared/share-state';
import { fakeBrowser } from '../fake-browser';

const MEET = 'https://meet.google.com/abc-defg-hij?authuser=0';
const OTHER_MEET = 'https://meet.google.com/xyz-abcd-efg';
const OVERRIDES = 'privacyOverrides';

const screen: ShareState = { sharing: true, surface: 'monitor', selfTab: false, at: 100 };
const otherTab: ShareState = { sharing: true, surface: 'browser', selfTab: false, at: 200 };

/** The worker's answer to share/state. */
let stored: ShareState | null = null;
let guards: PrivacyGuard[] = [];

function guardFor(url = MEET, options: { peekMs?: number; now?: () => number } = {}) {
  const guard = createPrivacyGuard({ url, ...options });
  guards.push(guard);
  return guard;
}

function push(state: unknown, senderId = fakeBrowser.runtime.id) {
  fakeBrowser.runtime.onMessage.dispatch({ type: 'share/changed', state }, { id: senderId });
}

beforeEach(() => {
  stored = null;
  fakeBrowser.runtime.sendMessage.mockImplementation(async (message: unknown) => {
    const { type } = message as { type: string };
    if (type !== 'share/state') throw new Error(`unexpected ${type}`);
    return { ok: true, value: stored };
  });
});

afterEach(() => {
  for (const guard of guards) guard.dispose();
  guards = [];
  vi.useRealTimers();
});

describe('createPrivacyGuard in a browser without Capture Handle (Firefox)', () => {
  const aWindow: ShareState = { sharing: true, surface: 'window', selfTab: false, at: 300 };

  it('feature-checks it, and then hides for a shared window', async () => {
    const proto = MediaStreamTrack.prototype as unknown as Record<string, unknown>;
    const getCaptureHandle = proto.getCaptureHandle;
    delete proto.getCaptureHandle;
    let guard: PrivacyGuard;
    try {
      stored = aWindow;
      guard = guardFor();
    } finally {
      proto.getCaptureHandle = getCaptureHandle;
    }
    expect(guard.support).toEqual({ recognisesOwnTab: false });
    await guard.loaded;
    expect(guard.view.value.indicator).toBe('Hidden: you are sharing a window, maybe this one');
    expect(guard.visible.value).toBe(false);
  });

  it('shows for a shared window where the browser recognises its own tab', async () => {
    stored = aWindow;
    const guard = guardFor();
    expect(guard.support).toEqual({ recognisesOwnTab: true });
    await guard.loaded;
    expect(guard.visible.value).toBe(true);
  });
});

describe('createPrivacyGuard', () => {
  it('stays invisible until it knows what is shared', async () => {
    stored = otherTab;
    const guard = guardFor();
    expect(guard.ready.value).toBe(false);
    expect(guard.visible.value).toBe(false);
    await guard.loaded;
    expect(guard.ready.value).toBe(true);
    expect(guard.share.value).toEqual(otherTab);
    expect(guard.view.value.indicator).toBe('Private: you are sharing another tab');
    expect(guard.visible.value).toBe(true);
  });

  it('is ready at once from what the worker knew, and still asks in case it changed', async () => {
    stored = otherTab;
    const guard = createPrivacyGuard({ url: MEET, known: { share: screen, override: 'auto' } });
    guards.push(guard);
    expect(guard.ready.value).toBe(true);
    expect(guard.view.value.mode).toBe('discreet');
    expect(guard.visible.value).toBe(false);
    // The share changed since the worker read it: the newer state wins.
    await guard.loaded;
    expect(guard.share.value).toEqual(otherTab);
    expect(guard.visible.value).toBe(true);
  });

  it('created dormant, is ready from a show request before its own reads answer', async () => {
    stored = otherTab;
    await fakeBrowser.storage.local.set({
      [OVERRIDES]: { 'abc-defg-hij': { mode: 'show', at: 1 } },
    });
    const guard = guardFor();
    expect(guard.ready.value).toBe(false);
    guard.learn({ share: screen, override: 'show' });
    expect(guard.ready.value).toBe(true);
    expect(guard.visible.value).toBe(true);
    // Its own answers still land: the newer share state wins.
    await guard.loaded;
    expect(guard.share.value).toEqual(otherTab);
  });

  it('keeps the state it has when its own read brings the same one', async () => {
    stored = { ...otherTab };
    const guard = guardFor();
    guard.learn({ share: otherTab, override: 'auto' });
    const learned = guard.share.value;
    await guard.loaded;
    expect(guard.share.value).toBe(learned);
  });

  it('keeps what it read itself over an older show request', async () => {
    stored = otherTab;
    await fakeBrowser.storage.local.set({
      [OVERRIDES]: { 'abc-defg-hij': { mode: 'hide', at: 1 } },
    });
    const guard = guardFor();
    await guard.loaded;
    guard.learn({ share: screen, override: 'show' });
    expect(guard.share.value).toEqual(otherTab);
    expect(guard.override.value).toBe('hide');
  });

  it('waits for the choice when the worker could not name the meeting', async () => {
    await fakeBrowser.storage.local.set({
      [OVERRIDES]: { 'abc-defg-hij': { mode: 'hide', at: 1 } },
    });
    const guard = createPrivacyGuard({ url: MEET, known: { share: otherTab } });
    guards.push(guard);
    expect(guard.ready.value).toBe(false);
    expect(guard.visible.value).toBe(false);
    await guard.loaded;
    expect(guard.override.value).toBe('hide');
    expect(guard.visible.value).toBe(false);
  });

  it('goes discreet while the whole screen is shared, and a peek shows it for a while', async () => {
    stored = screen;
    const guard = guardFor(MEET, { peekMs: 3_000 });
    await guard.loaded;
    expect(guard.view.value.mode).toBe('discreet');
    expect(guard.visible.value).toBe(false);

    vi.useFakeTimers();
    guard.peek();
    expect(guard.visible.value).toBe(true);
    vi.advanceTimersByTime(2_000);
    guard.peek();
    vi.advanceTimersByTime(2_999);
    expect(guard.peeking.value).toBe(true);
    vi.advanceTimersByTime(1);
    expect(guard.peeking.value).toBe(false);
    expect(guard.visible.value).toBe(false);
  });

  it('shows a popped-out overlay while the call tab itself is shared, not the one in the tab', async () => {
    stored = { sharing: true, surface: 'browser', selfTab: true, at: 100 };
    const guard = guardFor();
    await guard.loaded;
    expect(guard.visible.value).toBe(false);
    guard.setPlace('pop-out');
    expect(guard.place.value).toBe('pop-out');
    expect(guard.visible.value).toBe(true);
    expect(guard.view.value.indicator).toBe('Private: you are sharing the call tab');
    guard.setPlace('tab');
    expect(guard.visible.value).toBe(false);
  });

  it('peeks for PEEK_MS by default', async () => {
    stored = screen;
    const guard = guardFor();
    await guard.loaded;
    vi.useFakeTimers();
    guard.peek();
    vi.advanceTimersByTime(PEEK_MS - 1);
    expect(guard.visible.value).toBe(true);
    vi.advanceTimersByTime(1);
    expect(guard.visible.value).toBe(false);
  });

  it("follows the worker's pushes, keeping the newest state", async () => {
    stored = otherTab;
    const guard = guardFor();
    await guard.loaded;
    push({ ...screen, at: 300 });
    expect(guard.view.value.mode).toBe('discreet');
    push({ sharing: false, surface: null, selfTab: false, at: 250 });
    expect(guard.share.value?.at).toBe(300);
    push({ sharing: false, surface: null, selfTab: false, at: 400 });
    expect(guard.view.value).toMatchObject({ mode: 'normal', indicator: 'Not sharing' });
  });

  it('ignores malformed pushes and messages from anyone but the extension', async () => {
    const guard = guardFor();
    await guard.loaded;
    push({ sharing: true, surface: 'monitor', selfTab: false });
    push({ ...screen, surface: 'application' });
    push({ ...screen, at: 999 }, 'some-other-extension');
    fakeBrowser.runtime.onMessage.dispatch(
      { type: 'share/hint', payload: screen },
      {
        id: fakeBrowser.runtime.id,
      },
    );
    expect(guard.share.value).toBeNull();
    expect(guard.view.value.mode).toBe('normal');
  });

  it('keeps a push that arrives before the first answer if it is newer', async () => {
    stored = otherTab;
    const guard = guardFor();
    push({ ...screen, at: 500 });
    await guard.loaded;
    expect(guard.share.value?.at).toBe(500);
  });

  it('becomes ready, showing normally, when the worker does not answer', async () => {
    fakeBrowser.runtime.sendMessage.mockRejectedValue(new Error('no worker'));
    const guard = guardFor();
    await guard.loaded;
    expect(guard.ready.value).toBe(true);
    expect(guard.view.value.indicator).toBe('Not sharing');
  });

  it('stops listening once disposed', async () => {
    const guard = guardFor();
    await guard.loaded;
    guard.dispose();
    push({ ...screen, at: 300 });
    expect(guard.share.value).toBeNull();
  });
});

describe('the first-time warning', () => {
  it('warns once per meeting when the overlay goes discreet', async () => {
    stored = screen;
    const guard = guardFor();
    await guard.loaded;
    expect(guard.warning.value).toBe(
      'Hidden: you are sharing your whole screen. Share another tab or a window instead.',
    );
    guard.dismissWarning();
    expect(guard.warning.value).toBeNull();

    const again = guardFor();
    await again.loaded;
    expect(again.warning.value).toBeNull();
    const elsewhere = guardFor(OTHER_MEET);
    await elsewhere.loaded;
    expect(elsewhere.warning.value).not.toBeNull();
  });

  it('does not warn while normal, or when the user chose to hide', async () => {
    stored = otherTab;
    const guard = guardFor('https://meet.google.com/aaa-bbbb-ccc');
    await guard.loaded;
    expect(guard.warning.value).toBeNull();
    await guard.setOverride('hide');
    expect(guard.view.value.mode).toBe('discreet');
    expect(guard.warning.value).toBeNull();
  });
});

describe('the per-meeting choice', () => {
  it('is saved for this meeting and loaded by the next overlay of the same meeting', async () => {
    stored = screen;
    const guard = guardFor(MEET, { now: () => 42 });
    await guard.loaded;
    await guard.setOverride('show');
    expect(guard.view.value).toMatchObject({
      mode: 'normal',
      indicator: 'Visible to your audience: you are sharing your whole screen',
    });
    expect(await fakeBrowser.storage.local.get(OVERRIDES)).toEqual({
      [OVERRIDES]: { 'abc-defg-hij': { mode: 'show', at: 42 } },
    });

    const next = guardFor('https://meet.google.com/abc-defg-hij');
    await next.loaded;
    expect(next.override.value).toBe('show');
    const elsewhere = guardFor(OTHER_MEET);
    await elsewhere.loaded;
    expect(elsewhere.override.value).toBe('auto');
  });

  it('follows a choice made in another tab of the meeting', async () => {
    const guard = guardFor();
    await guard.loaded;
    await fakeBrowser.storage.local.set({
      [OVERRIDES]: { 'abc-defg-hij': { mode: 'hide', at: 1 } },
    });
    expect(guard.override.value).toBe('hide');
    await fakeBrowser.storage.local.set({ [OVERRIDES]: {} });
    expect(guard.override.value).toBe('auto');
  });

  it('keeps the previous choice, and says why, when it cannot be saved', async () => {
    const guard = guardFor();
    await guard.loaded;
    fakeBrowser.storage.local.set.mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    await expect(guard.setOverride('hide')).rejects.toThrow('quota');
    expect(guard.override.value).toBe('auto');
  });
});
