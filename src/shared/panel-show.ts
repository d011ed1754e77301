/**
 * The worker's push to the side panel on the hotkey: the incident it is storing right now, so
 * the panel paints it at once (the stored one follows through the mirror, same id and start).
 */
import * as v from 'valibot';
import type { ActiveIncident } from './messages';
import { IncidentEventSchema, IncidentRecordSchema } from './schemas';

export const PANEL_SHOW_MESSAGE = 'panel/show';

export const PanelShowSchema = v.object({
  type: v.literal(PANEL_SHOW_MESSAGE),
  incident: v.object({ record: IncidentRecordSchema, events: v.array(IncidentEventSchema) }),
});
/** As sent; the schema checks what arrives (its output is the same data). */
export interface PanelShow {
  type: typeof PANEL_SHOW_MESSAGE;
  incident: ActiveIncident;
}
