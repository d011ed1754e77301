/** The call page's main-thread cost over windows of time in which nobody touches it. */
import type { Page } from 'playwright-core';
import { cdpSession, sleep } from '../../e2e/harness';

export interface WindowCost {
  seconds: number;
  taskMs: number;
  scriptMs: number;
  /** CPU time of the renderer's main thread: unlike the durations, not inflated by preemption. */
  threadMs: number;
  /** Style recalculation and layout, the rendering work scripts cause. */
  styleLayoutMs: number;
  longTasks: number;
  longTaskMs: number;
}

type Metrics = Record<string, number>;

async function metrics(page: Page): Promise<Metrics> {
  const session = await cdpSession(page);
  const { metrics: list } = await session.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function costCounters(page: Page) {
  const [counters, longTasks] = await Promise.all([
    metrics(page),
    page.evaluate(() => ({ ...window.__bench.longTasks })),
  ]);
  return { counters, longTasks };
}

/**
 * Main-thread cost of each page over the same `seconds`, nobody touching them. Measuring the
 * pages side by side exposes them to the same load from the rest of the (shared) machine.
 */
export async function idleWindows(pages: readonly Page[], seconds: number): Promise<WindowCost[]> {
  const before = await Promise.all(pages.map(costCounters));
  await sleep(seconds * 1000);
  const after = await Promise.all(pages.map(costCounters));
  return pages.map((_, i) => {
    const [from, to] = [before[i], after[i]] as [(typeof before)[0], (typeof before)[0]];
    const delta = (name: string) => ((to.counters[name] ?? 0) - (from.counters[name] ?? 0)) * 1000;
    return {
      seconds: delta('Timestamp') / 1000,
      taskMs: delta('TaskDuration'),
      scriptMs: delta('ScriptDuration'),
      threadMs: delta('ThreadTime'),
      styleLayoutMs: delta('RecalcStyleDuration') + delta('LayoutDuration'),
      longTasks: to.longTasks.count - from.longTasks.count,
      longTaskMs: to.longTasks.ms - from.longTasks.ms,
    };
  });
}

export function sumWindows(windows: readonly WindowCost[]): WindowCost {
  const total = (key: keyof WindowCost) => windows.reduce((sum, w) => sum + w[key], 0);
  return {
    seconds: total('seconds'),
    taskMs: total('taskMs'),
    scriptMs: total('scriptMs'),
    threadMs: total('threadMs'),
    styleLayoutMs: total('styleLayoutMs'),
    longTasks: total('longTasks'),
    longTaskMs: total('longTaskMs'),
  };
}
