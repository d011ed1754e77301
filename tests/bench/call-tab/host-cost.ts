/** The host page's cost with the extension vs without (idle, overlay open), and memory. */
import type { Page } from 'playwright-core';
import { sleep, type ExtensionHarness } from '../../e2e/harness';
import type { ExtensionProbe } from '../../e2e/overlay-helpers';
import type { Figure } from '../figures';
import { idleWindows, sumWindows, type WindowCost } from './idle-windows';
import { extensionScriptTime, heapUsed } from './profile';
import { endIncident, pressHotkey, showOnce } from './show';

export async function measureHostCost(
  harness: ExtensionHarness,
  probe: ExtensionProbe,
  withExt: Page,
  without: Page,
  /** The same page in a second browser without the extension: the A/A noise floor. */
  withoutAgain: Page,
  { rounds, seconds }: { rounds: number; seconds: number },
): Promise<Figure[]> {
  /** Each window is measured in all tabs at once: [with extension, without, without again]. */
  const windows = async () =>
    (await idleWindows([withExt, without, withoutAgain], seconds)) as [
      WindowCost,
      WindowCost,
      WindowCost,
    ];
  await withExt.bringToFront();
  const idle: [WindowCost, WindowCost, WindowCost][] = [];
  for (let round = 0; round < rounds; round++) idle.push(await windows());
  const heapWithout = await heapUsed(without);
  const heapBefore = await heapUsed(withExt);

  if (!(await showOnce(withExt, pressHotkey(withExt)))) {
    throw new Error('the overlay did not show for the host-cost windows');
  }
  await sleep(1000);
  const open: [WindowCost, WindowCost, WindowCost][] = [];
  for (let round = 0; round < rounds; round++) open.push(await windows());
  const heapOpen = await heapUsed(withExt);
  const profiledOpen = await extensionScriptTime(withExt, harness.extensionId, seconds);
  await endIncident(withExt, probe);
  const heapAfter = await heapUsed(withExt);
  const profiledIdle = await extensionScriptTime(withExt, harness.extensionId, seconds);

  const group = 'host page cost (Meet fixture, DOM churn every 200 ms)';
  type Key = 'threadMs' | 'taskMs' | 'scriptMs' | 'styleLayoutMs';
  const rate = (key: Key, cost: WindowCost) => cost[key] / cost.seconds;
  const idleWith = sumWindows(idle.map(([w]) => w));
  const idleWithout = sumWindows(idle.map(([, wo]) => wo));
  const openWith = sumWindows(open.map(([w]) => w));
  const openWithout = sumWindows(open.map(([, wo]) => wo));
  /** Overlay open minus no incident, each less the no-extension tab measured beside it. */
  const added = (key: Key) =>
    rate(key, openWith) - rate(key, openWithout) - (rate(key, idleWith) - rate(key, idleWithout));
  const perWindow = (key: Key) =>
    idle.map(([w, wo]) => (rate(key, w) / rate(key, wo)).toFixed(2)).join(', ');
  const idleAgain = sumWindows(idle.map(([, , again]) => again));
  const idleFigure = (key: Key, what: string, note = ''): Figure => ({
    group,
    name: `idle: ${what}, with extension`,
    value: rate(key, idleWith),
    unit: 'ms/s',
    budget: { max: 1.02, of: 'baseline-ratio' },
    baseline: { label: 'without, same windows', value: rate(key, idleWithout) },
    note: `${note}ratio per window ${perWindow(key)}`,
  });
  const files = (perFile: Map<string, number>, s: number) =>
    [...perFile]
      .sort((a, b) => b[1] - a[1])
      .map(([file, ms]) => `${file.split('/').pop()} ${(ms / s).toFixed(3)}`)
      .join(', ') || 'none sampled';
  const memory = 'memory (call tab JS heap after GC)';
  const kb = (bytes: number) => `${bytes >= 0 ? '+' : ''}${(bytes / 1024).toFixed(1)} KB`;
  return [
    idleFigure(
      'threadMs',
      'main-thread CPU time',
      `${rounds}×${seconds} s, both tabs at once, before any hotkey; `,
    ),
    {
      group,
      name: 'idle: main-thread CPU time, A/A (2nd browser without)',
      value: rate('threadMs', idleAgain),
      unit: 'ms/s',
      baseline: { label: 'without, same windows', value: rate('threadMs', idleWithout) },
      note: `the noise floor of the ratio above; per window ${idle
        .map(([, wo, again]) => (rate('threadMs', again) / rate('threadMs', wo)).toFixed(2))
        .join(', ')}`,
    },
    idleFigure('taskMs', 'task time'),
    idleFigure('scriptMs', 'script time'),
    {
      group,
      name: 'idle: long tasks, with extension',
      value: idleWith.longTasks,
      unit: 'count',
      baseline: { label: 'without', value: idleWithout.longTasks },
      note: `${idleWith.longTaskMs.toFixed(0)} ms vs ${idleWithout.longTaskMs.toFixed(0)} ms in long tasks`,
    },
    {
      group,
      name: 'idle: extension JS (profiler attribution)',
      value: profiledIdle.msPerS,
      unit: 'ms/s',
      note: `${profiledIdle.seconds.toFixed(0)} s sampled at 250 µs after an incident (dormant overlay): ${files(profiledIdle.perFile, profiledIdle.seconds)}`,
    },
    {
      group,
      name: 'overlay open: extension JS (profiler attribution)',
      value: profiledOpen.msPerS,
      unit: 'ms/s',
      budget: { max: 1, of: 'value' },
      note: `${profiledOpen.seconds.toFixed(0)} s sampled at 250 µs: ${files(profiledOpen.perFile, profiledOpen.seconds)}`,
    },
    {
      group,
      name: 'overlay open: script time added',
      value: added('scriptMs'),
      unit: 'ms/s',
      budget: { max: 1, of: 'value' },
      note: `${rate('scriptMs', openWith).toFixed(2)} vs ${rate('scriptMs', idleWith).toFixed(2)} ms/s before, each less the tab without; a difference of noisy totals`,
    },
    {
      group,
      name: 'overlay open: main-thread CPU time added',
      value: added('threadMs'),
      unit: 'ms/s',
      note: `${rate('threadMs', openWith).toFixed(1)} vs ${rate('threadMs', idleWith).toFixed(1)} ms/s before, each less the tab without`,
    },
    {
      group,
      name: 'overlay open: task time added',
      value: added('taskMs'),
      unit: 'ms/s',
      note: `style+layout ${rate('styleLayoutMs', openWith).toFixed(1)} vs ${rate('styleLayoutMs', idleWith).toFixed(1)} ms/s before`,
    },
    {
      group: memory,
      name: 'extension loaded, before any hotkey',
      value: heapBefore,
      unit: 'bytes',
      baseline: { label: 'without extension', value: heapWithout },
      note: kb(heapBefore - heapWithout),
    },
    {
      group: memory,
      name: 'overlay open',
      value: heapOpen,
      unit: 'bytes',
      baseline: { label: 'before any hotkey', value: heapBefore },
      note: kb(heapOpen - heapBefore),
    },
    {
      group: memory,
      name: 'after the incident ended and was closed',
      value: heapAfter,
      unit: 'bytes',
      baseline: { label: 'before any hotkey', value: heapBefore },
      note: `${kb(heapAfter - heapBefore)}: the dormant overlay instance`,
    },
  ];
}
