/**
 * The overlay wired to its privacy guard: what the call tab shows while the audience could see
 * it (discreet mode, the warning, peeking), the per-meeting choice, the indicator, and the
 * pop-out window.
 */
import { fireEvent, within } from '@testing-library/preact';
import { act } from 'preact/test-utils';
import { Window as HappyWindow } from 'happy-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOverlayController } from '../../../src/content/overlay/controller';
import { createOverlayStore, type OverlayStore } from '../../../src/recovery/store';
import { createPrivacyGuard, type PrivacyGuard } from '../../../src/content/privacy';
import { PEEK_MS, type CaptureSupport, type ShareHint } from '../../../src/domain/privacy';
import { MARKER_HOST_TAG, OVERLAY_HOST_TAG, STORAGE_KEYS } from '../../../src/shared/constants';
import type { ShareState } from '../../../src/shared/share-state';
import { fakeBrowser } from '../fake-browser';
import { SECOND, T0, activeIncident, scriptWorker, started } from './fixtures';

const NOT_SHARING: ShareHint = { sharing: false, surface: null, selfTab: false };
const SCREEN: ShareHint = { sharing: true, surface: 'monitor', selfTab: false };
const THIS_TAB: ShareHint = { sharing: true, surface: 'browser', selfTab: true };
const OTHER_TAB: ShareHint = { sharing: true, surface: 'browser', selfTab: false };
const WINDOW: ShareHint = { sharing: true, surface: 'window', selfTab: false };

/** Every shadow root attached in the tab's document (the overlay's are closed). */
let roots: ShadowRoot[] = [];
/** The worker's answer to share/state. */
let shared: Promise<ShareState | null>;
let meeting = 0;
let teardown: Array<() => void> = [];

/** A fresh meeting URL: the guard remembers a dismissed warning per meeting. */
function meetingUrl(): string {
  meeting += 1;
  const letter = String.fromCharCode(97 + (meeting % 26));
  return `https://meet.google.com/abc-defg-h${letter}${String.fromCharCode(97 + Math.floor(meeting / 26))}`;
}

function state(hint: ShareHint, at = T0): ShareState {
  return { ...hint, at };
}

/** The worker pushes a new share state to the tab. */
function push(hint: ShareHint, at = Date.now()): void {
  fakeBrowser.runtime.onMessage.dispatch(
    { type: 'share/changed', state: state(hint, at) },
    { id: fakeBrowser.runtime.id },
  );
}

function hidden(value: boolean) {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
  document.dispatchEvent(new Event('visibilitychange'));
}

/** Lets the guard's replies and preact's re-renders land. */
async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  });
}

interface Setup {
  store: OverlayStore;
  guard: PrivacyGuard;
  controller: ReturnType<typeof createOverlayController>;
  /** The full overlay's shadow root in the tab. */
  tab(): ShadowRoot;
}

async function setup(
  share: ShareHint | null,
  {
    here = true,
    url = meetingUrl(),
    support,
  }: { here?: boolean; url?: string; support?: CaptureSupport } = {},
): Promise<Setup> {
  shared = Promise.resolve(share && state(share));
  const store = createOverlayStore();
  const guard = createPrivacyGuard({ url, support });
  const controller = createOverlayController({ doc: document, store, guard });
  teardown.push(() => {
    controller.dispose();
    guard.dispose();
  });
  store.here.value = here;
  store.accept(activeIncident([started()]));
  await settle();
  return {
    store,
    guard,
    controller,
    tab() {
      const host = document.querySelector(OVERLAY_HOST_TAG);
      const root = roots.find((r) => r.host === host);
      if (!root) throw new Error('no overlay host in the tab');
      return root;
    },
  };
}

const inside = (root: ShadowRoot) => within(root as unknown as HTMLElement);
const panelIn = (root: ShadowRoot) => inside(root).queryByRole('dialog');

beforeEach(() => {
  vi.useFakeTimers({ now: T0 + 1500, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  hidden(false);
  roots = [];
  const attach = Element.prototype.attachShadow;
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (
    this: Element,
    init: ShadowRootInit,
  ) {
    const root = attach.call(this, init);
    roots.push(root);
    return root;
  });
  scriptWorker({
    'share/state': () => shared,
    'pocs/active': () => [],
  });
});

afterEach(() => {
  for (const stop of teardown) stop();
  teardown = [];
  vi.useRealTimers();
  vi.restoreAllMocks();
  hidden(false);
  delete (window as { documentPictureInPicture?: unknown }).documentPictureInPicture;
  for (const host of document.querySelectorAll(`${OVERLAY_HOST_TAG}, ${MARKER_HOST_TAG}`)) {
    host.remove();
  }
});

describe('discreet mode', () => {
  it.each([
    ['not sharing', null, 'Not sharing'],
    ['sharing stopped', NOT_SHARING, 'Not sharing'],
    ['another tab', OTHER_TAB, 'Private: you are sharing another tab'],
    ['a window', WINDOW, 'Private: you are sharing a window'],
  ] as const)('shows the overlay with its indicator: %s', async (_what, share, indicator) => {
    const { tab } = await setup(share);
    expect(panelIn(tab())).not.toBeNull();
    expect(tab().querySelector('.dr-privacy-status')?.textContent).toBe(indicator);
  });

  it.each([
    ['the whole screen', SCREEN, 'Hidden: you are sharing your whole screen'],
    ['the call tab itself', THIS_TAB, 'Hidden: you are sharing this tab'],
  ] as const)('hides the overlay while sharing %s, with a warning', async (_what, share, why) => {
    const { tab, store } = await setup(share);
    expect(panelIn(tab())).toBeNull();
    expect(tab().textContent).not.toContain('0:0');
    const warning = inside(tab()).getByRole('group', { name: 'Demo Rescue is hidden' });
    expect(warning.textContent).toContain(`${why}. Share another tab or a window instead.`);
    // Nothing to see, nothing ticking.
    expect(vi.getTimerCount()).toBe(0);
    expect(store.now.value).toBe(T0 + 1500);
  });

  it('paints nothing until the share state is known, so sharing the screen never flashes it', async () => {
    let answer: (state: ShareState | null) => void = () => undefined;
    const pending = new Promise<ShareState | null>((resolve) => (answer = resolve));
    shared = pending;
    const store = createOverlayStore();
    const guard = createPrivacyGuard({ url: meetingUrl() });
    const controller = createOverlayController({ doc: document, store, guard });
    teardown.push(() => {
      controller.dispose();
      guard.dispose();
    });
    store.here.value = true;
    store.accept(activeIncident([started()]));
    controller.requestFocus();
    await settle();
    const host = document.querySelector(OVERLAY_HOST_TAG);
    const root = roots.find((r) => r.host === host)!;
    expect(root.textContent).toBe('');
    answer(state(SCREEN));
    await settle();
    expect(panelIn(root)).toBeNull();
    expect(inside(root).getByRole('group', { name: 'Demo Rescue is hidden' })).toBeTruthy();
  });

  it('follows the share as it changes', async () => {
    const { tab } = await setup(OTHER_TAB);
    push(SCREEN);
    await settle();
    expect(panelIn(tab())).toBeNull();
    push(NOT_SHARING);
    await settle();
    expect(panelIn(tab())).not.toBeNull();
    push(THIS_TAB);
    await settle();
    expect(panelIn(tab())).toBeNull();
    push(WINDOW);
    await settle();
    expect(panelIn(tab())).not.toBeNull();
  });

  it('hides the "incident active" marker of another call tab too', async () => {
    await setup(SCREEN, { here: false });
    const marker = document.querySelector(MARKER_HOST_TAG);
    const root = roots.find((r) => r.host === marker)!;
    expect(root.textContent).toBe('');
    push(OTHER_TAB);
    await settle();
    expect(root.textContent).toContain('Incident active in another tab');
  });
});

describe('peeking', () => {
  it('the hotkey pressed again for the same incident shows it for PEEK_MS, then hides it', async () => {
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    const { tab, controller, store } = await setup(SCREEN);
    controller.requestFocus();
    await settle();
    // The first press only shows the warning.
    expect(panelIn(tab())).toBeNull();
    fireEvent.click(inside(tab()).getByRole('button', { name: 'Dismiss this warning' }));
    await settle();
    vi.setSystemTime(T0 + 7 * SECOND);
    controller.requestFocus();
    await settle();
    await vi.advanceTimersByTimeAsync(0);
    expect(panelIn(tab())).not.toBeNull();
    expect(inside(tab()).getByRole('timer').textContent).toBe('0:07');
    expect(document.activeElement?.localName).toBe(OVERLAY_HOST_TAG);
    expect(store.now.value).toBe(T0 + 7 * SECOND);
    await vi.advanceTimersByTimeAsync(PEEK_MS - 10);
    expect(panelIn(tab())).not.toBeNull();
    await vi.advanceTimersByTimeAsync(10);
    await settle();
    expect(panelIn(tab())).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    // Focus goes back where it was in the call page.
    expect(document.activeElement).toBe(input);
    expect(vi.getTimerCount()).toBe(0);
    input.remove();
  });

  it('a new incident does not peek: the first press for it only warns', async () => {
    const { tab, controller, store } = await setup(SCREEN);
    controller.requestFocus();
    store.accept(activeIncident([started()], 'inc-2'));
    controller.requestFocus();
    await settle();
    expect(panelIn(tab())).toBeNull();
  });

  it("the warning's Peek button peeks", async () => {
    const { tab, guard } = await setup(THIS_TAB);
    fireEvent.click(
      inside(tab()).getByRole('button', { name: /Peek at the overlay for 5 seconds/ }),
    );
    await settle();
    expect(guard.peeking.value).toBe(true);
    expect(panelIn(tab())).not.toBeNull();
    // The indicator says why it will hide again.
    expect(tab().textContent).toContain('Hidden: you are sharing this tab');
    await vi.advanceTimersByTimeAsync(PEEK_MS);
    await settle();
    expect(panelIn(tab())).toBeNull();
  });
});

describe('the discreet warning', () => {
  it('shows once per meeting and can be dismissed, by button or Esc', async () => {
    const url = meetingUrl();
    const { tab } = await setup(SCREEN, { url });
    fireEvent.click(inside(tab()).getByRole('button', { name: 'Dismiss this warning' }));
    await settle();
    expect(tab().textContent).toBe('');
    push(NOT_SHARING);
    push(SCREEN, Date.now() + 1);
    await settle();
    expect(tab().textContent).toBe('');

    // Another overlay instance in the same meeting (after a re-injection) remembers it too.
    teardown.splice(0).forEach((stop) => stop());
    const again = await setup(SCREEN, { url });
    expect(again.tab().textContent).toBe('');

    teardown.splice(0).forEach((stop) => stop());
    const other = await setup(THIS_TAB);
    const warning = inside(other.tab()).getByRole('group', { name: 'Demo Rescue is hidden' });
    fireEvent.keyDown(warning, { key: 'Escape' });
    await settle();
    expect(other.tab().textContent).toBe('');
  });

  it('takes the hotkey focus, and gives it back to the page once dismissed', async () => {
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    const { tab, controller } = await setup(SCREEN);
    controller.requestFocus();
    await vi.advanceTimersByTimeAsync(0);
    expect(document.activeElement?.localName).toBe(OVERLAY_HOST_TAG);
    expect(tab().activeElement?.getAttribute('data-focus')).toBe('warning');
    fireEvent.keyDown(tab().activeElement!, { key: 'Escape' });
    await settle();
    await vi.advanceTimersByTimeAsync(0);
    expect(document.activeElement).toBe(input);
    input.remove();
  });
});

describe('the per-meeting choice', () => {
  it('"always show" shows it while sharing the whole screen, and says the audience sees it', async () => {
    const url = meetingUrl();
    await fakeBrowser.storage.local.set({
      [STORAGE_KEYS.privacyOverrides]: { 'abc-defg-h': { mode: 'show', at: 1 } },
    });
    const { tab, guard } = await setup(SCREEN, { url });
    // Saved for another meeting: this one still hides.
    expect(panelIn(tab())).toBeNull();
    await act(() => guard.setOverride('show'));
    await settle();
    expect(panelIn(tab())).not.toBeNull();
    expect(tab().textContent).toContain(
      'Visible to your audience: you are sharing your whole screen',
    );

    // Chosen in the help: always hide, even while sharing another tab.
    fireEvent.click(inside(tab()).getByRole('button', { name: 'Keyboard shortcuts' }));
    await settle();
    const choice = inside(tab()).getByRole('combobox', { name: 'Overlay in this meeting' });
    expect((choice as HTMLSelectElement).value).toBe('show');
    push(OTHER_TAB);
    fireEvent.change(choice, { target: { value: 'hide' } });
    await settle();
    expect(panelIn(tab())).toBeNull();
    // The user's own choice: no warning.
    expect(tab().textContent).toBe('');
    const saved = await fakeBrowser.storage.local.get(STORAGE_KEYS.privacyOverrides);
    expect(saved[STORAGE_KEYS.privacyOverrides]).toMatchObject({
      [new URL(url).pathname.slice(1)]: { mode: 'hide' },
    });

    await act(() => guard.setOverride('auto'));
    await settle();
    expect(panelIn(tab())).not.toBeNull();
    expect(tab().textContent).toContain('Private: you are sharing another tab');
  });

  it('shows where to peek and the choice in the help', async () => {
    const { tab } = await setup(OTHER_TAB);
    fireEvent.click(inside(tab()).getByRole('button', { name: 'Keyboard shortcuts' }));
    await settle();
    const help = inside(tab()).getByRole('region', { name: 'While you share' });
    expect(help.textContent).toContain('Ctrl+Shift+9');
    expect(help.textContent).toContain('Pressed again while hidden: peek for 5 s');
    expect(help.textContent).not.toContain('Pop it out');
  });

  it('where Document PiP is offered, the help says popping out keeps it in sight', async () => {
    offerPictureInPicture();
    const { tab } = await setup(NOT_SHARING);
    fireEvent.click(inside(tab()).getByRole('button', { name: 'Keyboard shortcuts' }));
    await settle();
    const help = inside(tab()).getByRole('region', { name: 'While you share' });
    expect(help.textContent).toContain('Sharing your whole screen or this tab hides the overlay');
    expect(help.textContent).toContain('Pop it out into its own window to keep it in sight');
  });

  it('where the browser cannot tell what is shared, the help says any share hides it', async () => {
    offerPictureInPicture();
    const { tab } = await setup(NOT_SHARING, { support: { recognisesOwnTab: false } });
    fireEvent.click(inside(tab()).getByRole('button', { name: 'Keyboard shortcuts' }));
    await settle();
    const help = inside(tab()).getByRole('region', { name: 'While you share' });
    expect(help.textContent).toContain(
      'Sharing a window or your whole screen hides the overlay from your audience, and from you: this browser does not say which you share.',
    );
    expect(help.textContent).toContain('choose “Always show” below');
    // Popped out it would be hidden too (the shared screen may show it): no such advice.
    expect(help.textContent).not.toContain('Pop it out');
    expect(help.textContent).not.toContain('this tab hides');
  });
});

/** A Document Picture-in-Picture API on the tab's window, and the windows it opened. */
function offerPictureInPicture() {
  const opened: Window[] = [];
  const requestWindow = vi.fn(async () => {
    const pip = new HappyWindow() as unknown as Window;
    vi.spyOn(pip, 'close').mockImplementation(() => pip.dispatchEvent(new Event('pagehide')));
    vi.spyOn(pip, 'focus').mockImplementation(() => undefined);
    opened.push(pip);
    return pip;
  });
  Object.defineProperty(window, 'documentPictureInPicture', {
    configurable: true,
    value: { requestWindow },
  });
  return { opened, requestWindow };
}

/** The overlay's shadow root in a pop-out window. */
function popOutRoot(pip: Window): ShadowRoot {
  const root = roots.find((r) => r.host.ownerDocument === pip.document);
  if (!root) throw new Error('nothing rendered in the pop-out');
  return root;
}

describe('pop-out', () => {
  it('offers no pop-out control where Document Picture-in-Picture is missing', async () => {
    const { tab } = await setup(NOT_SHARING);
    expect(inside(tab()).queryByRole('button', { name: /Pop out/ })).toBeNull();
  });

  it('renders the same overlay in the window, ticking, and returns to the tab when it closes', async () => {
    const { opened, requestWindow } = offerPictureInPicture();
    const { tab, guard, store } = await setup(THIS_TAB);
    expect(panelIn(tab())).toBeNull();
    // Peek to reach the control (a real click: the browser wants a user gesture).
    guard.peek();
    await settle();
    fireEvent.click(inside(tab()).getByRole('button', { name: 'Pop out into its own window' }));
    expect(requestWindow).toHaveBeenCalledTimes(1);
    await settle();
    const pip = opened[0]!;
    const popped = popOutRoot(pip);
    expect(guard.place.value).toBe('pop-out');
    // Sharing the call tab no longer hides it out there, and the tab shows nothing.
    expect(panelIn(popped)).not.toBeNull();
    expect(popped.textContent).toContain('Private: you are sharing the call tab');
    expect(tab().textContent).toBe('');
    expect([...popped.querySelectorAll('style')].map((s) => s.textContent).join('')).toContain(
      '.discreet',
    );

    // The clock keeps ticking there while the call tab is in the background.
    hidden(true);
    await vi.advanceTimersByTimeAsync(3 * SECOND);
    await settle();
    expect(store.now.value).toBe(T0 + 4 * SECOND + 5);
    expect(inside(popped).getByRole('timer').textContent).toBe('0:04');
    hidden(false);
    await vi.advanceTimersByTimeAsync(PEEK_MS);

    // Not sharing: the tab says where the overlay went.
    push(NOT_SHARING);
    await settle();
    expect(tab().textContent).toContain('Overlay popped out');

    // The whole screen: the pop-out window is on it too.
    push(SCREEN, Date.now() + 1);
    await settle();
    expect(panelIn(popped)).toBeNull();
    expect(tab().textContent).toBe('');
    push(NOT_SHARING, Date.now() + 2);
    await settle();

    // Closing the window brings the overlay back into the tab.
    pip.close();
    await settle();
    expect(guard.place.value).toBe('tab');
    expect(panelIn(tab())).not.toBeNull();
    expect(panelIn(popped)).toBeNull();
  });

  it('"Back to this tab" in the tab and "Back to the call tab" in the window both close it', async () => {
    const { opened } = offerPictureInPicture();
    const { tab, guard } = await setup(NOT_SHARING);
    fireEvent.click(inside(tab()).getByRole('button', { name: 'Pop out into its own window' }));
    await settle();
    fireEvent.click(inside(tab()).getByRole('button', { name: 'Back to this tab' }));
    await settle();
    expect(opened[0]!.close).toHaveBeenCalled();
    expect(guard.place.value).toBe('tab');

    fireEvent.click(inside(tab()).getByRole('button', { name: 'Pop out into its own window' }));
    await settle();
    const popped = popOutRoot(opened[1]!);
    fireEvent.click(inside(popped).getByRole('button', { name: 'Back to the call tab' }));
    await settle();
    expect(opened[1]!.close).toHaveBeenCalled();
    expect(panelIn(tab())).not.toBeNull();
  });

  it('says so when the browser refuses the window, and closes it with the incident', async () => {
    const { opened, requestWindow } = offerPictureInPicture();
    const { tab, store } = await setup(NOT_SHARING);
    requestWindow.mockRejectedValueOnce(new DOMException('Needs a click', 'NotAllowedError'));
    fireEvent.click(inside(tab()).getByRole('button', { name: 'Pop out into its own window' }));
    await settle();
    expect(inside(tab()).getByRole('alert').textContent).toContain(
      'The overlay could not pop out: Needs a click',
    );
    expect(panelIn(tab())).not.toBeNull();

    fireEvent.click(inside(tab()).getByRole('button', { name: 'Pop out into its own window' }));
    await settle();
    store.closed.value = true;
    await settle();
    expect(opened[0]!.close).toHaveBeenCalled();
  });
});
