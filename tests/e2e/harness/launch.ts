/**
 * Launching Chromium with the built extension (dist/) in a fresh, offline profile, and opening
 * the extension's pages.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import {
  CHROMIUM_PATH,
  DIST_DIR,
  hasDisplay,
  readBuiltManifest,
  type ExtensionPagePath,
} from './paths';

/**
 * Switches for a root, GPU-less machine with no internet: without the networking ones Chromium
 * keeps trying (and failing) to reach Google's services.
 */
export const OFFLINE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Extra launch args that make getDisplayMedia succeed without a picker (fake screen source).
 * Pass them to launchExtension({ args: SCREEN_SHARE_ARGS }) in tests that click "Present now".
 */
export const SCREEN_SHARE_ARGS = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

export interface LaunchOptions {
  /** Show the browser window (needs DISPLAY, e.g. under xvfb-run). Default: headless. */
  headed?: boolean;
  /** Extra Chromium switches, e.g. SCREEN_SHARE_ARGS. */
  args?: string[];
}

export interface ExtensionHarness {
  context: BrowserContext;
  extensionId: string;
  /** The extension service worker as first seen (see waitForServiceWorker after a stop). */
  worker: Worker;
  /** Temporary profile directory, removed by close(). */
  userDataDir: string;
  close(): Promise<void>;
}

const extensionWorkerOf = (context: BrowserContext) =>
  context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));

/**
 * Launches Chromium with dist/ loaded as an unpacked extension in a fresh temporary profile and
 * waits for its service worker. Launch once per test file (beforeAll) and close() in afterAll.
 */
export async function launchExtension(options: LaunchOptions = {}): Promise<ExtensionHarness> {
  const headed = options.headed ?? false;
  readBuiltManifest();
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: set CHROMIUM_PATH`);
  }
  if (headed && !hasDisplay()) {
    throw new Error('launchExtension({ headed: true }) needs DISPLAY (run under xvfb-run)');
  }
  const args = [
    `--disable-extensions-except=${DIST_DIR}`,
    `--load-extension=${DIST_DIR}`,
    ...OFFLINE_ARGS,
    ...(options.args ?? []),
  ];

  // Playwright adds --disable-extensions; --disable-extensions-except overrides it in
  // Chromium 156. If the worker still does not show up, retry without that default switch.
  for (const ignoreDefaultArgs of [undefined, ['--disable-extensions']]) {
    const userDataDir = await mkdtemp(join(tmpdir(), 'demo-rescue-e2e-'));
    const context = await chromium
      .launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM_PATH,
        headless: !headed,
        args,
        ...(ignoreDefaultArgs ? { ignoreDefaultArgs } : {}),
        timeout: 30_000,
      })
      .catch(async (error: unknown) => {
        await rm(userDataDir, { recursive: true, force: true }).catch(() => undefined);
        throw error;
      });
    const close = async () => {
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 5 }).catch(() => undefined);
    };
    try {
      const worker =
        extensionWorkerOf(context) ??
        (await context.waitForEvent('serviceworker', {
          predicate: (w) => w.url().startsWith('chrome-extension://'),
          timeout: 15_000,
        }));
      const extensionId = new URL(worker.url()).host;
      return { context, extensionId, worker, userDataDir, close };
    } catch (error) {
      await close();
      if (ignoreDefaultArgs) throw error;
    }
  }
  throw new Error('unreachable');
}

/** Opens chrome-extension://<id>/<path> in a new tab and waits for `load`. */
export async function openExtensionPage(
  context: BrowserContext,
  extensionId: string,
  path: ExtensionPagePath,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/${path.replace(/^\//, '')}`);
  return page;
}

/**
 * The same Chromium, headless and offline, without the extension: the baseline the bench
 * measures the call page against. close() removes its temporary profile.
 */
export async function launchWithoutExtension(): Promise<{
  context: BrowserContext;
  close(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'demo-rescue-plain-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: OFFLINE_ARGS,
    timeout: 30_000,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true, maxRetries: 5 }).catch(() => undefined);
    },
  };
}
