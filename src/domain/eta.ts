/** Timelines an SE can promise when escalating, and when each falls due. */

export interface EtaPreset {
  label: string;
  /** Null when the promise has no fixed time ("we'll update you"). */
  inMs: number | null;
}

export const ETA_PRESETS: readonly EtaPreset[] = [
  { label: 'within 30 minutes', inMs: 30 * 60_000 },
  { label: 'within the hour', inMs: 60 * 60_000 },
  { label: 'within 4 hours', inMs: 4 * 60 * 60_000 },
  { label: 'by end of day', inMs: 8 * 60 * 60_000 },
  { label: 'by tomorrow morning', inMs: 18 * 60 * 60_000 },
];
