/** What the overlay shows: its text and rendered text, read through the closed shadow root. */
import type { Page } from 'playwright-core';
import { cdpSession } from './cdp';
import { callOnNode, collapse, findOverlayHost, shadowText } from './overlay-host';
import { waitUntil } from './wait';

export interface OverlaySnapshot {
  /** A `demo-rescue-overlay` element exists in some frame of the page. */
  present: boolean;
  /** How many hosts exist (should never exceed 1). */
  hostCount: number;
  /** 'closed' expected; null when absent or without shadow root. */
  shadowRootType: string | null;
  /** All text nodes of the shadow tree (no <style>/<script>), whitespace-collapsed. */
  text: string;
  /** What is rendered: innerText of the shadow tree's visible elements, whitespace-collapsed. */
  visibleText: string;
  /** CDP frame id of the document holding the host. */
  frameId: string | null;
}

const ABSENT: OverlaySnapshot = {
  present: false,
  hostCount: 0,
  shadowRootType: null,
  text: '',
  visibleText: '',
  frameId: null,
};

const VISIBLE_TEXT_FN = `function () {
  const parts = [];
  for (const child of this.children) {
    if (child.localName === 'style' || child.localName === 'script') continue;
    if (!child.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
    parts.push(child.innerText);
  }
  return parts.join('\\n');
}`;

async function snapshotOverlay(page: Page): Promise<OverlaySnapshot> {
  const session = await cdpSession(page);
  const found = await findOverlayHost(session);
  if (!found) return ABSENT;
  const { host, shadowRoot, frameId, hostCount } = found;
  const visibleText = shadowRoot
    ? await callOnNode<string>(session, frameId, shadowRoot.backendNodeId, VISIBLE_TEXT_FN)
    : '';
  return {
    present: true,
    hostCount,
    shadowRootType: shadowRoot?.shadowRootType ?? null,
    text: collapse(shadowRoot ? shadowText(shadowRoot) : shadowText(host)),
    visibleText: collapse(visibleText),
    frameId,
  };
}

/**
 * Reads the overlay through its closed shadow root, retrying CDP hiccups (the call pages
 * re-render constantly). With `until`, polls until it holds and returns that snapshot; at
 * `timeoutMs` it throws with the last snapshot seen. `what` names the condition in that error.
 */
export async function readOverlay(
  page: Page,
  {
    until,
    what,
    timeoutMs = 5_000,
  }: {
    until?: (snapshot: OverlaySnapshot) => boolean;
    what?: string;
    timeoutMs?: number;
  } = {},
): Promise<OverlaySnapshot> {
  const condition = until ?? (() => true);
  const described =
    what ?? (until ? `overlay snapshot where ${until.toString()}` : 'an overlay snapshot');
  return waitUntil(() => snapshotOverlay(page), condition, timeoutMs, { message: described });
}
