/** The extension's MV3 service worker: whether it runs, stopping it, waking it, messaging it. */
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { controlSession } from './cdp';
import { waitFor, withTimeout } from './wait';

async function workerTargets(context: BrowserContext, extensionId: string) {
  const session = await controlSession(context);
  const { targetInfos } = await session.send('Target.getTargets');
  return targetInfos.filter(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
  );
}

/** Whether the extension's service worker is currently running. */
export async function isServiceWorkerRunning(
  context: BrowserContext,
  extensionId: string,
): Promise<boolean> {
  return (await workerTargets(context, extensionId)).length > 0;
}

/**
 * Stops the MV3 service worker through CDP (Target.closeTarget on the worker target, falling
 * back to ServiceWorker.stopAllWorkers) and waits until it is no longer running, as Chromium
 * does after 30 s idle. Playwright keeps the old Worker object; use waitForServiceWorker().
 */
export async function stopServiceWorker(
  context: BrowserContext,
  extensionId: string,
  { timeoutMs = 10_000 }: { timeoutMs?: number } = {},
): Promise<void> {
  const session = await controlSession(context);
  for (const target of await workerTargets(context, extensionId)) {
    await session.send('Target.closeTarget', { targetId: target.targetId }).catch(() => undefined);
  }
  try {
    await waitFor(async () => !(await isServiceWorkerRunning(context, extensionId)), 3_000, {
      message: 'the service worker to stop after Target.closeTarget',
    });
  } catch {
    await session.send('ServiceWorker.enable');
    await session.send('ServiceWorker.stopAllWorkers');
    await session.send('ServiceWorker.disable').catch(() => undefined);
    await waitFor(async () => !(await isServiceWorkerRunning(context, extensionId)), timeoutMs, {
      message: 'service worker to stop',
    });
  }
}

/**
 * Waits until the extension's service worker runs (again) and returns a Worker whose
 * evaluate() works. After a restart this may be the same Playwright object as before.
 */
export async function waitForServiceWorker(
  context: BrowserContext,
  extensionId: string,
  { timeoutMs = 15_000 }: { timeoutMs?: number } = {},
): Promise<Worker> {
  const prefix = `chrome-extension://${extensionId}/`;
  return waitFor(
    async () => {
      if (!(await isServiceWorkerRunning(context, extensionId))) return null;
      const candidates = context
        .serviceWorkers()
        .filter((w) => w.url().startsWith(prefix))
        .reverse();
      for (const worker of candidates) {
        const alive = await withTimeout(
          worker.evaluate(() => true),
          1_000,
          'probe',
        ).catch(() => false);
        if (alive) return worker;
      }
      return null;
    },
    timeoutMs,
    { intervalMs: 100, message: 'service worker to run' },
  );
}

/**
 * chrome.runtime.sendMessage(message) from an extension page. Never throws: returns the reply,
 * or the error (e.g. "Receiving end does not exist") when nobody answered.
 */
export async function sendRuntimeMessage(
  page: Page,
  message: unknown,
): Promise<{ ok: true; reply: unknown } | { ok: false; error: string }> {
  return page.evaluate(async (msg) => {
    try {
      return { ok: true as const, reply: (await chrome.runtime.sendMessage(msg)) as unknown };
    } catch (error) {
      return { ok: false as const, error: String(error) };
    }
  }, message);
}

/**
 * Wakes a stopped worker from an extension page by posting to its registration
 * (ServiceWorker `message` event). Works even when the worker has no runtime listeners.
 */
export async function postToServiceWorker(page: Page, message: unknown): Promise<void> {
  await page.evaluate(async (msg) => {
    const registration = await navigator.serviceWorker.getRegistration();
    const active = registration?.active;
    if (!active) throw new Error('no active service worker registration for this page');
    active.postMessage(msg);
  }, message);
}
