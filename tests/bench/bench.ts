/**
 * `npm run bench`: performance figures of the built extension in real Chromium, each next to its
 * budget and a baseline measured in the same run. Figures over budget are reported, never failed:
 * the machine may be slow or busy. Only a crash makes the run fail.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { CHROMIUM_PATH } from '../e2e/harness';
import { measureCallTab } from './call-tab';
import { measureEvidence } from './evidence';
import { measureSidePanel } from './side-panel';
import { baselineRatio, budgetRatio, formatTable, type Figure, type Report } from './figures';
import { measureStorage } from './storage';
import { measureWeight } from './weight';

export const SECTIONS = ['weight', 'call-tab', 'side-panel', 'storage', 'evidence'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  /** Runs per hotkey latency series (p50/p95). */
  runs: number;
  /** Interleaved rounds of the host-cost windows. */
  rounds: number;
  /** Length of one host-cost window. */
  seconds: number;
  sections: readonly Section[];
  log: (line: string) => void;
}

function chromiumVersion(): string {
  try {
    return execFileSync(CHROMIUM_PATH, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return CHROMIUM_PATH;
  }
}

const roundedLoad = () => loadavg().map((l) => Math.round(l * 100) / 100);

export async function runBench(options: BenchOptions): Promise<Report> {
  const started = Date.now();
  const loadAvgStart = roundedLoad();
  const figures: Figure[] = [];
  const errors: Report['errors'] = [];
  const sections: Record<Section, () => Figure[] | Promise<Figure[]>> = {
    weight: measureWeight,
    'call-tab': () => measureCallTab(options),
    'side-panel': () => measureSidePanel({ runs: Math.min(options.runs, 15) }),
    storage: measureStorage,
    evidence: () => measureEvidence(options),
  };
  for (const section of options.sections) {
    const sectionStart = Date.now();
    options.log(`bench: ${section}…`);
    try {
      figures.push(...(await sections[section]()));
    } catch (error) {
      errors.push({
        section,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
    options.log(`bench: ${section} done in ${((Date.now() - sectionStart) / 1000).toFixed(0)} s`);
  }
  const cpu = cpus();
  return {
    startedAt: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    machine: {
      cpus: cpu.length,
      cpuModel: cpu[0]?.model ?? 'unknown',
      loadAvgStart,
      loadAvgEnd: roundedLoad(),
    },
    chromium: chromiumVersion(),
    figures,
    errors,
  };
}

/** The report as printed on stdout. */
export function formatReport(report: Report): string {
  const { machine } = report;
  const over = report.figures.filter((f) => (budgetRatio(f) ?? 0) > 1);
  return [
    `Demo Rescue benchmarks, ${report.startedAt}, ${report.durationS} s, ${report.chromium}`,
    `machine: ${machine.cpus} × ${machine.cpuModel}; load average (1/5/15 min) ` +
      `${machine.loadAvgStart.join(' / ')} at start, ${machine.loadAvgEnd.join(' / ')} at end` +
      (Math.max(machine.loadAvgStart[0] ?? 0, machine.loadAvgEnd[0] ?? 0) > machine.cpus * 0.5
        ? ' (busy machine: figures are noisy)'
        : ''),
    '',
    formatTable(report.figures),
    '',
    over.length === 0
      ? 'Every measured figure with a budget is within it.'
      : `Over budget (reported, not failed): ${over.map((f) => `${f.group} / ${f.name}`).join('; ')}`,
    ...report.errors.map((e) => `\nSECTION CRASHED: ${e.section}\n${e.error}`),
  ].join('\n');
}

/** The report for `--json`: the figures as printed, with their ratios worked out. */
export function reportJson(report: Report): string {
  const figures = report.figures.map((figure) => {
    const ofBudget = budgetRatio(figure);
    return {
      ...figure,
      ofBudget,
      vsBaseline: baselineRatio(figure),
      overBudget: ofBudget !== null && ofBudget > 1,
    };
  });
  // Infinity (a zero budget exceeded) is not JSON: it becomes null, and overBudget says it.
  return `${JSON.stringify({ ...report, figures }, null, 2)}\n`;
}
