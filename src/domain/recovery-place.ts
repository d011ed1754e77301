/**
 * Where the recovery appears when the hotkey is pressed: in the call tab's overlay, or in the
 * side panel beside the tab the SE is looking at. The side panel is browser UI, so a capture of
 * a tab never contains it; a capture of a window or of the whole screen does. Pure: the worker
 * gathers the facts (share states, tabs, focus) and applies the answer.
 */
import type { ShareHint } from './privacy';

/** What the audience can see, from every call tab's share state at once. */
export type ShareKind = 'nothing' | 'tab' | 'window' | 'screen';

const EXPOSURE: Record<ShareKind, number> = { nothing: 0, tab: 1, window: 2, screen: 3 };

function kindOf(share: ShareHint | null): ShareKind {
  if (!share?.sharing) return 'nothing';
  switch (share.surface) {
    case 'browser':
      return 'tab';
    case 'window':
      return 'window';
    // An unknown surface could be the whole screen: assume it is.
    case 'monitor':
    case null:
      return 'screen';
  }
}

/** The most exposing share among the call tabs (a whole-screen share in any of them counts). */
export function shareKind(shares: readonly (ShareHint | null)[]): ShareKind {
  let worst: ShareKind = 'nothing';
  for (const share of shares) {
    const kind = kindOf(share);
    if (EXPOSURE[kind] > EXPOSURE[worst]) worst = kind;
  }
  return worst;
}

/**
 * The share that exposes the most, of one call page's documents (its tab, and popup windows it
 * opened, each reporting on its own); null when there is none.
 */
export function mostExposing<S extends ShareHint>(shares: readonly S[]): S | null {
  let worst: S | null = null;
  for (const share of shares) {
    if (!worst || EXPOSURE[kindOf(share)] > EXPOSURE[kindOf(worst)]) worst = share;
  }
  return worst;
}

/**
 * Whether the side panel may show at all. Kept in Chrome (sidePanel.setOptions) in step with
 * the share state, because the hotkey must open the panel synchronously, before it could read
 * anything: a disabled panel cannot open, so it never flashes into a window or screen share.
 */
export function panelAllowed(kind: ShareKind): boolean {
  return kind === 'nothing' || kind === 'tab';
}

export interface PanelFacts {
  share: ShareKind;
  /** The active tab of the last focused window is a call (or the practice call). */
  onCallTab: boolean;
  /** That call tab is itself the shared tab: its overlay is hidden, the panel is the place. */
  callTabShared: boolean;
  /** A side panel of ours is open in some window. */
  panelOpen: boolean;
}

/**
 * Whether the panel is enabled now, so that the hotkey's synchronous open() does what
 * recoveryPlace will decide. On the call tab itself the overlay is the recovery (nothing
 * shared): a panel opening beside it would only squeeze the call, so it stays disabled there,
 * unless one is open already (disabling would close the SE's ready view in every window).
 */
export function panelEnabled(facts: PanelFacts): boolean {
  if (!panelAllowed(facts.share)) return false;
  return facts.panelOpen || !facts.onCallTab || facts.callTabShared;
}

export interface TabFacts {
  tabId: number;
  windowId: number;
  /** chrome.tabs.Tab.lastAccessed (ms); 0 when unknown. */
  lastAccessed: number;
}

export interface PlaceFacts {
  /** shareKind() over every call tab. */
  share: ShareKind;
  /** The shared tab is a call tab itself (its overlay would be hidden from the audience). */
  callTabShared: boolean;
  /** The active tab of the last focused Chrome window; null when there is none. */
  focused: (TabFacts & { isCallTab: boolean }) | null;
  /** A Chrome window has the system's focus (false: the SE is in another app). */
  chromeFocused: boolean;
  callTabs: readonly TabFacts[];
  /** Windows whose tabs are all call tabs (raising one cannot change what a shared window shows). */
  callOnlyWindows: readonly number[];
}

export type RecoveryPlace =
  /** The overlay in the call tab; `raise`: bring its window (and tab) to the front. */
  | { host: 'call-tab'; tabId: number; raise: boolean }
  /**
   * The side panel of `windowId`, the tab the SE is on untouched; `callTabId` still holds the
   * incident's overlay (in step), which takes over if a window or screen share starts.
   * `raise`: focus that window (Chrome was in the background).
   */
  | { host: 'side-panel'; windowId: number; callTabId: number; raise: boolean }
  /** No call tab: the SE is told to open one. */
  | { host: 'none' };

function mostRecent(tabs: readonly TabFacts[]): TabFacts | null {
  let best: TabFacts | null = null;
  for (const tab of tabs) if (!best || tab.lastAccessed > best.lastAccessed) best = tab;
  return best;
}

/** The decision table of issue 13 (see README, "Where the recovery appears"). */
export function recoveryPlace(facts: PlaceFacts): RecoveryPlace {
  const { share, focused, chromeFocused } = facts;
  const onCallTab = focused?.isCallTab === true;
  const callTab = onCallTab ? focused : mostRecent(facts.callTabs);
  if (!callTab) return { host: 'none' };
  const inCallTab = { host: 'call-tab', tabId: callTab.tabId } as const;

  // The whole screen: the panel is on it. The overlay goes discreet as before.
  if (share === 'screen') return { ...inCallTab, raise: false };
  // A window: its capture holds its side panel, and which window is shared cannot be known.
  // Raising the call tab's window is safe only when every tab in it is a call tab: then no
  // shared window can change to show the overlay (a window capture holds only that window).
  if (share === 'window') {
    return { ...inCallTab, raise: !onCallTab && facts.callOnlyWindows.includes(callTab.windowId) };
  }
  // Nothing or a tab is shared: wherever the SE is looking, the panel is outside the capture.
  const panelFor = (windowId: number) =>
    ({ host: 'side-panel', windowId, callTabId: callTab.tabId, raise: !chromeFocused }) as const;
  if (onCallTab) {
    // The call tab itself is shared: its overlay stays hidden, the panel beside it is private.
    return facts.callTabShared ? panelFor(callTab.windowId) : { ...inCallTab, raise: false };
  }
  return focused ? panelFor(focused.windowId) : { ...inCallTab, raise: !chromeFocused };
}
