/** User settings and their defaults (one place for defaults). */

export type OverlayCorner = 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left';
export type OverlaySize = 'compact' | 'regular' | 'large';

export interface Settings {
  overlayCorner: OverlayCorner;
  overlaySize: OverlaySize;
  /** 0.5..1 */
  overlayOpacity: number;
  remindersEnabled: boolean;
  /** How long before the follow-up deadline to remind. */
  reminderLeadMs: number;
  /** Delete incidents older than this many months; null keeps everything. */
  retentionMonths: number | null;
  syncEnabled: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  overlayCorner: 'top-right',
  overlaySize: 'regular',
  overlayOpacity: 0.97,
  remindersEnabled: true,
  reminderLeadMs: 2 * 60 * 60 * 1000,
  retentionMonths: null,
  syncEnabled: false,
};

export const SETTINGS_LIMITS = {
  overlayOpacity: { min: 0.5, max: 1 },
  reminderLeadMs: { min: 5 * 60 * 1000, max: 23 * 60 * 60 * 1000 },
  retentionMonths: { min: 1, max: 120 },
} as const;
