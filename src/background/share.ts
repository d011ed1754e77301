/**
 * What each call tab is screen-sharing, from its getDisplayMedia wrapper's hints. A page can
 * forge a hint, so these handlers only store per-tab share state (chrome.storage.session: the
 * worker keeps no state in memory) and tell the tab's overlay; they never touch an incident.
 */
import browser from 'webextension-polyfill';
import { SESSION_KEYS, SHARE_CHANGED_MESSAGE } from '../shared/constants';
import type { ShareChanged, ShareState } from '../shared/share-state';
import { ShareStateSchema } from '../shared/share-state';
import { validate } from '../shared/schemas';
import { HandlerError } from './errors';
import type { Handlers } from './router';

const keyFor = (tabId: number) => `${SESSION_KEYS.shareStatePrefix}${tabId}`;

export async function readShareState(tabId: number): Promise<ShareState | null> {
  const key = keyFor(tabId);
  const stored = await browser.storage.session.get(key);
  const result = validate(ShareStateSchema, stored[key]);
  return result.ok ? result.value : null;
}

/** Every call tab's share state, by tab id (for the side panel: a share anywhere counts). */
export async function readAllShareStates(): Promise<Map<number, ShareState>> {
  const stored = await browser.storage.session.get(null);
  const states = new Map<number, ShareState>();
  for (const [key, value] of Object.entries(stored)) {
    if (!key.startsWith(SESSION_KEYS.shareStatePrefix)) continue;
    const tabId = Number(key.slice(SESSION_KEYS.shareStatePrefix.length));
    const result = validate(ShareStateSchema, value);
    if (Number.isInteger(tabId) && result.ok) states.set(tabId, result.value);
  }
  return states;
}

/** chrome.tabs.onRemoved: a closed tab shares nothing. */
export async function forgetShareState(tabId: number): Promise<void> {
  await browser.storage.session.remove(keyFor(tabId));
}

export const shareHandlers: Pick<Handlers, 'share/hint' | 'share/state'> = {
  'share/hint': async (hint, caller) => {
    // Hints come from the wrapper's relay in a call tab (any frame: Zoom shares from an iframe).
    if (caller.kind !== 'call' || caller.tabId === null) {
      throw new HandlerError('forbidden', 'Share hints come only from call tabs.');
    }
    const state: ShareState = { ...hint, at: Date.now() };
    await browser.storage.session.set({ [keyFor(caller.tabId)]: state });
    const push: ShareChanged = { type: SHARE_CHANGED_MESSAGE, state };
    // Only an injected overlay listens; without one there is no receiver, which is fine.
    await browser.tabs.sendMessage(caller.tabId, push, { frameId: 0 }).catch(() => undefined);
    return null;
  },
  'share/state': async (_payload, caller) =>
    caller.tabId === null ? null : readShareState(caller.tabId),
};
