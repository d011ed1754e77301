/**
 * What each call tab is screen-sharing, from its getDisplayMedia wrapper's hints. A page can
 * forge a hint, so these handlers only store per-tab share state (chrome.storage.session: the
 * worker keeps no state in memory) and tell the tab's overlay; they never touch an incident.
 */
import browser from 'webextension-polyfill';
import { NOT_SHARING } from '../domain/privacy';
import { SHARE_CHANGED_MESSAGE } from '../shared/constants';
import {
  foldShares,
  shareReportPlace,
  type ShareChanged,
  type ShareState,
} from '../shared/share-state';
import { shareStateItem } from '../shared/storage/items';
import { HandlerError } from './errors';
import type { Handlers } from './router';

/** One document's report, as kept (see shareStateKey). */
interface Report {
  tabId: number;
  frameId: number;
  state: ShareState;
}

async function readReports(): Promise<Report[]> {
  const keys = Object.keys(await browser.storage.session.get(null));
  const reports: Report[] = [];
  // Only the places come from the key names; each value is read (and checked) by its item.
  for (const key of keys) {
    const place = shareReportPlace(key);
    const state = place && (await shareStateItem(place.tabId, place.frameId).get());
    if (place && state) reports.push({ ...place, state });
  }
  return reports;
}

/** Removes the reports `which` picks; returns them. */
async function dropReports(which: (report: Report) => boolean): Promise<Report[]> {
  const dropped = (await readReports()).filter(which);
  await Promise.all(dropped.map(({ tabId, frameId }) => shareStateItem(tabId, frameId).remove()));
  return dropped;
}

/**
 * Every call tab's share as its overlay and the side panel must assume, by tab id: its frames'
 * and its blank popup windows' reports folded (foldShares).
 */
export async function readAllShareStates(): Promise<Map<number, ShareState>> {
  const byTab = new Map<number, ShareState[]>();
  for (const { tabId, state } of await readReports()) {
    const callTab = state.openerTabId ?? tabId;
    byTab.set(callTab, [...(byTab.get(callTab) ?? []), state]);
  }
  const states = new Map<number, ShareState>();
  for (const [tabId, reports] of byTab) states.set(tabId, foldShares(reports) as ShareState);
  return states;
}

export async function readShareState(tabId: number): Promise<ShareState | null> {
  return (await readAllShareStates()).get(tabId) ?? null;
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
  const reports = await dropReports((report) => report.tabId === tabId);
  const openers = new Set(reports.map(({ state }) => state.openerTabId));
  for (const opener of openers) if (opener !== undefined) await tellOverlay(opener, Date.now());
}

export const shareHandlers: Pick<Handlers, 'share/hint' | 'share/state'> = {
  'share/hint': async ({ fresh, ...hint }, caller) => {
    // Hints come from the wrapper's relay in a call tab (any frame: Zoom shares from an iframe),
    // or in a blank popup window a call page opened; each document's are kept apart.
    if (caller.kind !== 'call' || caller.tabId === null) {
      throw new HandlerError('forbidden', 'Share hints come only from call tabs.');
    }
    const { tabId, openerTabId } = caller;
    const frameId = caller.frameId ?? 0;
    const state: ShareState = {
      ...hint,
      at: Date.now(),
      ...(openerTabId === undefined ? {} : { openerTabId }),
    };
    // A new top document: every capture its frames made has ended with the old one.
    if (fresh && frameId === 0) await dropReports((r) => r.tabId === tabId && r.frameId !== 0);
    await shareStateItem(tabId, frameId).set(state);
    await tellOverlay(openerTabId ?? tabId);
    return null;
  },
  'share/state': async (_payload, caller) =>
    caller.tabId === null ? null : readShareState(caller.tabId),
};
