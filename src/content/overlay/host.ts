/**
 * The one element the overlay adds to a page. Its own box is styled inline with !important
 * (inline important declarations beat any page stylesheet), it holds a closed shadow root with
 * all our styles, and it is shown as a manual popover: the top layer sits above every z-index
 * and fullscreen element, and ignores transforms, filters or clipping on the page's ancestors.
 */
import type { OverlayCorner, Settings } from '../../domain/settings';
import type { OverlayLayout } from '../../recovery/store';
import { OVERLAY_CSS } from '../../recovery/styles';

const EDGE = 16;

/** `all: initial` first, so every property we do not set is the CSS default, not the page's. */
const BASE_DECLARATIONS: readonly [string, string][] = [
  ['all', 'initial'],
  ['display', 'block'],
  ['position', 'fixed'],
  ['z-index', '2147483647'],
  ['visibility', 'visible'],
  ['inset', 'auto'],
  ['margin', '0'],
  ['padding', '0'],
  ['border', '0'],
  ['width', 'auto'],
  ['height', 'auto'],
  ['min-width', '0'],
  ['min-height', '0'],
  ['max-width', 'none'],
  ['max-height', 'none'],
  ['overflow', 'visible'],
  ['background', 'transparent'],
  ['transform', 'none'],
  ['translate', 'none'],
  ['scale', 'none'],
  ['rotate', 'none'],
  ['zoom', '1'],
  ['filter', 'none'],
  ['clip-path', 'none'],
  ['pointer-events', 'auto'],
  ['user-select', 'auto'],
  ['color-scheme', 'light dark'],
  ['font-size', '14px'],
];

export interface HostPosition {
  left?: number;
  top?: number;
  corner?: OverlayCorner;
}

function positionDeclarations(position: HostPosition): [string, string][] {
  if (position.left !== undefined && position.top !== undefined) {
    return [
      ['left', `${Math.round(position.left)}px`],
      ['top', `${Math.round(position.top)}px`],
    ];
  }
  const corner = position.corner ?? 'top-right';
  const [vertical, horizontal] = corner.split('-') as ['top' | 'bottom', 'left' | 'right'];
  return [
    [vertical, `${EDGE}px`],
    [horizontal, `${EDGE}px`],
  ];
}

export function applyHostStyle(host: HTMLElement, position: HostPosition, opacity: number): void {
  const declarations = [
    ...BASE_DECLARATIONS,
    ['opacity', String(opacity)],
    ...positionDeclarations(position),
  ];
  host.style.cssText = declarations
    .map(([name, value]) => `${name}: ${value} !important;`)
    .join('');
}

export interface Viewport {
  width: number;
  height: number;
}

/** Keeps a box of `size` fully inside the viewport (top-left wins if it cannot fit). */
export function clampToViewport(
  left: number,
  top: number,
  size: { width: number; height: number },
  viewport: Viewport,
): { left: number; top: number } {
  return {
    left: Math.max(0, Math.min(left, viewport.width - size.width)),
    top: Math.max(0, Math.min(top, viewport.height - size.height)),
  };
}

export function viewportOf(doc: Document): Viewport {
  return {
    width: doc.documentElement.clientWidth || doc.defaultView?.innerWidth || 0,
    height: doc.documentElement.clientHeight || doc.defaultView?.innerHeight || 0,
  };
}

/** Where the host goes for this layout and these settings, clamped to the viewport. */
export function hostPosition(
  host: HTMLElement,
  layout: OverlayLayout,
  settings: Settings,
  doc: Document,
): HostPosition {
  if (layout.left === null || layout.top === null) return { corner: settings.overlayCorner };
  const rect = host.getBoundingClientRect();
  return clampToViewport(layout.left, layout.top, rect, viewportOf(doc));
}

/**
 * Undoes what a page may have done to the host: put it back in the document (once there is a
 * root element again), drop `hidden`/`inert`, restore its popover and its inline style (`css`,
 * as the browser serialised it when we set it), and reopen it in the top layer. Cheap when
 * nothing changed: a page may do this at any time, so it runs with every clock tick.
 */
export function reassertHost(host: HTMLElement, doc: Document, css: string): boolean {
  const rootElement = doc.documentElement;
  if (!host.isConnected) {
    if (!rootElement) return false;
    rootElement.append(host);
  }
  for (const name of ['hidden', 'inert']) if (host.hasAttribute(name)) host.removeAttribute(name);
  if (host.getAttribute('popover') !== 'manual') host.setAttribute('popover', 'manual');
  if (host.style.cssText !== css) host.style.cssText = css;
  if (typeof host.showPopover === 'function' && !host.matches(':popover-open')) raiseHost(host);
  return true;
}

/** Puts the host back on top of the top layer (e.g. after the page went fullscreen). */
export function raiseHost(host: HTMLElement): void {
  if (typeof host.showPopover !== 'function' || !host.isConnected) return;
  if (host.matches(':popover-open')) host.hidePopover();
  host.showPopover();
}

export interface OverlayHost {
  host: HTMLElement;
  root: ShadowRoot;
}

/**
 * The host: our tag, unless the page claimed it. A page can define a custom element of that name
 * first; its class then owns our element (its constructor may attach a shadow root of its own,
 * its callbacks hide or remove it). In a content script the element is upgraded when it is
 * inserted (the isolated world has no registry of its own), in the page's world when created:
 * either way it is then `:defined`, and a `<div>`, which no page can define, takes over.
 */
function attachHost(doc: Document, tag: string): OverlayHost {
  const custom = doc.createElement(tag);
  if (!custom.matches(':defined')) {
    try {
      const host = prepare(custom);
      doc.documentElement.append(host.host);
      // Upgraded by the page's definition on insertion (a failed upgrade stays undefined).
      if (!custom.matches(':defined')) return host;
      custom.remove();
    } catch {
      // Shadow roots refused for that name: fall through.
    }
  }
  const plain = prepare(doc.createElement('div'));
  doc.documentElement.append(plain.host);
  return plain;
}

/** Style, popover and closed root with our stylesheet, before the host is inserted. */
function prepare(host: HTMLElement): OverlayHost {
  const root = host.attachShadow({ mode: 'closed' });
  applyHostStyle(host, {}, 1);
  host.setAttribute('popover', 'manual');
  // A constructed sheet is CSSOM, so no page CSP or Trusted Types policy can refuse it.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(OVERLAY_CSS);
  root.adoptedStyleSheets = [sheet];
  return { host, root };
}

export function createHost(doc: Document, tag: string): OverlayHost {
  // <html>, not <body>: single-page apps replace body content, rarely the root's children.
  const created = attachHost(doc, tag);
  raiseHost(created.host);
  return created;
}
