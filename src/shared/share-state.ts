/**
 * What a call tab shares, as the worker stores it and pushes it to the tab's overlay. Apart from
 * messages.ts so the overlay bundle, which validates the pushes, does not carry every method's
 * schema.
 */
import * as v from 'valibot';
import { SHARE_SURFACES, type PrivacyOverride, type ShareHint } from '../domain/privacy';
import { mostExposing } from '../domain/recovery-place';
import { SHARE_CHANGED_MESSAGE, STORAGE_KEYS } from './constants';

export const ShareHintSchema = v.object({
  sharing: v.boolean(),
  surface: v.nullable(v.picklist(SHARE_SURFACES)),
  /** The shared tab is the call tab itself (from the Capture Handle). */
  selfTab: v.boolean(),
}) satisfies v.GenericSchema<unknown, ShareHint>;
export type { ShareHint };

/** A tab's latest share hint, stamped by the worker when it arrived. */
export const ShareStateSchema = v.object({
  ...ShareHintSchema.entries,
  at: v.number(),
  /** Reported by a blank popup window that call tab opened (kept under the popup's own tab). */
  openerTabId: v.optional(v.pipe(v.number(), v.integer())),
});
export type ShareState = v.InferOutput<typeof ShareStateSchema>;

/**
 * Each document of a call page that captures reports on its own, kept under its own key: the
 * tab's top frame `share:<tabId>`, a sub-frame `share:<tabId>:<frameId>`, a blank popup window
 * under its own tab (with openerTabId). Otherwise the last report would win, and a frame
 * stopping its capture would hide the page's own whole-screen share.
 */
export function shareStateKey(tabId: number, frameId = 0): string {
  return `${STORAGE_KEYS.shareStatePrefix}${tabId}${frameId === 0 ? '' : `:${frameId}`}`;
}

/** The tab and frame a `shareStateKey` names; null for any other key. */
export function shareReportPlace(key: string): { tabId: number; frameId: number } | null {
  if (!key.startsWith(STORAGE_KEYS.shareStatePrefix)) return null;
  const match = /^(\d+)(?::(\d+))?$/.exec(key.slice(STORAGE_KEYS.shareStatePrefix.length));
  return match ? { tabId: Number(match[1]), frameId: Number(match[2] ?? 0) } : null;
}

/**
 * What a call tab shares as its overlay and the side panel must assume, from its documents'
 * reports: the most exposing one, stamped with the latest change among them (the overlay keeps
 * the newer of two states it is told).
 */
export function foldShares(states: readonly ShareState[]): ShareState | null {
  const worst = mostExposing(states);
  if (!worst) return null;
  const { sharing, surface, selfTab } = worst;
  return { sharing, surface, selfTab, at: Math.max(...states.map((state) => state.at)) };
}

/** Pushed by the worker to a call tab's top frame (tabs.sendMessage) when its share state changes. */
export const ShareChangedSchema = v.object({
  type: v.literal(SHARE_CHANGED_MESSAGE),
  state: ShareStateSchema,
});
export type ShareChanged = v.InferOutput<typeof ShareChangedSchema>;

/** What the worker read for a tab just before it injected the overlay there. */
export interface PrivacySnapshot {
  share: ShareState | null;
  /** The choice for the tab's meeting; absent when the worker could not name the meeting. */
  override?: PrivacyOverride;
}
