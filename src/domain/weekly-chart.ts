/**
 * Shapes weekly stats into chart geometry (incidents per week as bars, median time to
 * acknowledge as a line) and a sentence saying whether the SE is getting better.
 */
import { formatClock } from './time';

export interface WeekStat {
  weekStart: number;
  incidents: number;
  medianAcknowledgeMs: number | null;
}

export interface ChartSize {
  width: number;
  height: number;
  /** Space kept free above and below the plot, for labels. */
  padding: number;
}

export interface ChartBar {
  weekStart: number;
  incidents: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChartPoint {
  weekStart: number;
  medianAcknowledgeMs: number;
  x: number;
  y: number;
}

export interface WeeklyChart {
  bars: ChartBar[];
  /** Weeks without an acknowledged incident have no point. */
  points: ChartPoint[];
  /** SVG path through the points ("" with none). */
  line: string;
  maxIncidents: number;
  maxAcknowledgeMs: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

export function weeklyChart(stats: readonly WeekStat[], size: ChartSize): WeeklyChart {
  const { width, height, padding } = size;
  const plotHeight = Math.max(1, height - 2 * padding);
  const slot = stats.length ? width / stats.length : width;
  const barWidth = round(slot * 0.6);
  const maxIncidents = Math.max(1, ...stats.map((s) => s.incidents));
  const acks = stats.map((s) => s.medianAcknowledgeMs).filter((ms): ms is number => ms !== null);
  const maxAcknowledgeMs = Math.max(1, ...acks);
  const bottom = padding + plotHeight;
  const bars = stats.map((s, i) => {
    const barHeight = round((s.incidents / maxIncidents) * plotHeight);
    return {
      weekStart: s.weekStart,
      incidents: s.incidents,
      x: round(i * slot + (slot - barWidth) / 2),
      y: round(bottom - barHeight),
      width: barWidth,
      height: barHeight,
    };
  });
  const points = stats.flatMap((s, i) =>
    s.medianAcknowledgeMs === null
      ? []
      : [
          {
            weekStart: s.weekStart,
            medianAcknowledgeMs: s.medianAcknowledgeMs,
            x: round(i * slot + slot / 2),
            y: round(bottom - (s.medianAcknowledgeMs / maxAcknowledgeMs) * plotHeight),
          },
        ],
  );
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');
  return { bars, points, line, maxIncidents, maxAcknowledgeMs };
}

/** One sentence for screen readers and the chart caption. */
export function weeklyTrendSummary(stats: readonly WeekStat[]): string {
  const total = stats.reduce((sum, s) => sum + s.incidents, 0);
  const weeks = `the last ${stats.length} week${stats.length === 1 ? '' : 's'}`;
  if (total === 0) return `No incidents in ${weeks}.`;
  const counted = `${total} incident${total === 1 ? '' : 's'} in ${weeks}.`;
  const acks = stats.filter((s) => s.medianAcknowledgeMs !== null);
  const first = acks[0]?.medianAcknowledgeMs;
  const last = acks[acks.length - 1]?.medianAcknowledgeMs;
  if (first == null || last == null) return `${counted} None acknowledged yet.`;
  if (acks.length === 1) return `${counted} Median time to acknowledge: ${formatClock(last)}.`;
  const change = last < first ? 'improved from' : last > first ? 'slowed from' : 'held steady at';
  const to = last === first ? '' : ` to ${formatClock(last)}`;
  return `${counted} Median time to acknowledge ${change} ${formatClock(first)}${to} (m:ss).`;
}
