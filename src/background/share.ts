/**
 * What each call tab is screen-sharing, from its getDisplayMedia wrapper's hints. A page can
 * forge a hint, so these handlers only store per-tab share state (chrome.storage.session: the
 * worker keeps no state in memory) and tell the tab's overlay; they never touch an incident.
 */
import browser from 'webextension-polyfill';
import { SHARE_CHANGED_MESSAGE } from '../shared/constants';
import type { ShareChanged, ShareState } from '../shared/share-state';
import { shareStateItem } from '../shared/storage/items';
import { HandlerError } from './errors';
import type { Handlers } from './router';

export function readShareState(tabId: number): Promise<ShareState | null> {
  return shareStateItem(tabId).get();
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
