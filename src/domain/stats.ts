/** Weekly figures for the popup's trend: how many incidents, and how fast they were acknowledged. */
import type { IncidentRecord } from './record';

export interface WeeklyStat {
  /** Monday 00:00 local time. */
  weekStart: number;
  incidents: number;
  /** Median time from failure to acknowledgement; null when nothing was acknowledged. */
  medianAcknowledgeMs: number | null;
}

/** Monday 00:00 (local time) of the week containing `at`. */
export function weekStartOf(at: number): number {
  const date = new Date(at);
  date.setHours(0, 0, 0, 0);
  date.setDate(date.getDate() - ((date.getDay() + 6) % 7));
  return date.getTime();
}

/** The start of the oldest of the last `weeks` weeks, counting the week of `now`. */
export function firstWeekStart(weeks: number, now: number): number {
  // Go back by days, not 7 * DAY steps, so a daylight-saving change cannot shift the week.
  const date = new Date(weekStartOf(now));
  date.setDate(date.getDate() - 7 * (weeks - 1));
  return date.getTime();
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * One entry per week, oldest first, for the last `weeks` weeks up to `now`. Discarded incidents
 * (false alarms) count as incidents but not towards the acknowledge time.
 */
export function weeklyStats(
  records: readonly Pick<IncidentRecord, 'startedAt' | 'acknowledgedAt' | 'outcome'>[],
  weeks: number,
  now: number,
): WeeklyStat[] {
  // weeks + 1 boundaries: the last one is where the current week ends.
  const bounds = [firstWeekStart(weeks, now)];
  while (bounds.length <= weeks) {
    const next = new Date(bounds.at(-1)!);
    next.setDate(next.getDate() + 7);
    bounds.push(next.getTime());
  }
  const starts = bounds.slice(0, weeks);
  const counts = starts.map(() => 0);
  const acknowledge = starts.map((): number[] => []);
  for (const record of records) {
    const week = bounds.findLastIndex((start) => start <= record.startedAt);
    if (week < 0 || week >= weeks) continue;
    counts[week]! += 1;
    if (record.acknowledgedAt !== null && record.outcome !== 'discarded') {
      acknowledge[week]!.push(record.acknowledgedAt - record.startedAt);
    }
  }
  return starts.map((weekStart, i) => ({
    weekStart,
    incidents: counts[i]!,
    medianAcknowledgeMs: median(acknowledge[i]!),
  }));
}
