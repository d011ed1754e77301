/**
 * What evidence capture costs on a demo tab. The demo page (demo-app-server, a real server)
 * makes 1,000 requests one after another and times them itself: once on a granted demo origin
 * with the extension capturing, once in a browser without the extension (the baseline). The
 * worker's CPU time comes from a V8 CPU profile of the service worker over the same run, per
 * request: all 1,000 failing (each captured, redacted and buffered) and all answered 200
 * (each only observed). The grant goes through the options page and Chrome's dialog (headed).
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { startDemoApp, type DemoApp } from '../e2e/demo-app-server';
import { addDemoApp } from '../e2e/evidence-helpers';
import {
  CHROMIUM_PATH,
  OFFLINE_ARGS,
  launchExtension,
  openExtensionPage,
  waitFor,
  type ExtensionHarness,
} from '../e2e/harness';
import type { Figure } from './figures';

const GROUP = 'evidence';
const REQUESTS = 1_000;
const ROUNDS = 3;
/** The demo page's own time may grow by at most this factor (not measurably). */
const PAGE_BUDGET_RATIO = 1.05;

type Kind = 'failing' | 'ok';

async function pageTime(page: Page, kind: Kind): Promise<number> {
  return page.evaluate(
    async ({ n, path }) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await fetch(`${path}?i=${i}`, { method: 'POST' });
      return performance.now() - t0;
    },
    { n: REQUESTS, path: kind === 'failing' ? '/api/orders' : '/api/ok' },
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

/** Runs `during` while the service worker is profiled; returns its non-idle CPU ms. */
async function workerCpuMs(
  session: CDPSession,
  extensionId: string,
  during: () => Promise<void>,
): Promise<number> {
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
        nodes: { id: number; callFrame: { functionName: string } }[];
        samples: number[];
        timeDeltas: number[];
      };
    };
    const idle = new Set(
      profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id),
    );
    let busyUs = 0;
    profile.samples.forEach((node, i) => {
      if (!idle.has(node)) busyUs += profile.timeDeltas[i + 1] ?? 0;
    });
    return busyUs / 1000;
  } finally {
    session.off('Target.receivedMessageFromTarget', onMessage);
    await session.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
  }
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function measureEvidence(): Promise<Figure[]> {
  const app: DemoApp = await startDemoApp();
  const h = await launchExtension({ headed: true, args: ['--remote-debugging-port=0'] });
  const plainDir = await mkdtemp(join(tmpdir(), 'demo-rescue-bench-plain-'));
  const plain = await chromium.launchPersistentContext(plainDir, {
    executablePath: CHROMIUM_PATH,
    headless: false,
    args: OFFLINE_ARGS,
  });
  try {
    const options = await openExtensionPage(h.context, h.extensionId, 'src/options/index.html');
    await options.getByRole('tab', { name: 'POCs' }).click();
    await options.getByRole('button', { name: 'Add POC' }).click();
    await options.getByLabel('Prospect').fill('Bench Co');
    await addDemoApp(options, app.origin);
    const session = await browserSession(h);
    const demo = await h.context.newPage();
    await demo.goto(`${app.origin}/`);
    const bare = plain.pages()[0] ?? (await plain.newPage());
    await bare.goto(`${app.origin}/`);

    const figures: Figure[] = [];
    for (const kind of ['failing', 'ok'] as const) {
      const withExtension: number[] = [];
      const without: number[] = [];
      const workerMs: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        without.push(await pageTime(bare, kind));
        let page = 0;
        workerMs.push(
          await workerCpuMs(session, h.extensionId, async () => {
            page = await pageTime(demo, kind);
          }),
        );
        withExtension.push(page);
      }
      const label = kind === 'failing' ? 'all 500 (each captured)' : 'all 200 (only observed)';
      figures.push(
        {
          group: GROUP,
          name: `demo page: ${REQUESTS} requests, ${label}`,
          value: median(withExtension),
          unit: 'ms',
          budget: { max: PAGE_BUDGET_RATIO, of: 'baseline-ratio' },
          baseline: { label: 'no extension', value: median(without) },
          note: `the page's own time for ${REQUESTS} sequential fetches, median of ${ROUNDS}`,
        },
        {
          group: GROUP,
          name: `worker CPU per request, ${label}`,
          value: Math.round((median(workerMs) / REQUESTS) * 1000) / 1000,
          unit: 'ms',
          baseline: { label: 'no extension', value: 0 },
          note: 'service worker CPU (V8 profile, non-idle samples) during the run ÷ requests',
        },
      );
    }
    return figures;
  } finally {
    await plain.close().catch(() => undefined);
    await rm(plainDir, { recursive: true, force: true }).catch(() => undefined);
    await h.close();
    await app.close();
  }
}
