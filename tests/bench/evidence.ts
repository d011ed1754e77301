/**
 * What evidence capture costs on a demo tab. The demo page (demo-app-server, a real server)
 * times its own sequential fetches, in six conditions: on a granted demo origin with the
 * extension capturing; on an origin never granted, in the same browser (the extension
 * installed, a demo tab open, nothing captured here); on that origin in a browser where a demo
 * origin is granted but no tab shows it (no listener); with no demo origin granted; in a
 * browser without the extension; and in a second browser without it (the A/A noise floor: the
 * same thing twice). The machine is shared and often busy,
 * so the fetches run in short blocks, one block of each condition per round in a rotating
 * order, and each round's blocks are compared with the no-extension block of the same round:
 * a drift of the machine falls on all alike. Each figure says whether the paired ratio's 95 %
 * bootstrap interval leaves out 1, i.e. whether a difference is measurable at all. All failing
 * (each captured, redacted and buffered), then all answered 200 (each only observed). The
 * worker's CPU time comes from a V8 CPU profile of the service worker over separate runs of
 * 1,000 requests (profiling slows what it profiles). The grant goes through the options page
 * and Chrome's dialog, so all the browsers are headed.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { startDemoApp } from '../e2e/demo-app-server';
import { addDemoApp } from '../e2e/evidence-helpers';
import {
  CHROMIUM_PATH,
  OFFLINE_ARGS,
  launchExtension,
  openExtensionPage,
  waitFor,
  type ExtensionHarness,
} from '../e2e/harness';
import { median, type Figure } from './figures';
import { excludes, medianInterval, type MedianInterval } from './stats';

const GROUP = 'evidence';
/** Figures are per 1,000 requests, measured as blocks of BLOCK, ROUNDS_PER_ASKED × --rounds each. */
const REQUESTS = 1_000;
const BLOCK = 100;
const ROUNDS_PER_ASKED = 8;
/** Profiled runs of REQUESTS per kind, for the worker's CPU time. */
const PROFILED_RUNS = 2;
/** The demo page's own time may grow by at most this factor (not measurably). */
const PAGE_BUDGET_RATIO = 1.05;

type Kind = 'failing' | 'ok';
const CONDITIONS = [
  'captured',
  'not granted',
  'no demo tab',
  'nothing granted',
  'no extension',
  'no extension again',
] as const;
type Condition = (typeof CONDITIONS)[number];

async function pageTime(page: Page, kind: Kind, n = REQUESTS): Promise<number> {
  return page.evaluate(
    async ({ n, path }) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await fetch(`${path}?i=${i}`, { method: 'POST' });
      return performance.now() - t0;
    },
    { n, path: kind === 'failing' ? '/api/orders' : '/api/ok' },
  );
}

/** A browser-level CDP session, reached through the profile's DevToolsActivePort. */
async function browserSession(h: ExtensionHarness): Promise<CDPSession> {
  const text = await waitFor(
    () => readFile(join(h.userDataDir, 'DevToolsActivePort'), 'utf8').catch(() => null),
    10_000,
    { message: 'DevToolsActivePort' },
  );
  const port = text.split('\n')[0]!.trim();
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  return browser.newBrowserCDPSession();
}

interface WorkerCpu {
  /** Non-idle CPU time. */
  ms: number;
  /** Self time per function ("name file"), for where it goes. */
  byFunction: Map<string, number>;
}

/** Runs `during` while the service worker is profiled: its non-idle CPU time and where. */
async function workerCpuMs(
  session: CDPSession,
  extensionId: string,
  during: () => Promise<void>,
): Promise<WorkerCpu> {
  const { targetInfos } = await session.send('Target.getTargets');
  const target = targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
  );
  if (!target) throw new Error('the service worker is not running');
  const { sessionId } = await session.send('Target.attachToTarget', {
    targetId: target.targetId,
    flatten: false,
  });
  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  const onMessage = (event: { sessionId?: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const reply = JSON.parse(event.message) as { id?: number; result?: unknown };
    if (reply.id !== undefined) pending.get(reply.id)?.(reply.result);
  };
  session.on('Target.receivedMessageFromTarget', onMessage);
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((done) => {
      const id = nextId++;
      pending.set(id, done);
      void session.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method, params }),
      });
    });
  try {
    await call('Profiler.enable');
    await call('Profiler.setSamplingInterval', { interval: 100 });
    await call('Profiler.start');
    await during();
    const { profile } = (await call('Profiler.stop')) as {
      profile: {
        nodes: { id: number; callFrame: { functionName: string; url: string } }[];
        samples: number[];
        timeDeltas: number[];
      };
    };
    const idle = new Set(
      profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id),
    );
    const nameOf = new Map(
      profile.nodes.map((n) => [
        n.id,
        `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop() ?? ''}`.trim(),
      ]),
    );
    let busyUs = 0;
    const byFunction = new Map<string, number>();
    profile.samples.forEach((node, i) => {
      if (idle.has(node)) return;
      const us = profile.timeDeltas[i + 1] ?? 0;
      busyUs += us;
      const name = nameOf.get(node) ?? '?';
      byFunction.set(name, (byFunction.get(name) ?? 0) + us / 1000);
    });
    return { ms: busyUs / 1000, byFunction };
  } finally {
    session.off('Target.receivedMessageFromTarget', onMessage);
    await session.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
  }
}

const percent = (ratio: number) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)} %`;

/** "+3.1 % [95 % CI +0.4 % to +6.0 %]: measurable" from paired ratios. */
function verdict(ratios: MedianInterval): string {
  const range = `${percent(ratios.median)} [95 % CI ${percent(ratios.low)} to ${percent(ratios.high)}]`;
  return excludes(ratios, 1)
    ? `${range}: a measurable difference`
    : `${range}: no measurable difference (the interval holds 0)`;
}

async function launchPlain() {
  const dir = await mkdtemp(join(tmpdir(), 'demo-rescue-bench-plain-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: false,
    args: OFFLINE_ARGS,
  });
  return {
    page: context.pages()[0] ?? (await context.newPage()),
    async close() {
      await context.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

export async function measureEvidence({ rounds: asked }: { rounds: number }): Promise<Figure[]> {
  const rounds = ROUNDS_PER_ASKED * asked;
  const [app, stranger] = await Promise.all([startDemoApp(), startDemoApp()]);
  const h = await launchExtension({ headed: true, args: ['--remote-debugging-port=0'] });
  // Installed, no demo origin granted at all: the worker has no webRequest listener.
  const bare = await launchExtension({ headed: true });
  // A demo origin granted, but no tab on it: capture (and its listeners) waits for one.
  const idle = await launchExtension({ headed: true });
  const plain = await Promise.all([launchPlain(), launchPlain()]);
  try {
    const options = await openExtensionPage(h.context, h.extensionId, 'src/options/index.html');
    await options.getByRole('tab', { name: 'POCs' }).click();
    await options.getByRole('button', { name: 'Add POC' }).click();
    await options.getByLabel('Prospect').fill('Bench Co');
    await addDemoApp(options, app.origin);
    await options.close();
    const idleOptions = await openExtensionPage(
      idle.context,
      idle.extensionId,
      'src/options/index.html',
    );
    await idleOptions.getByRole('tab', { name: 'POCs' }).click();
    await idleOptions.getByRole('button', { name: 'Add POC' }).click();
    await idleOptions.getByLabel('Prospect').fill('Bench Co');
    await addDemoApp(idleOptions, app.origin);
    await idleOptions.close();
    const session = await browserSession(h);
    const pages: Record<Condition, Page> = {
      captured: await h.context.newPage(),
      'not granted': await h.context.newPage(),
      'no demo tab': await idle.context.newPage(),
      'nothing granted': await bare.context.newPage(),
      'no extension': plain[0].page,
      'no extension again': plain[1].page,
    };
    await pages.captured.goto(`${app.origin}/`);
    await pages['not granted'].goto(`${stranger.origin}/`);
    await pages['no demo tab'].goto(`${stranger.origin}/`);
    await pages['nothing granted'].goto(`${app.origin}/`);
    await pages['no extension'].goto(`${app.origin}/`);
    await pages['no extension again'].goto(`${app.origin}/`);

    const figures: Figure[] = [];
    for (const kind of ['failing', 'ok'] as const) {
      for (const condition of CONDITIONS) await pageTime(pages[condition], kind, BLOCK); // Warm-up.
      const blocks = Object.fromEntries(CONDITIONS.map((c) => [c, [] as number[]])) as Record<
        Condition,
        number[]
      >;
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < CONDITIONS.length; i++) {
          const condition = CONDITIONS[(round + i) % CONDITIONS.length]!;
          blocks[condition].push(await pageTime(pages[condition], kind, BLOCK));
        }
      }
      const workerMs: number[] = [];
      const byFunction = new Map<string, number>();
      for (let run = 0; run < PROFILED_RUNS; run++) {
        const cpu = await workerCpuMs(session, h.extensionId, async () => {
          await pageTime(pages.captured, kind);
        });
        workerMs.push(cpu.ms);
        for (const [name, ms] of cpu.byFunction)
          byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
      }
      const total = [...byFunction.values()].reduce((a, b) => a + b, 0);
      const top = [...byFunction]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([name, ms]) => `${name} ${Math.round((ms / total) * 100)} %`)
        .join(', ');

      const base = blocks['no extension'];
      const paired = (condition: Condition) =>
        medianInterval(blocks[condition].map((t, i) => t / base[i]!));
      const per1000 = (condition: Condition) => (median(blocks[condition]) * REQUESTS) / BLOCK;
      const label = kind === 'failing' ? 'all 500 (each captured)' : 'all 200 (only observed)';
      const perRequest = (ms: number) => Math.round((ms / REQUESTS) * 1000) / 1000;
      const added = medianInterval(blocks.captured.map((t, i) => (t - base[i]!) / BLOCK));
      const floor = verdict(paired('no extension again'));
      const measured = `${rounds} interleaved rounds of ${BLOCK} requests, median × ${REQUESTS / BLOCK}`;
      const pageFigure = (condition: Condition, name: string, note: string): Figure => ({
        group: GROUP,
        name,
        value: per1000(condition),
        unit: 'ms',
        budget: { max: PAGE_BUDGET_RATIO, of: 'baseline-ratio' },
        baseline: { label: 'no extension', value: per1000('no extension') },
        note: `${note}paired ratio ${verdict(paired(condition))}`,
      });
      figures.push(
        pageFigure(
          'captured',
          `demo page: ${REQUESTS} requests, ${label}`,
          `${measured}; ${(added.median * 1000).toFixed(0)} µs added per request [95 % CI ${(added.low * 1000).toFixed(0)} to ${(added.high * 1000).toFixed(0)} µs]; `,
        ),
        pageFigure(
          'not granted',
          `same, on an origin never granted, ${label.split(' (')[0]}`,
          'the extension installed, listening to another origin only (a demo tab is open); ',
        ),
        pageFigure(
          'no demo tab',
          `same, a demo origin granted but no tab on it, ${label.split(' (')[0]}`,
          'capture waits for a demo tab: no webRequest listener; ',
        ),
        pageFigure(
          'nothing granted',
          `same, extension installed, no demo origin granted, ${label.split(' (')[0]}`,
          'no webRequest listener at all; ',
        ),
        {
          group: GROUP,
          name: `A/A: a second browser without the extension, ${label.split(' (')[0]}`,
          value: per1000('no extension again'),
          unit: 'ms',
          baseline: { label: 'no extension', value: per1000('no extension') },
          note: `the noise floor: paired ratio ${floor}`,
        },
        {
          group: GROUP,
          name: `worker CPU per request, ${label}`,
          value: perRequest(median(workerMs)),
          unit: 'ms',
          baseline: {
            label: 'page time per request, no extension',
            value: perRequest(per1000('no extension')),
          },
          note: `service worker CPU (V8 profile, non-idle samples) over ${PROFILED_RUNS} separate runs of ${REQUESTS} ÷ requests; self time: ${top}`,
        },
      );
    }
    return figures;
  } finally {
    await Promise.all(plain.map((p) => p.close()));
    await Promise.all([h.close(), bare.close(), idle.close()]);
    await Promise.all([app.close(), stranger.close()]);
  }
}
