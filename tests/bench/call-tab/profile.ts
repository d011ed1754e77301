/** The call tab's JS heap, and the share of its JS time spent in the extension's scripts. */
import type { Page } from 'playwright-core';
import { cdpSession, sleep } from '../../e2e/harness';
import { median } from '../figures';

/** JS heap in use by the tab's isolate (all worlds, content scripts included) after a GC. */
export async function heapUsed(page: Page): Promise<number> {
  const session = await cdpSession(page);
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    await session.send('HeapProfiler.collectGarbage');
    samples.push((await session.send('Runtime.getHeapUsage')).usedSize);
  }
  return median(samples);
}

interface ProfileNode {
  id: number;
  callFrame: { url: string };
  children?: number[];
}

/**
 * Samples the tab's JS for `seconds` and sums the time spent in the extension's scripts (its
 * own frames, and native or builtin calls made from them), per script file.
 */
export async function extensionScriptTime(page: Page, extensionId: string, seconds: number) {
  const session = await cdpSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 250 });
  await session.send('Profiler.start');
  await sleep(seconds * 1000);
  const { profile } = await session.send('Profiler.stop');
  await session.send('Profiler.disable');

  const prefix = `chrome-extension://${extensionId}/`;
  const nodes = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n as ProfileNode]));
  const parent = new Map<number, number>();
  for (const node of nodes.values())
    for (const child of node.children ?? []) parent.set(child, node.id);
  const owner = new Map<number, string | null>();
  const ownerOf = (id: number): string | null => {
    if (owner.has(id)) return owner.get(id) ?? null;
    const url = nodes.get(id)?.callFrame.url ?? '';
    const up = parent.get(id);
    const file = url
      ? url.startsWith(prefix)
        ? url.slice(prefix.length)
        : null
      : up === undefined
        ? null
        : ownerOf(up);
    owner.set(id, file);
    return file;
  };
  const perFile = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // A sample stands for the time until the next one.
    const us = i + 1 < deltas.length ? (deltas[i + 1] as number) : 0;
    const file = ownerOf(samples[i] as number);
    if (file) perFile.set(file, (perFile.get(file) ?? 0) + us / 1000);
  }
  const sampled = (profile.endTime - profile.startTime) / 1e6;
  const total = [...perFile.values()].reduce((a, b) => a + b, 0);
  return { msPerS: total / sampled, perFile, seconds: sampled };
}
