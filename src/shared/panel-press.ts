/**
 * A press of the hotkey (or of the panel's "Start recovery"), handed to the side panel before
 * the worker knows where the recovery goes: the command listener writes it synchronously, so a
 * panel Chrome is opening, or one already open, paints the recovery from it at once. The stored
 * incident follows with the same id and start time. A press that starts nothing (no call tab,
 * an error) is withdrawn with what the SE is told; one that did is marked started, so a panel
 * opened a moment later never paints it again (its incident may have ended already).
 */
import * as v from 'valibot';
import { id, text } from './schemas';

export const PressSchema = v.object({
  incidentId: id,
  at: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type Press = v.InferOutput<typeof PressSchema>;

export const PanelPressSchema = v.object({
  ...PressSchema.entries,
  /**
   * pending: the worker is deciding, paint it; started: the stored incident (or the one it
   * re-showed) is in the mirror; withdrawn: it started nothing, for `reason`.
   */
  status: v.picklist(['pending', 'started', 'withdrawn']),
  reason: v.nullable(text(500)),
});
export type PanelPress = v.InferOutput<typeof PanelPressSchema>;

/** A press read this long after it happened is history, not a recovery to paint. */
export const PRESS_FRESH_MS = 3_000;

/** A new press now: an incident id the worker will store, and the time its clock starts. */
export function newPress(at: number): PanelPress {
  return { incidentId: crypto.randomUUID(), at: Math.round(at), status: 'pending', reason: null };
}
