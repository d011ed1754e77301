/** What the benchmark reports: figures with their budget and baseline, and the stdout table. */

export type Unit = 'ms' | 'ms/s' | 'bytes' | 'count' | 'x';

export interface Budget {
  /** Upper bound: of the value itself, or of value ÷ baseline. */
  max: number;
  of: 'value' | 'baseline-ratio';
}

export interface Figure {
  group: string;
  name: string;
  /** null: not measured (the note says why). */
  value: number | null;
  unit: Unit;
  budget?: Budget;
  /** The same thing measured without the feature, in the same run and the same unit. */
  baseline?: { label: string; value: number };
  note?: string;
}

export interface Report {
  startedAt: string;
  durationS: number;
  machine: { cpus: number; cpuModel: string; loadAvgStart: number[]; loadAvgEnd: number[] };
  chromium: string;
  figures: Figure[];
  /** Sections that crashed, with their error. */
  errors: { section: string; error: string }[];
}

/** Nearest-rank percentile (p in 0–100) of a non-empty sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of an empty sample');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/** value ÷ baseline, when both exist. */
export function baselineRatio(figure: Figure): number | null {
  if (figure.value === null || !figure.baseline || figure.baseline.value === 0) return null;
  return figure.value / figure.baseline.value;
}

/** How far the figure is into its budget (1 = exactly at it), or null without one. */
export function budgetRatio(figure: Figure): number | null {
  const { budget } = figure;
  if (!budget || figure.value === null) return null;
  const measured = budget.of === 'value' ? figure.value : baselineRatio(figure);
  if (measured === null) return null;
  // A budget of zero (nothing exposed): any amount is infinitely over it.
  if (budget.max === 0) return measured > 0 ? Infinity : 0;
  return measured / budget.max;
}

function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return `${value.toFixed(1)} ms`;
    case 'ms/s':
      return `${value.toFixed(2)} ms/s`;
    case 'bytes':
      return value >= 1024 ? `${(value / 1024).toFixed(2)} KB` : `${value} B`;
    case 'count':
      return String(Math.round(value));
    case 'x':
      return `${value.toFixed(3)}×`;
  }
}

function formatBudget(figure: Figure): string {
  const { budget } = figure;
  if (!budget) return '';
  return budget.of === 'value'
    ? `≤ ${formatValue(budget.max, figure.unit)}`
    : `≤ ${budget.max.toFixed(2)}× base`;
}

const ratio = (r: number | null) => (r === null ? '' : r.toFixed(2));

/** The figures as an aligned text table, grouped, with over-budget rows marked. */
export function formatTable(figures: readonly Figure[]): string {
  const header = ['figure', 'value', 'budget', 'of budget', 'baseline', 'vs baseline', 'note'];
  const rows: string[][] = [];
  let group = '';
  for (const figure of figures) {
    if (figure.group !== group) {
      group = figure.group;
      rows.push([`[${group}]`]);
    }
    const inBudget = budgetRatio(figure);
    rows.push([
      `  ${figure.name}`,
      figure.value === null ? 'n/a' : formatValue(figure.value, figure.unit),
      formatBudget(figure),
      inBudget === null ? '' : `${ratio(inBudget)}${inBudget > 1 ? ' OVER' : ''}`,
      figure.baseline
        ? `${formatValue(figure.baseline.value, figure.unit)} (${figure.baseline.label})`
        : '',
      ratio(baselineRatio(figure)),
      figure.note ?? '',
    ]);
  }
  // Group headings span the row; only full rows set the column widths.
  const full = rows.filter((r) => r.length > 1);
  const widths = header.map((h, i) => Math.max(h.length, ...full.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells.length === 1
      ? (cells[0] as string)
      : cells
          .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
          .join('  ')
          .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
