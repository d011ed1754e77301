/**
 * What each call tab is screen-sharing, from its getDisplayMedia wrapper's hints. A page can
 * forge a hint, so these handlers only store per-tab share state (chrome.storage.session: the
 * worker keeps no state in memory) and tell the tab's overlay; they never touch an incident.
 */
import browser from 'webextension-polyfill';
import { mostExposing } from '../domain/recovery-place';
import { NOT_SHARING } from '../domain/privacy';
import { SHARE_CHANGED_MESSAGE, STORAGE_KEYS } from '../shared/constants';
import type { ShareChanged, ShareState } from '../shared/share-state';
import { shareStateItem } from '../shared/storage/items';
import { HandlerError } from './errors';
import type { Handlers } from './router';

/**
 * What a call tab shares as its overlay must assume: its own documents' report, or a blank popup
 * window's it opened when that exposes more (each is kept under its own tab). Stamped with the
 * latest change among them, so the overlay takes it as newer than what it holds.
 */
export async function readShareState(tabId: number): Promise<ShareState | null> {
  const states = await readAllShareStates();
  const own = states.get(tabId) ?? null;
  const popups = [...states.values()].filter((state) => state.openerTabId === tabId);
  if (popups.length === 0) return own;
  const all = own ? [own, ...popups] : popups;
  const worst = mostExposing(all) as ShareState;
  const { sharing, surface, selfTab } = worst;
  return { sharing, surface, selfTab, at: Math.max(...all.map((state) => state.at)) };
}

/** Every call tab's share state, by tab id (for the side panel: a share anywhere counts). */
export async function readAllShareStates(): Promise<Map<number, ShareState>> {
  const keys = Object.keys(await browser.storage.session.get(null));
  const prefix = STORAGE_KEYS.shareStatePrefix;
  // Only the tab ids come from the key names; each value is read (and checked) by its item.
  const tabIds = keys
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length))
    .filter((rest) => /^\d+$/.test(rest))
    .map(Number);
  const states = new Map<number, ShareState>();
  for (const tabId of tabIds) {
    const state = await shareStateItem(tabId).get();
    if (state) states.set(tabId, state);
  }
  return states;
}

/** Pushes a call tab's share state to its overlay (only an injected overlay listens). */
async function tellOverlay(tabId: number, changedAt?: number): Promise<void> {
  const current = await readShareState(tabId);
  const at = Math.max(changedAt ?? 0, current?.at ?? 0);
  const state = current ? { ...current, at } : changedAt ? { ...NOT_SHARING, at } : null;
  if (!state) return;
  const push: ShareChanged = { type: SHARE_CHANGED_MESSAGE, state };
  // Without an overlay there is no receiver, which is fine.
  await browser.tabs.sendMessage(tabId, push, { frameId: 0 }).catch(() => undefined);
}

/**
 * chrome.tabs.onRemoved: a closed tab shares nothing. A call's popup window takes its captures
 * with it: the call tab's overlay learns what is left.
 */
export async function forgetShareState(tabId: number): Promise<void> {
  const state = await shareStateItem(tabId).get();
  await shareStateItem(tabId).remove();
  if (state?.openerTabId !== undefined) await tellOverlay(state.openerTabId, Date.now());
}

export const shareHandlers: Pick<Handlers, 'share/hint' | 'share/state'> = {
  'share/hint': async (hint, caller) => {
    // Hints come from the wrapper's relay in a call tab (any frame: Zoom shares from an iframe),
    // or in a blank popup window a call page opened (kept apart: see readShareState).
    if (caller.kind !== 'call' || caller.tabId === null) {
      throw new HandlerError('forbidden', 'Share hints come only from call tabs.');
    }
    const { openerTabId } = caller;
    const state: ShareState = {
      ...hint,
      at: Date.now(),
      ...(openerTabId === undefined ? {} : { openerTabId }),
    };
    await shareStateItem(caller.tabId).set(state);
    await tellOverlay(openerTabId ?? caller.tabId);
    return null;
  },
  'share/state': async (_payload, caller) =>
    caller.tabId === null ? null : readShareState(caller.tabId),
};
