/**
 * Incidents per week (bars) and median time to acknowledge (line), as inline SVG. The same
 * numbers are in a visually hidden table for screen readers.
 */
import { useEffect, useState } from 'preact/hooks';
import { formatClock } from '../domain/time';
import { weeklyChart, weeklyTrendSummary } from '../domain/weekly-chart';
import type { WeeklyStat } from '../shared/messages';
import { send } from '../shared/messaging';
import { formatShortDate } from '../review/format';
import { errorMessage } from '../review/hooks';

const CHART_WEEKS = 12;
const SIZE = { width: 340, height: 96, padding: 14 };

type StatsLoad =
  | { phase: 'loading' }
  | { phase: 'error'; message: string }
  | { phase: 'ready'; stats: WeeklyStat[] };

export function WeeklyChartSection({ enabled }: { enabled: boolean }) {
  const [load, setLoad] = useState<StatsLoad>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    // Waits for the list's first page so the worker answers that first.
    if (!enabled) return;
    let live = true;
    setLoad({ phase: 'loading' });
    send('incidents/stats', { weeks: CHART_WEEKS }).then(
      (stats) => live && setLoad({ phase: 'ready', stats }),
      (error: unknown) => live && setLoad({ phase: 'error', message: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [enabled, attempt]);

  if (load.phase === 'loading') return null;
  if (load.phase === 'error') {
    return (
      <p class="chart-error" role="alert">
        Trend unavailable: {load.message}{' '}
        <button type="button" class="button link" onClick={() => setAttempt((n) => n + 1)}>
          Try again
        </button>
      </p>
    );
  }
  const summary = weeklyTrendSummary(load.stats);
  return (
    <details class="trend">
      <summary>
        <span class="trend-label">Trend</span> {summary}
      </summary>
      <WeeklyChart stats={load.stats} summary={summary} />
    </details>
  );
}

export function WeeklyChart({ stats, summary }: { stats: WeeklyStat[]; summary: string }) {
  const chart = weeklyChart(stats, SIZE);
  const first = stats[0];
  const last = stats[stats.length - 1];
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${SIZE.width} ${SIZE.height}`}
        role="img"
        aria-labelledby="chart-title chart-desc"
      >
        <title id="chart-title">Incidents per week and median time to acknowledge</title>
        <desc id="chart-desc">{summary}</desc>
        <line
          class="chart-axis"
          x1="0"
          x2={SIZE.width}
          y1={SIZE.height - SIZE.padding}
          y2={SIZE.height - SIZE.padding}
        />
        {chart.bars.map((bar) => (
          <rect
            key={bar.weekStart}
            class="chart-bar"
            x={bar.x}
            y={bar.y}
            width={bar.width}
            height={bar.height}
          />
        ))}
        {chart.line && <path class="chart-line" d={chart.line} />}
        {chart.points.map((p) => (
          <circle key={p.weekStart} class="chart-point" cx={p.x} cy={p.y} r="2.5" />
        ))}
        <text class="chart-text" x="2" y="10">
          {chart.maxIncidents} / week
        </text>
        <text class="chart-text chart-text-ack" x={SIZE.width - 2} y="10" text-anchor="end">
          ack {formatClock(chart.maxAcknowledgeMs)}
        </text>
        {first && (
          <text class="chart-text" x="2" y={SIZE.height - 2}>
            {formatShortDate(first.weekStart)}
          </text>
        )}
        {last && (
          <text class="chart-text" x={SIZE.width - 2} y={SIZE.height - 2} text-anchor="end">
            {formatShortDate(last.weekStart)}
          </text>
        )}
      </svg>
      <figcaption class="chart-legend" aria-hidden="true">
        <span class="legend-bar" /> incidents per week <span class="legend-line" /> median time to
        acknowledge (m:ss)
      </figcaption>
      <table class="visually-hidden">
        <caption>Incidents and median time to acknowledge, by week</caption>
        <thead>
          <tr>
            <th scope="col">Week of</th>
            <th scope="col">Incidents</th>
            <th scope="col">Median time to acknowledge</th>
          </tr>
        </thead>
        <tbody>
          {stats.map((s) => (
            <tr key={s.weekStart}>
              <th scope="row">{formatShortDate(s.weekStart)}</th>
              <td>{s.incidents}</td>
              <td>
                {s.medianAcknowledgeMs === null ? 'none' : formatClock(s.medianAcknowledgeMs)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
