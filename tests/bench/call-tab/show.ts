/** One hotkey → overlay painted, timed in the page; and ending the incident after it. */
import type { Page } from 'playwright-core';
import { COMMAND_START_RECOVERY, OVERLAY_HOST_TAG } from '../../../src/shared/constants';
import {
  WaitTimeoutError,
  waitFor,
  waitForServiceWorker,
  type ExtensionHarness,
} from '../../e2e/harness';
import { elementWithAttribute, findOverlayHost, nodeCenter } from '../../e2e/harness/overlay-host';
import type { ExtensionProbe } from '../../e2e/overlay-helpers';

export interface ShowTiming {
  /** From the keydown in the page (hotkey) to the frame painting the overlay. */
  fromKeydown: number | null;
  /** From chrome.commands.onCommand.dispatch in the worker (cross-process epoch clocks). */
  fromDispatch: number | null;
  /** The part after the host element was inserted: rendering and waiting for the frame. */
  afterInsert: number;
}

export async function showOnce(
  page: Page,
  trigger: () => Promise<number | null>,
): Promise<ShowTiming | null> {
  await page.evaluate(() => {
    window.__bench.shown.length = 0;
    window.__bench.keydown = null;
  });
  await page.bringToFront();
  const dispatchedAt = await trigger();
  // A run that never shows the overlay is counted (and reported) as a failure, not a crash.
  const shown = await waitFor(() => page.evaluate(() => window.__bench.shown[0] ?? null), 10_000, {
    message: 'the overlay to be painted',
  }).catch((error: unknown) => {
    if (error instanceof WaitTimeoutError) return null;
    throw error;
  });
  if (!shown) return null;
  const keydown = await page.evaluate(() => window.__bench.keydown);
  return {
    fromKeydown: keydown ? shown.at - keydown.at : null,
    fromDispatch: dispatchedAt === null ? null : shown.epoch - dispatchedAt,
    afterInsert: shown.at - shown.noticed,
  };
}

export const pressHotkey = (page: Page) => async () => {
  await page.keyboard.press('Control+Shift+9');
  return null;
};

export const dispatchFromWorker = (harness: ExtensionHarness) => async () => {
  const worker = await waitForServiceWorker(harness.context, harness.extensionId);
  return worker.evaluate((command) => {
    const at = performance.timeOrigin + performance.now();
    (chrome.commands.onCommand as unknown as { dispatch(name: string): void }).dispatch(command);
    return at;
  }, COMMAND_START_RECOVERY);
};

/**
 * Clicks the overlay's Close button (data-focus="close") with a trusted click. Not the harness's
 * clickInOverlay: that reads the accessibility tree, which switches the renderer's accessibility
 * on and makes every later DOM mutation of the page dearer, so the bench finds the button with
 * CDP DOM in a session of its own and detaches it.
 */
async function clickClose(page: Page): Promise<void> {
  const session = await page.context().newCDPSession(page);
  try {
    const closeButton = async () => {
      const found = await findOverlayHost(session);
      const button = found?.shadowRoot
        ? elementWithAttribute(found.shadowRoot, 'data-focus', 'close')
        : null;
      return button ? nodeCenter(session, button.backendNodeId) : null;
    };
    const at = await waitFor(closeButton, 10_000, { message: "the overlay's Close button" });
    await page.mouse.click(at.x, at.y);
  } finally {
    await session.detach().catch(() => undefined);
  }
}

/**
 * Ends the incident from an extension page, as the popup would, then closes the overlay's
 * "closed in another window" summary as the SE would: the host leaves the page, and the next
 * hotkey adds it again (the overlay instance stays, so that is a re-show).
 */
export async function endIncident(page: Page, probe: ExtensionProbe): Promise<void> {
  const shown = (await page.$(OVERLAY_HOST_TAG)) !== null;
  // The overlay paints before the durable write; the mirror appears once it is stored. An
  // overlay whose incident is never stored is a defect, not a slow run.
  if (shown)
    await waitFor(() => probe.mirror(), 10_000, { message: 'the shown incident to be stored' });
  await probe.endActive();
  if (shown) {
    await clickClose(page);
    await waitFor(
      () => page.evaluate((tag) => !document.querySelector(tag), OVERLAY_HOST_TAG),
      10_000,
      { message: 'the overlay host to leave the page after Close' },
    );
  }
}
