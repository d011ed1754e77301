/**
 * Where the recovery overlay goes. The overlay bundle is injected on demand into the top frame
 * of the call tab (Zoom's client runs in an iframe, so frame 0 is the shell that stays put);
 * every other call tab gets the same bundle, which shows only a small "incident active" marker.
 */
import browser, { type Tabs } from 'webextension-polyfill';
import type { Platform } from '../domain/incident';
import { startedIncident } from '../domain/record';
import { recoveryPlace, shareKind, type PlaceFacts, type TabFacts } from '../domain/recovery-place';
import { CALL_URL_PATTERNS, callPlatform, meetingCode } from '../shared/call-sites';
import {
  NO_CALL_TAB_NOTIFICATION,
  OVERLAY_INSTANCE_KEY,
  OVERLAY_REQUEST_KEY,
  OVERLAY_SCRIPT,
  SHARE_RELAY_LATE_KEY,
  START_RETRY_WINDOW_MS,
} from '../shared/constants';
import type { ActiveIncident, ShowRequest, ShownHere } from '../shared/messages';
import type { Press } from '../shared/panel-press';
import { reportUrl } from '../shared/report-url';
import { activeIncidentItem, overlayTabIdItem } from '../shared/storage/items';
// Where the overlay keeps the per-meeting privacy choice; read here for its first paint.
import { loadOverride } from '../shared/privacy-overrides';
import type { PrivacySnapshot } from '../shared/share-state';
import { clearHotkeyAlert, raiseHotkeyAlert } from './badge';
import { getActive, startOrResume } from './incidents';
import type { Handlers } from './router';
import { isPracticePage } from './practice-pages';
import { readAllShareStates, readShareState } from './share';
import { settlePress, whenPanelPainted } from './side-panel';

/**
 * Runs in the tab's isolated world before the bundle (executeScript serialises it, so it must
 * be self-contained): a running overlay takes the request itself; otherwise it is left on
 * globalThis for the bundle about to be injected. Returns whether a running overlay took it.
 */
function deliverShowRequest(instanceKey: string, requestKey: string, requestJson: string) {
  const request = JSON.parse(requestJson) as ShowRequest;
  const scope = globalThis as unknown as Record<symbol, unknown>;
  const instance = scope[Symbol.for(instanceKey)] as
    { show(request: ShowRequest): boolean } | undefined;
  if (instance && instance.show(request)) return true;
  scope[Symbol.for(requestKey)] = request;
  return false;
}

/**
 * Hands the request to the tab's overlay, injecting the bundle if none runs there. `loading`
 * is a preloadOverlay already under way: the bundle it injects takes the request when it runs.
 */
async function injectOverlay(
  tabId: number,
  request: ShowRequest,
  loading?: Promise<boolean>,
): Promise<void> {
  const target = { tabId, frameIds: [0] };
  // The document is long loaded; do not queue behind the page's own idle-time work.
  const [delivered] = await browser.scripting.executeScript({
    target,
    injectImmediately: true,
    func: deliverShowRequest,
    // As JSON: Chrome drops null-valued properties from executeScript's args, and the request
    // is full of meaningful nulls (an unknown shared surface, an incident's unset times).
    args: [OVERLAY_INSTANCE_KEY, OVERLAY_REQUEST_KEY, JSON.stringify(request)],
  });
  if (delivered?.result === true) return;
  // It did not inject when an orphaned overlay (from before an update) was there.
  if (loading && (await loading)) return;
  await injectBundle(tabId);
}

/** Runs in the tab's isolated world: whether the overlay's code is there (running or dormant). */
function overlayLoaded(instanceKey: string): boolean {
  return Symbol.for(instanceKey) in globalThis;
}

/** Runs in the tab's isolated world, after the bundle: warms the dormant overlay up. */
function warmOverlayUp(instanceKey: string): void {
  const scope = globalThis as unknown as Record<symbol, { warmUp?(): void } | undefined>;
  scope[Symbol.for(instanceKey)]?.warmUp?.();
}

/**
 * Loads the overlay into the call tab's top frame unless its code is there; without a show
 * request it stays dormant: no host element and no timers until it is shown (as after an
 * incident closes). Loading the bundle and creating the overlay is most of a first show, so
 * this runs when the SE starts presenting (with `warmUp`: its first paint's code and fonts
 * too), and beside the worker's reads on the hotkey. Resolves to whether it injected the bundle.
 */
export async function preloadOverlay(
  tabId: number,
  { warmUp = false }: { warmUp?: boolean } = {},
): Promise<boolean> {
  const target = { tabId, frameIds: [0] };
  const [loaded] = await browser.scripting.executeScript({
    target,
    func: overlayLoaded,
    args: [OVERLAY_INSTANCE_KEY],
  });
  const injected = loaded?.result !== true;
  if (injected) await injectBundle(tabId);
  // Not on the hotkey's path: the show request follows at once and warms it up by rendering.
  if (warmUp) {
    await browser.scripting.executeScript({
      target,
      func: warmOverlayUp,
      args: [OVERLAY_INSTANCE_KEY],
    });
  }
  return injected;
}

async function injectBundle(tabId: number): Promise<void> {
  await browser.scripting.executeScript({
    target: { tabId, frameIds: [0] },
    injectImmediately: true,
    files: [OVERLAY_SCRIPT],
  });
}

async function callTabs(): Promise<Tabs.Tab[]> {
  const tabs = await browser.tabs.query({ url: [...CALL_URL_PATTERNS] });
  return tabs.filter((tab) => tab.id !== undefined && callPlatform(tab.url) !== null);
}

function mostRecentlyUsed(tabs: readonly Tabs.Tab[]): Tabs.Tab | null {
  let best: Tabs.Tab | null = null;
  for (const tab of tabs) {
    if (!best || (tab.lastAccessed ?? 0) > (best.lastAccessed ?? 0)) best = tab;
  }
  return best;
}

/** The call tab a recovery would start in now: the most recently used one. */
export async function likelyCallTab(): Promise<Tabs.Tab | null> {
  return mostRecentlyUsed(await callTabs());
}

async function overlayTabId(): Promise<number | null> {
  return overlayTabIdItem.get();
}

async function tabExists(tabId: number): Promise<boolean> {
  return browser.tabs.get(tabId).then(
    () => true,
    () => false,
  );
}

/**
 * Read before the incident's writes start, which storage reads would otherwise queue behind.
 * The override is stored per meeting code (see overrideKey); without a code the overlay reads it.
 */
async function privacySnapshot(tabId: number, code: string | null): Promise<PrivacySnapshot> {
  const [share, override] = await Promise.all([
    readShareState(tabId),
    code === null ? undefined : loadOverride(code),
  ]);
  return override === undefined ? { share } : { share, override };
}

interface ShowOptions {
  provisional?: ActiveIncident;
  privacy?: PrivacySnapshot;
  /** A preloadOverlay of this tab already under way. */
  loading?: Promise<boolean>;
  /** Take focus (default); not when the tab already showed it on its own hotkey. */
  focus?: boolean;
}

/** Injects the overlay into the tab's top frame (and a marker into other call tabs). */
export async function showOverlay(
  tabId: number,
  { provisional, privacy, loading, focus = true }: ShowOptions = {},
): Promise<void> {
  await Promise.all([
    overlayTabIdItem.set(tabId),
    injectOverlay(tabId, { here: true, focus, provisional, privacy }, loading),
  ]);
  // A tab that held the overlay until now learns here that it only keeps the marker.
  const others = (await callTabs()).filter((tab) => tab.id !== tabId);
  await Promise.allSettled(
    others.map((tab) => injectOverlay(tab.id as number, { here: false, focus: false })),
  );
}

async function notify(message: string): Promise<void> {
  await browser.notifications.create(NO_CALL_TAB_NOTIFICATION, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('icons/icon-128.png'),
    title: 'Demo Rescue',
    message,
  });
}

/** The hotkey must never fail silently: a notification, and "!" on the toolbar icon. */
export async function tellUser(message: string): Promise<void> {
  await Promise.allSettled([notify(message), raiseHotkeyAlert()]);
}

async function mirroredIncident(): Promise<ActiveIncident | null> {
  return activeIncidentItem.get();
}

/** How far a tab's start time may be ahead of the worker's clock (the same machine's). */
const CLOCK_SKEW_MS = 1_000;

/** A start time someone else painted is stored only within the window a retry may come in. */
function believable(at: number, now: number): boolean {
  return at <= now + CLOCK_SKEW_MS && now - at <= START_RETRY_WINDOW_MS;
}

/**
 * Starts (or resumes) the incident and shows it in the call tab. The overlay is painted from
 * a provisional incident while the durable write (an fsync) is in flight, so the SE is helped
 * within a frame or two of the keypress; the stored incident, same id and start time, follows.
 */
export async function startRecoveryInTab(input: {
  platform: Exclude<Platform, 'practice'>;
  meetingCode: string | null;
  tabId: number;
  /** What the hotkey script in the tab's top frame saw, if it sent the request. */
  overlayLoaded?: boolean;
  /** What the tab's overlay already showed on that hotkey. */
  shownHere?: ShownHere;
  /** When the hotkey went down in the tab, if no overlay there painted it. */
  pressedAt?: number;
  /** Whether the overlay takes focus; by default only when the tab did not show it itself. */
  focus?: boolean;
  /** The hotkey's press, which the side panel may have painted: a new incident is stored as it. */
  press?: Press;
}): Promise<{ incidentId: string; resumed: boolean }> {
  const { overlayLoaded, shownHere, pressedAt, focus: wanted, press, ...where } = input;
  // The tab took focus when it showed the overlay; asked again, it would peek when discreet.
  const focus = wanted ?? shownHere === undefined;
  // Loading and compiling the bundle is most of a first show: start it beside the reads.
  const loading =
    overlayLoaded === false
      ? injectBundle(input.tabId).then(() => true)
      : overlayLoaded === true
        ? Promise.resolve(false)
        : preloadOverlay(input.tabId);
  // Awaited only when the show request finds no overlay; its failure is that request's.
  loading.catch(() => undefined);
  const [mirrored, privacy] = await Promise.all([
    mirroredIncident(),
    // Without it the overlay only waits to read the same itself.
    privacySnapshot(input.tabId, input.meetingCode).catch(() => undefined),
  ]);
  if (mirrored) {
    // Re-shown at once; resuming only confirms the incident the overlay already follows.
    const [resumed] = await Promise.all([
      startOrResume(where),
      showOverlay(input.tabId, { privacy, loading, focus }),
    ]);
    await clearHotkeyAlert();
    return resumed;
  }
  // Stored as the tab painted it (its clock started at the keydown), unless that start time is
  // not believable; then the tab's painting is replaced by a new one. The tab asks again for
  // up to START_RETRY_WINDOW_MS after its keydown (the worker may have stopped mid-write).
  const painted = shownHere?.started ?? press;
  const now = Date.now();
  const keep = painted && believable(painted.at, now);
  const incidentId = keep ? painted.incidentId : crypto.randomUUID();
  const at = keep
    ? painted.at
    : pressedAt !== undefined && believable(pressedAt, now)
      ? pressedAt
      : now;
  const provisional = startedIncident({ ...where, incidentId, at });
  const [started, shown] = await Promise.allSettled([
    startOrResume({ ...where, incidentId, at }),
    showOverlay(input.tabId, { provisional, privacy, loading, focus }),
  ]);
  if (started.status === 'rejected') {
    await injectOverlay(input.tabId, { here: true, focus: false, withdraw: incidentId });
    throw started.reason;
  }
  if (shown.status === 'rejected') throw shown.reason;
  await clearHotkeyAlert();
  return started.value;
}

/** The facts recoveryPlace decides on, read after the hotkey (the panel is already opening). */
async function placeFacts(): Promise<PlaceFacts & { focusedTab: Tabs.Tab | null }> {
  const [window, calls, shares] = await Promise.all([
    browser.windows.getLastFocused().catch(() => null),
    callTabs(),
    readAllShareStates(),
  ]);
  const [focusedTab] =
    window?.id === undefined ? [] : await browser.tabs.query({ active: true, windowId: window.id });
  const facts = (tab: Tabs.Tab): TabFacts => ({
    tabId: tab.id as number,
    windowId: tab.windowId ?? -1,
    lastAccessed: tab.lastAccessed ?? 0,
  });
  const callWindows = [...new Set(calls.map((tab) => tab.windowId ?? -1))];
  const callOnlyWindows = (
    await Promise.all(
      callWindows.map(async (windowId) => {
        const tabs = await browser.tabs.query({ windowId });
        return tabs.every((tab) => callPlatform(tab.url) !== null) ? windowId : null;
      }),
    )
  ).filter((id): id is number => id !== null);
  const isCallTab = focusedTab?.id !== undefined && callPlatform(focusedTab.url) !== null;
  return {
    share: shareKind([...shares.values()]),
    callTabShared: isCallTab && shares.get(focusedTab.id as number)?.selfTab === true,
    focused: focusedTab?.id === undefined ? null : { ...facts(focusedTab), isCallTab },
    chromeFocused: window?.focused === true,
    callTabs: calls.map(facts),
    callOnlyWindows,
    focusedTab: focusedTab ?? null,
  };
}

/** Brings a window (and one of its tabs) to the front, as recoveryPlace allowed. */
async function raise(windowId: number, tabId?: number): Promise<void> {
  if (tabId !== undefined) await browser.tabs.update(tabId, { active: true });
  await browser.windows.update(windowId, { focused: true });
}

/**
 * The hotkey, after its listener opened the side panel (where it may show), or the panel's
 * "Start recovery": starts or resumes the incident and puts it where recoveryPlace says. The
 * call tab always holds the incident's overlay, so it takes over (discreet when exposed) if a
 * window or screen share starts. A new incident is stored as the press the panel may already
 * show (same id, same start); a press that starts nothing is withdrawn, so that panel goes
 * back to its ready view and says why.
 */
export async function onStartRecoveryCommand(given?: Press): Promise<void> {
  const press = given && believable(given.at, Date.now()) ? given : undefined;
  const asPressed = press ? { incidentId: press.incidentId, at: press.at } : {};
  const giveUp = async (message: string) => {
    const withdrawn = { status: 'withdrawn', reason: message } as const;
    await Promise.all([press && settlePress(press, withdrawn), tellUser(message)]);
  };
  /** The practice call renders the overlay itself and follows the incident. */
  const practiseIn = async (tabId: number) => {
    await startOrResume({ platform: 'practice', meetingCode: null, tabId, ...asPressed });
    await Promise.all([press && settlePress(press, { status: 'started' }), clearHotkeyAlert()]);
  };
  try {
    const facts = await placeFacts();
    const focused = facts.focusedTab;
    // The practice call (and its demo tab).
    if (focused?.id !== undefined && isPracticePage(focused.url)) {
      await practiseIn(focused.id);
      return;
    }
    const place = recoveryPlace(facts);
    if (place.host === 'none') {
      // The practice call is the SE's call while rehearsing: the demo tab's panel follows it.
      const practice = (await browser.tabs.query({})).find((tab) => isPracticePage(tab.url));
      if (practice?.id !== undefined) {
        await practiseIn(practice.id);
        return;
      }
      await giveUp('Open your Meet or Zoom call tab, then press the shortcut again.');
      return;
    }
    const tabId = place.host === 'call-tab' ? place.tabId : place.callTabId;
    const tab = await browser.tabs.get(tabId);
    const platform = callPlatform(tab.url);
    if (!platform) throw new Error('the call tab left its call');
    if (place.raise) {
      await (place.host === 'call-tab'
        ? raise(tab.windowId as number, tabId)
        : raise(place.windowId));
    }
    // The SE reads the panel, which paints the press itself: on two cores, storing and the
    // call tab's overlay (injected, painted) delayed its page load by ~100 ms, so they wait
    // for its first paint (at most a moment). The press survives in storage.session meanwhile.
    if (place.host === 'side-panel') await whenPanelPainted();
    await startRecoveryInTab({
      platform,
      meetingCode: meetingCode(tab.url),
      tabId,
      // In the side panel the SE reads it; the call tab in the background only keeps it in step.
      ...(place.host === 'side-panel' ? { focus: false } : {}),
      ...(press ? { press } : {}),
    });
    if (press) await settlePress(press, { status: 'started' });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `The recovery overlay could not open: ${reason}`;
    // Stored, then not shown in the call tab: the panel keeps showing it.
    const active = press ? await getActive().catch(() => null) : null;
    if (press && active?.record.id === press.incidentId) {
      await Promise.all([settlePress(press, { status: 'started' }), tellUser(message)]);
    } else await giveUp(message);
  }
}

/** A manifest content script's file as built (crxjs renames them), by its source name. */
function contentScriptFile(name: string): string | null {
  for (const script of browser.runtime.getManifest().content_scripts ?? []) {
    const file = script.js?.find((path) => path.includes(name));
    if (file) return file;
  }
  return null;
}

/**
 * After an install/update: re-attach overlays to open call tabs without reloading them. Chrome
 * does not re-run manifest content scripts in open tabs, so they are injected again: the share
 * relay, so the page's getDisplayMedia wrapper (which lives on in the main world) reaches the
 * new worker, then the hotkey script, which in each top frame finds the active incident and
 * asks for `recovery/attach`.
 */
export async function reattachOverlays(): Promise<void> {
  const tabs = await callTabs();
  const active = await getActive();
  if (active && active.record.platform !== 'practice') {
    const current = await overlayTabId();
    // chrome.storage.session is cleared by an update: pick the call tab of the incident again.
    if (current === null || !tabs.some((tab) => tab.id === current)) {
      const code = active.record.meetingCode;
      const target =
        (code !== null ? tabs.find((tab) => meetingCode(tab.url) === code) : undefined) ??
        mostRecentlyUsed(tabs);
      if (target?.id !== undefined) {
        await overlayTabIdItem.set(target.id);
      }
    }
  }
  const files = [contentScriptFile('share-relay'), contentScriptFile('hotkey')].filter(
    (file): file is string => file !== null,
  );
  if (files.length === 0) return;
  await Promise.allSettled(
    tabs.map(async (tab) => {
      const target = { tabId: tab.id as number, allFrames: true };
      // The page has run: the relay must take the channel its previous copy kept, never meet
      // the wrapper on a new one the page could see (see src/content/share-channel.ts).
      await browser.scripting.executeScript({
        target,
        func: markRelayLate,
        args: [SHARE_RELAY_LATE_KEY],
      });
      await browser.scripting.executeScript({ target, files });
    }),
  );
}

/** Runs in each frame's isolated world (serialised by executeScript: no closures). */
function markRelayLate(key: string): void {
  (globalThis as unknown as Record<symbol, unknown>)[Symbol.for(key)] = true;
}

export const recoveryHandlers: Pick<Handlers, 'recovery/attach' | 'report/open'> = {
  'recovery/attach': async (_payload, caller) => {
    if (caller.kind !== 'call' || caller.tabId === null) return { attached: false };
    const active = await getActive();
    if (!active || active.record.platform === 'practice') return { attached: false };
    let holder = await overlayTabId();
    if (holder === null || (holder !== caller.tabId && !(await tabExists(holder)))) {
      holder = caller.tabId;
      await overlayTabIdItem.set(holder);
    }
    await injectOverlay(caller.tabId, { here: holder === caller.tabId, focus: false });
    return { attached: true };
  },
  'report/open': async ({ incidentId }) => {
    await browser.tabs.create({ url: reportUrl(incidentId) });
    return null;
  },
};
