/**
 * The bench's eyes inside the call page: a page script, first on the page, that times the
 * hotkey's keydown, the overlay host's arrival and the end of the frame that paints it, and
 * counts long tasks; and opening a Meet call with it.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { OVERLAY_HOST_TAG } from '../../../src/shared/constants';
import { MEET_URL, cdpSession, routeCallPages, sleep } from '../../e2e/harness';

export interface Shown {
  /** When the MutationObserver saw the host element (page clock). */
  noticed: number;
  /**
   * When the frame that paints the overlay finished its main-thread work (style, layout,
   * paint): a user-blocking task posted from that frame's animation callback runs right after
   * it, ahead of ordinary tasks such as the overlay's own after-paint work (page clock).
   */
  at: number;
  /** `at` as epoch ms (performance.timeOrigin-based), comparable with the worker's. */
  epoch: number;
}

interface PageProbe {
  keydown: { at: number } | null;
  shown: Shown[];
  longTasks: { count: number; ms: number };
}

declare global {
  interface Window {
    __bench: PageProbe;
  }
}

/**
 * Bench-only, first script of the call page: the hotkey's keydown (a capture listener on
 * window registered before the content script's, so it runs first), the overlay host's arrival
 * and the end of the frame that paints it, and long tasks.
 */
const PAGE_SCRIPT = `(() => {
  const bench = { keydown: null, shown: [], longTasks: { count: 0, ms: 0 } };
  Object.defineProperty(window, '__bench', { value: bench });
  addEventListener('keydown', (event) => {
    if (event.code === 'Digit9' && event.ctrlKey && event.shiftKey) {
      bench.keydown = { at: performance.now() };
    }
  }, true);
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) {
      bench.longTasks.count += 1;
      bench.longTasks.ms += task.duration;
    }
  }).observe({ type: 'longtask' });
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) {
      if (node.localName !== '${OVERLAY_HOST_TAG}') continue;
      const noticed = performance.now();
      requestAnimationFrame(() => {
        scheduler.postTask(() => {
          const at = performance.now();
          bench.shown.push({ noticed, at, epoch: performance.timeOrigin + at });
        }, { priority: 'user-blocking' });
      });
    }
  }).observe(document.documentElement, { childList: true });
})();`;

/** A Meet fixture tab in the call view (where it re-renders tiles every 200 ms). */
export async function openCall(context: BrowserContext): Promise<Page> {
  await routeCallPages(context, { pageScript: PAGE_SCRIPT });
  const page = await context.newPage();
  await page.goto(MEET_URL);
  await page.click('[data-action="join"]');
  await page.waitForFunction(() => document.body.dataset.view === 'call');
  await page.bringToFront();
  await (await cdpSession(page)).send('Performance.enable');
  // document_idle content scripts run by load + 200 ms at the latest.
  await sleep(300);
  return page;
}
