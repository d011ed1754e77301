/**
 * Helpers for the side panel E2E tests. The panel is a CDP `page` target that Playwright does
 * not list among a persistent context's pages, so it is read from an extension page in the
 * same renderer (chrome.extension.getViews); whether it is open comes from the worker
 * (chrome.runtime.getContexts), as the product itself would ask.
 */
import type { Page, Worker } from 'playwright-core';
import { waitFor } from './harness';

export const SIDE_PANEL_PATH = '/src/sidepanel/index.html';

/**
 * How many side panels of ours are open, in any window. Frames inside the panel (the private
 * text fields) are SIDE_PANEL contexts too: only the panel page itself is counted.
 */
export async function openPanels(worker: Worker): Promise<number> {
  return worker.evaluate(async (path) => {
    const contexts = await chrome.runtime.getContexts({
      contextTypes: [chrome.runtime.ContextType.SIDE_PANEL],
    });
    return contexts.filter((c) => new URL(c.documentUrl ?? '', 'x:/').pathname === path).length;
  }, SIDE_PANEL_PATH);
}

/** The open side panel's visible text (whitespace-collapsed), or null when none is open. */
export async function panelText(probe: Page): Promise<string | null> {
  const text = await probe.evaluate((path) => {
    const view = chrome.extension.getViews().find((w) => w.location.pathname === path);
    return view ? view.document.body.innerText : null;
  }, SIDE_PANEL_PATH);
  return text === null ? null : text.replace(/\s+/g, ' ').trim();
}

const CLOCK = /\b(\d+):(\d{2})\b/;

/** The m:ss clock a text shows, in seconds; null without one. */
export function clockSeconds(text: string): number | null {
  const match = CLOCK.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** Waits until the panel shows the recovery (its phase and m:ss clock); returns its text. */
export async function waitForPanelRecovery(
  probe: Page,
  { timeoutMs = 10_000, phase = /Acknowledge|Diagnose|Escalate/i } = {},
): Promise<string> {
  return waitFor(
    async () => {
      const text = await panelText(probe);
      return text && CLOCK.test(text) && phase.test(text) ? text : null;
    },
    timeoutMs,
    { message: `the side panel to show the recovery (${phase.source})` },
  );
}

/** Waits until the panel shows `pattern`; returns its text. */
export async function waitForPanelText(
  probe: Page,
  pattern: RegExp,
  timeoutMs = 10_000,
): Promise<string> {
  return waitFor(
    async () => {
      const text = await panelText(probe);
      return text && pattern.test(text) ? text : null;
    },
    timeoutMs,
    { message: `the side panel to show ${pattern.source}` },
  );
}

/** Clicks the panel's button named `name` (its text or aria-label); throws when there is none. */
export async function clickInPanel(probe: Page, name: RegExp): Promise<void> {
  const clicked = await probe.evaluate(
    ({ path, source, flags }) => {
      const view = chrome.extension.getViews().find((w) => w.location.pathname === path);
      const wanted = new RegExp(source, flags);
      const button = [...(view?.document.querySelectorAll('button') ?? [])].find((b) =>
        wanted.test(b.getAttribute('aria-label') ?? b.textContent ?? ''),
      );
      button?.click();
      return Boolean(button);
    },
    { path: SIDE_PANEL_PATH, source: name.source, flags: name.flags },
  );
  if (!clicked) throw new Error(`no button ${name} in the side panel`);
}

/** Presses an overlay key (A, N, 1–9…) in the panel's recovery section. */
export async function pressInPanel(probe: Page, key: string): Promise<void> {
  const pressed = await probe.evaluate(
    ({ path, key: k }) => {
      const view = chrome.extension.getViews().find((w) => w.location.pathname === path);
      const section = view?.document.querySelector('[data-focus="panel"]');
      const Keyboard = (view as unknown as typeof globalThis | undefined)?.KeyboardEvent;
      if (Keyboard) section?.dispatchEvent(new Keyboard('keydown', { key: k, bubbles: true }));
      return Boolean(section);
    },
    { path: SIDE_PANEL_PATH, key },
  );
  if (!pressed) throw new Error('the side panel shows no recovery to press keys in');
}

/**
 * Waits until Chrome holds the panel enabled (or disabled), as the worker keeps it for where
 * the SE is looking: off on the call tab while none is open, on beside the demo.
 */
export async function waitForPanelEnabled(
  worker: Worker,
  enabled: boolean,
  timeoutMs = 5_000,
): Promise<void> {
  const current = () =>
    worker.evaluate(async () => (await chrome.sidePanel.getOptions({})).enabled);
  await waitFor(async () => (await current()) === enabled, timeoutMs, {
    message: `the side panel to be ${enabled ? 'enabled' : 'disabled'}`,
  });
}

/** Waits until no side panel of ours is open (throws after `timeoutMs`). */
export async function waitForPanelClosed(worker: Worker, timeoutMs = 5_000): Promise<void> {
  await waitFor(async () => (await openPanels(worker)) === 0, timeoutMs, {
    message: 'the side panel to close',
  });
}

/** The URL of the active tab of the last focused window, read from an extension page. */
export async function activeTabUrl(probe: Page): Promise<string | null> {
  return probe.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return tab?.url ?? null;
  });
}

/**
 * In the call page's main world: adds a button that calls getDisplayMedia (through the
 * extension's wrapper, as Meet would) and keeps the stream, and clicks it for real. Its outcome
 * lands in `document.body.dataset.e2eCapture`: 'true', or the error's name.
 */
export async function requestCapture(call: Page): Promise<void> {
  await call.evaluate(() => {
    const button = document.createElement('button');
    button.id = 'e2e-capture';
    button.textContent = 'Capture (e2e)';
    button.addEventListener('click', () => {
      navigator.mediaDevices.getDisplayMedia({ video: true }).then(
        (stream) => {
          (window as { e2eStream?: MediaStream }).e2eStream = stream;
          document.body.dataset.e2eCapture = 'true';
        },
        (error: Error) => (document.body.dataset.e2eCapture = error.name),
      );
    });
    document.body.prepend(button);
  });
  await call.click('#e2e-capture');
}

/** The outcome of requestCapture, once there is one (throws after `timeoutMs`). */
export async function captureOutcome(call: Page, timeoutMs = 15_000): Promise<string> {
  await call.waitForFunction(() => document.body.dataset.e2eCapture, null, { timeout: timeoutMs });
  return call.evaluate(() => document.body.dataset.e2eCapture ?? '');
}

/** requestCapture, then waits for the capture: what is captured is up to the auto-select switches. */
export async function startCapture(call: Page): Promise<void> {
  await requestCapture(call);
  const outcome = await captureOutcome(call);
  if (outcome !== 'true') throw new Error(`the capture failed: ${outcome}`);
}

/** Stops the capture startCapture made (the page stops its own tracks). */
export async function stopCapture(call: Page): Promise<void> {
  await call.evaluate(() => {
    const scope = window as { e2eStream?: MediaStream };
    for (const track of scope.e2eStream?.getTracks() ?? []) track.stop();
    delete scope.e2eStream;
    document.getElementById('e2e-capture')?.remove();
    delete document.body.dataset.e2eCapture;
  });
}

export interface FrameStats {
  width: number;
  height: number;
  /** Share of the frame's pixels that are clearly green (the demo fixture's one colour). */
  matching: number;
  /** Share of dark pixels, as the side panel's recovery background (#0f172a) is. */
  panelLike: number;
  /** The most common colour, as "r,g,b" (for failure messages). */
  dominant: string;
}

/** Grabs a frame of the capture, draws it to a canvas and counts its pixels. */
export async function captureFrameStats(call: Page): Promise<FrameStats> {
  return call.evaluate(async () => {
    const stream = (window as { e2eStream?: MediaStream }).e2eStream;
    if (!stream) throw new Error('no capture');
    const [track] = stream.getVideoTracks();
    if (!track) throw new Error('no video track');
    // ImageCapture works in a background tab (video frame callbacks do not fire there).
    type Grabber = { grabFrame(): Promise<ImageBitmap> };
    const Capture = (window as unknown as { ImageCapture: new (t: MediaStreamTrack) => Grabber })
      .ImageCapture;
    const grabber = new Capture(track);
    // A frame taken after the capture settled, not the first one Chromium had at hand.
    await grabber.grabFrame();
    await new Promise((done) => setTimeout(done, 300));
    const bitmap = await Promise.race([
      grabber.grabFrame(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('no frame from the capture within 10 s')), 10_000),
      ),
    ]);
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2d context');
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let matching = 0;
    let panelLike = 0;
    const counts = new Map<string, number>();
    for (let i = 0; i < data.length; i += 4) {
      const key = `${data[i]},${data[i + 1]},${data[i + 2]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      // Video colour conversion shifts levels (160 reads back as 140), so by kind, not value.
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      if (g > r + 60 && g > b + 30) matching += 1;
      else if (r < 70 && g < 70 && b < 90) panelLike += 1;
    }
    const pixels = data.length / 4;
    return {
      width: canvas.width,
      height: canvas.height,
      matching: matching / pixels,
      panelLike: panelLike / pixels,
      dominant: [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '',
    };
  });
}
