/**
 * Helpers for the privacy-guard E2E tests: reading per-tab share state from an extension page,
 * presenting on the fixtures with real (trusted) clicks, and measuring what a call page can see
 * of the extension from its main world.
 */
import type { Frame, Page } from 'playwright-core';
import { foldShares, shareReportPlace, type ShareState } from '../../src/shared/share-state';
import {
  cdpSession,
  launchExtension,
  routeCallPages,
  serveHtml,
  waitFor,
  waitUntil,
  type ExtensionHarness,
} from './harness';

/** Chromium shares the tab titled this when a page asks for a tab; with none, the whole screen. */
export const CAPTURE_TARGET = 'E2E capture target';
/** A plain page to present instead of the call. */
export const DEMO_URL = 'https://demo.example.com/dashboard';

/**
 * A headed browser (the whole-screen source needs a display) whose getDisplayMedia picks without
 * a dialog, with the call pages and DEMO_URL served.
 */
export async function launchForScreenSharing(): Promise<ExtensionHarness> {
  const harness = await launchExtension({
    headed: true,
    args: [
      `--auto-select-tab-capture-source-by-title=${CAPTURE_TARGET}`,
      '--auto-select-desktop-capture-source=Entire screen',
    ],
  });
  await routeCallPages(harness.context);
  await serveHtml(harness.context, DEMO_URL, '<!doctype html><title>Demo</title><h1>Demo</h1>');
  return harness;
}

/**
 * The tab's share state as the worker folds it (foldShares) from the reports in
 * chrome.storage.session: its frames' and its blank popup windows', read from an extension page.
 */
export async function shareStateOf(probe: Page, tabId: number): Promise<ShareState | null> {
  const stored = await probe.evaluate(() => chrome.storage.session.get(null));
  const reports = Object.entries(stored).flatMap(([key, value]) => {
    const place = shareReportPlace(key);
    const state = value as ShareState;
    return place && (state.openerTabId ?? place.tabId) === tabId ? [state] : [];
  });
  return foldShares(reports);
}

/** Waits until the tab's share state matches `expected` (ignoring `at`), and returns it. */
export async function waitForShareState(
  probe: Page,
  tabId: number,
  expected: Omit<ShareState, 'at'>,
  timeoutMs = 10_000,
): Promise<ShareState> {
  const state = await waitUntil(
    () => shareStateOf(probe, tabId),
    (last) =>
      last?.sharing === expected.sharing &&
      last.surface === expected.surface &&
      last.selfTab === expected.selfTab,
    timeoutMs,
    { message: `tab ${tabId}'s share state to be ${JSON.stringify(expected)}` },
  );
  return state as ShareState;
}

/** The tab id Chrome gave `page`, found from an extension page by a unique title. */
export async function tabIdOf(probe: Page, page: Page): Promise<number> {
  const title = await page.title();
  const marker = `tab-${Math.random().toString(36).slice(2)}`;
  await setTitle(page, marker);
  try {
    const id = await waitFor(
      () =>
        probe.evaluate(async (wanted) => {
          const [tab] = await chrome.tabs.query({ title: wanted });
          return tab?.id ?? null;
        }, marker),
      5_000,
      { message: `tab titled ${marker}` },
    );
    return id;
  } finally {
    await setTitle(page, title);
  }
}

export async function setTitle(page: Page, title: string): Promise<void> {
  await page.evaluate((next) => {
    document.title = next;
  }, title);
}

/** The call page's Document Picture-in-Picture window, as the overlay popped out into it. */
export interface PopOutSnapshot {
  open: boolean;
  title: string;
  /** Every text node in it, closed shadow roots included (no <style>), whitespace-collapsed. */
  text: string;
}

const NO_POP_OUT: PopOutSnapshot = { open: false, title: '', text: '' };

/**
 * Reads the page's Document PiP window through the tab's own CDP session: the window's
 * document lives in the tab's renderer (Playwright's page for it shows an empty document), and
 * DOM.describeNode pierces the overlay's closed shadow root there. Evaluated in a world of our
 * own, so page scripts cannot lie.
 */
export async function readPopOut(page: Page): Promise<PopOutSnapshot> {
  const session = await cdpSession(page);
  const { frameTree } = await session.send('Page.getFrameTree');
  const { executionContextId } = await session.send('Page.createIsolatedWorld', {
    frameId: frameTree.frame.id,
    worldName: 'demo-rescue-e2e-pop-out',
  });
  const { result } = await session.send('Runtime.evaluate', {
    contextId: executionContextId,
    expression: 'documentPictureInPicture.window?.document ?? null',
  });
  if (!result.objectId) return NO_POP_OUT;
  try {
    const { node } = await session.send('DOM.describeNode', {
      objectId: result.objectId,
      depth: -1,
      pierce: true,
    });
    type Node = {
      nodeType: number;
      nodeName: string;
      nodeValue: string;
      children?: Node[];
      shadowRoots?: Node[];
    };
    const text = (n: Node): string =>
      n.nodeType === 3
        ? n.nodeValue
        : ['STYLE', 'TITLE'].includes(n.nodeName)
          ? ''
          : [...(n.shadowRoots ?? []), ...(n.children ?? [])].map(text).join(' ');
    const { result: title } = await session.send('Runtime.callFunctionOn', {
      objectId: result.objectId,
      functionDeclaration: 'function () { return this.title; }',
      returnByValue: true,
    });
    return {
      open: true,
      title: String(title.value),
      text: text(node as Node)
        .replace(/\s+/g, ' ')
        .trim(),
    };
  } finally {
    await session.send('Runtime.releaseObject', { objectId: result.objectId }).catch(() => {});
  }
}

/** Closes the page's Document PiP window, as its own close button would. */
export async function closePopOut(page: Page): Promise<void> {
  await page.evaluate(() => {
    const api = (window as { documentPictureInPicture?: { window: Window | null } })
      .documentPictureInPicture;
    api?.window?.close();
  });
}

/** Clicks Meet's "Present now" (a trusted click) and waits for the fixture to present. */
export async function presentInMeet(page: Page): Promise<void> {
  await page.click('[aria-label="Present now"]');
  const outcome = await waitUntil(
    () =>
      page.evaluate(() => ({
        presenting: document.body.dataset.presenting ?? null,
        error: document.body.dataset.presentError ?? null,
      })),
    (state) => state.presenting === 'true' || state.error !== null,
    15_000,
    { message: 'the Meet fixture to present (or report why not)' },
  );
  if (outcome.error) throw new Error(`Meet fixture could not present: ${outcome.error}`);
}

/** Clicks Meet's "Stop presenting": the page stops its own tracks (no `ended` event). */
export async function stopPresentingInMeet(page: Page): Promise<void> {
  await page.click('[data-action="stop-presenting"]');
  await waitUntil(
    () => page.evaluate(() => document.body.dataset.presenting ?? null),
    (presenting) => presenting === 'false',
    5_000,
    { message: 'the Meet fixture to stop presenting (body[data-presenting])' },
  );
}

/**
 * In `frame`, adds a button that shares with `selfBrowserSurface: 'include'` (so the call tab
 * itself can be picked), clicks it for real, and waits for the capture.
 */
export async function shareIncludingSelf(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const button = document.createElement('button');
    button.id = 'e2e-share-including-self';
    button.textContent = 'Share (e2e)';
    button.addEventListener('click', () => {
      navigator.mediaDevices
        .getDisplayMedia({
          video: true,
          selfBrowserSurface: 'include',
        } as DisplayMediaStreamOptions)
        .then(
          () => (document.body.dataset.e2eShared = 'true'),
          (error: Error) => (document.body.dataset.e2eShared = error.name),
        );
    });
    document.body.prepend(button);
  });
  await frame.click('#e2e-share-including-self');
  const outcome = await waitFor(
    () => frame.evaluate(() => document.body.dataset.e2eShared ?? null),
    15_000,
    { message: 'getDisplayMedia (selfBrowserSurface: include) to settle' },
  );
  if (outcome !== 'true') throw new Error(`sharing failed: ${outcome}`);
}

export interface MainWorldView {
  globals: string[];
  rootAttributes: string[];
  bodyAttributes: string[];
  mediaDevicesKeys: string[];
  getDisplayMedia: { source: string; name: string; length: number; descriptor: string };
  illegalInvocation: string;
  unhandledRejections: string[];
  errorStacks: string[];
}

/** What a page script sees of its own environment (run in the page's main world). */
export async function mainWorldView(page: Page): Promise<MainWorldView> {
  return page.evaluate(async () => {
    const gdm = MediaDevices.prototype.getDisplayMedia;
    const descriptor = Object.getOwnPropertyDescriptor(MediaDevices.prototype, 'getDisplayMedia');
    const flags = {
      writable: descriptor?.writable,
      enumerable: descriptor?.enumerable,
      configurable: descriptor?.configurable,
    };
    const unhandled: string[] = [];
    const onUnhandled = (event: PromiseRejectionEvent) => {
      unhandled.push((event.reason as Error).name);
      event.preventDefault();
    };
    window.addEventListener('unhandledrejection', onUnhandled);
    const stacks: string[] = [];
    // Rejected synchronously, so whatever wraps getDisplayMedia is on the stack.
    for (const call of [
      () => navigator.mediaDevices.getDisplayMedia({ video: false, audio: false }),
      () => gdm.call({} as MediaDevices),
    ]) {
      await call().catch((error: Error) => stacks.push(String(error.stack)));
    }
    const illegal = await gdm.call(null as unknown as MediaDevices).then(
      () => 'resolved',
      (error: Error) => `${error.name}: ${error.message}`,
    );
    void navigator.mediaDevices.getDisplayMedia({ video: false, audio: false });
    await new Promise((done) => setTimeout(done, 100));
    window.removeEventListener('unhandledrejection', onUnhandled);
    return {
      globals: Object.getOwnPropertyNames(window).sort(),
      rootAttributes: document.documentElement.getAttributeNames(),
      bodyAttributes: document.body.getAttributeNames(),
      mediaDevicesKeys: Object.getOwnPropertyNames(MediaDevices.prototype).sort(),
      getDisplayMedia: {
        source: Function.prototype.toString.call(gdm),
        name: gdm.name,
        length: gdm.length,
        descriptor: JSON.stringify(flags),
      },
      illegalInvocation: illegal,
      unhandledRejections: unhandled,
      errorStacks: stacks,
    };
  });
}
