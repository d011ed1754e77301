/**
 * What each call tab is screen-sharing, from its getDisplayMedia wrapper's hints. A page can
 * forge a hint, so these handlers only store per-tab share state (chrome.storage.session: the
 * worker keeps no state in memory) and tell the tab's overlay; they never touch an incident.
 */
import browser from 'webextension-polyfill';
import { SHARE_CHANGED_MESSAGE, STORAGE_KEYS } from '../shared/constants';
import type { ShareChanged, ShareState } from '../shared/share-state';
import { shareStateItem } from '../shared/storage/items';
import { HandlerError } from './errors';
import type { Handlers } from './router';

export function readShareState(tabId: number): Promise<ShareState | null> {
  return shareStateItem(tabId).get();
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

/** chrome.tabs.onRemoved: a closed tab shares nothing. */
export async function forgetShareState(tabId: number): Promise<void> {
  await shareStateItem(tabId).remove();
}

export const shareHandlers: Pick<Handlers, 'share/hint' | 'share/state'> = {
  'share/hint': async (hint, caller) => {
    // Hints come from the wrapper's relay in a call tab (any frame: Zoom shares from an iframe).
    if (caller.kind !== 'call' || caller.tabId === null) {
      throw new HandlerError('forbidden', 'Share hints come only from call tabs.');
    }
    const state: ShareState = { ...hint, at: Date.now() };
    await shareStateItem(caller.tabId).set(state);
    const push: ShareChanged = { type: SHARE_CHANGED_MESSAGE, state };
    // Only an injected overlay listens; without one there is no receiver, which is fine.
    await browser.tabs.sendMessage(caller.tabId, push, { frameId: 0 }).catch(() => undefined);
    return null;
  },
  'share/state': async (_payload, caller) =>
    caller.tabId === null ? null : readShareState(caller.tabId),
};
