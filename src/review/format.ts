/** Display formats for the popup and the report tab, in the SE's locale. */
import type { Platform } from '../domain/incident';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

export const formatDateTime = (at: number): string => dateTime.format(at);
export const formatShortDate = (at: number): string => dateOnly.format(at);

export const PLATFORM_LABELS: Record<Platform, string> = {
  meet: 'Google Meet',
  zoom: 'Zoom',
  practice: 'Practice call',
};

/** "2024-03-05" (an <input type="date"> value) → local midnight, or null when empty/invalid. */
export function parseDateInput(value: string, endOfDay = false): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const start = new Date(y, m - 1, d).getTime();
  return endOfDay ? new Date(y, m - 1, d + 1).getTime() - 1 : start;
}

/** "2025-03-04" in the SE's time zone, for file names. */
export function localDay(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A file-name-safe slug, e.g. "Acme Corp." → "acme-corp". */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}
