/**
 * What a call tab shares, as the worker stores it and pushes it to the tab's overlay. Apart from
 * messages.ts so the overlay bundle, which validates the pushes, does not carry every method's
 * schema.
 */
import * as v from 'valibot';
import { SHARE_SURFACES, type PrivacyOverride, type ShareHint } from '../domain/privacy';
import { SHARE_CHANGED_MESSAGE } from './constants';

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
