/** Where the overlay host is and whether it can be seen (computed styles, box, hit test). */
import type { Page } from 'playwright-core';
import { cdpSession } from './cdp';
import { callOnNode, findOverlayHost } from './overlay-host';
import { waitFor } from './wait';

export interface OverlayBox {
  present: boolean;
  /** Border box in page coordinates (null when the host has no layout box). */
  box: { x: number; y: number; width: number; height: number } | null;
  display: string;
  visibility: string;
  opacity: number;
  zIndex: string;
  position: string;
  pointerEvents: string;
  /** checkVisibility() honouring visibility and opacity, and a non-empty box. */
  visible: boolean;
  /** Whether the host is the element hit at its box center (nothing covers it there). */
  topmost: boolean;
}

const BOX_FN = `function (root) {
  const style = getComputedStyle(this);
  const rect = this.getBoundingClientRect();
  // The host may itself be zero-sized with fixed-position content inside its shadow tree
  // (passed in as \`root\`: a closed root is not reachable through this.shadowRoot).
  let left = rect.left, top = rect.top, right = rect.right, bottom = rect.bottom;
  const inner = [];
  if (root) for (const el of root.querySelectorAll('*')) inner.push(el.getBoundingClientRect());
  if (!(rect.width > 0 && rect.height > 0)) {
    const boxes = inner.filter((r) => r.width > 0 && r.height > 0);
    if (boxes.length) {
      left = Math.min(...boxes.map((r) => r.left));
      top = Math.min(...boxes.map((r) => r.top));
      right = Math.max(...boxes.map((r) => r.right));
      bottom = Math.max(...boxes.map((r) => r.bottom));
    }
  }
  const width = right - left, height = bottom - top;
  const hit = width > 0 && height > 0
    ? document.elementFromPoint(left + width / 2, top + height / 2)
    : null;
  return {
    rect: width > 0 && height > 0 ? { x: left, y: top, width, height } : null,
    display: style.display,
    visibility: style.visibility,
    opacity: Number(style.opacity),
    zIndex: style.zIndex,
    position: style.position,
    pointerEvents: style.pointerEvents,
    checkVisible: this.checkVisibility({ visibilityProperty: true, opacityProperty: true }),
    topmost: hit === this,
  };
}`;

interface BoxResult {
  rect: { x: number; y: number; width: number; height: number } | null;
  display: string;
  visibility: string;
  opacity: number;
  zIndex: string;
  position: string;
  pointerEvents: string;
  checkVisible: boolean;
  topmost: boolean;
}

/**
 * The overlay host's box and computed visibility (computed in an isolated world, so page
 * scripts cannot lie). The box is the host's own, or the union of its shadow content when the
 * host itself is zero-sized; it is in the host frame's viewport coordinates.
 */
export async function overlayBox(
  page: Page,
  { timeoutMs = 5_000 }: { timeoutMs?: number } = {},
): Promise<OverlayBox> {
  const absent: OverlayBox = {
    present: false,
    box: null,
    display: '',
    visibility: '',
    opacity: 0,
    zIndex: '',
    position: '',
    pointerEvents: '',
    visible: false,
    topmost: false,
  };
  const measure = async (): Promise<OverlayBox> => {
    const session = await cdpSession(page);
    const found = await findOverlayHost(session);
    if (!found) return absent;
    const r = await callOnNode<BoxResult>(
      session,
      found.frameId,
      found.host.backendNodeId,
      BOX_FN,
      found.shadowRoot ? [found.shadowRoot.backendNodeId] : [],
    );
    return {
      present: true,
      box: r.rect,
      display: r.display,
      visibility: r.visibility,
      opacity: r.opacity,
      zIndex: r.zIndex,
      position: r.position,
      pointerEvents: r.pointerEvents,
      visible: r.checkVisible && r.rect !== null,
      topmost: r.topmost,
    };
  };
  return waitFor(measure, timeoutMs, { message: 'overlay box' });
}
