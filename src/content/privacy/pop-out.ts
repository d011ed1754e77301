/**
 * Pops the overlay out into a Document Picture-in-Picture window: always on top and outside the
 * shared tab or window, so the audience never sees it. The window belongs to the call page's
 * origin, so the overlay is rendered in a closed shadow root there too, with the overlay's own
 * styles copied in. Must be called from a trusted click (the browser requires user activation).
 */

/** Document Picture-in-Picture (Chrome 116+), missing from TypeScript's DOM typings. */
interface DocumentPictureInPicture {
  requestWindow(options?: { width?: number; height?: number }): Promise<Window>;
}

export interface PopOutOptions {
  /** Where the overlay's styles live (its shadow root): <style> elements and adopted sheets. */
  styles?: ShadowRoot | Document;
  /** Inner size in CSS px; the user can resize. */
  width?: number;
  height?: number;
  title?: string;
  /** The window closed (by the user, by close(), or with the tab): put the overlay back. */
  onClose?: () => void;
  /** The tab's window (tests pass a fake). */
  win?: Window;
}

export interface PopOut {
  readonly window: Window;
  /** Closes the window; onClose runs once either way. */
  close(): void;
}

export const POP_OUT_SIZE = { width: 380, height: 560 } as const;

/**
 * Firefox's content-script sandbox (Xray wrappers): XPCNativeWrapper re-wraps a page object
 * so this realm sees only its native DOM; unwrap gives the page's own object; cloneInto copies
 * a value into the page's realm. Missing in Chrome, whose isolated worlds need none of it.
 */
interface XraySandbox {
  XPCNativeWrapper?: (<T>(object: T) => T) & { unwrap<T>(object: T): T };
  cloneInto?: <T>(value: T, target: Window) => T;
}

/**
 * Asks for the window as the page. Called through the sandbox's wrappers, Firefox gives the
 * new window the content script's principal, and then denies us its document as cross-origin
 * (measured in Firefox ESR 153: SecurityError on `pip.document`; the page itself could read it).
 * Called with the page's own requestWindow, the window is the page's, as in Chrome, and
 * re-wrapped the content script draws in it. The page could replace that function, but it
 * learns nothing it does not already: the window is its origin's and announced to it (the
 * API's "enter" event).
 */
async function requestWindow(
  api: DocumentPictureInPicture,
  win: Window,
  size: { width: number; height: number },
): Promise<Window> {
  const { XPCNativeWrapper: xray, cloneInto } = globalThis as XraySandbox;
  if (!xray || !cloneInto) return api.requestWindow(size);
  const page = xray.unwrap(win) as Window & {
    DocumentPictureInPicture?: { prototype: DocumentPictureInPicture };
  };
  const pageRequest = page.DocumentPictureInPicture?.prototype.requestWindow;
  if (typeof pageRequest !== 'function') return api.requestWindow(size);
  const pip = (await Reflect.apply(pageRequest, xray.unwrap(api), [
    cloneInto(size, win),
  ])) as Window;
  return xray(pip);
}

function pictureInPicture(win: Window): DocumentPictureInPicture | null {
  const api = (win as Window & { documentPictureInPicture?: DocumentPictureInPicture })
    .documentPictureInPicture;
  return api && typeof api.requestWindow === 'function' ? api : null;
}

/** Whether to offer the pop-out control: Document PiP exists and this is a top-level page. */
export function isPopOutSupported(win: Window = window): boolean {
  return win === win.top && pictureInPicture(win) !== null;
}

function copyStyles(from: ShadowRoot | Document, into: ShadowRoot, doc: Document): void {
  for (const style of from.querySelectorAll('style')) {
    const copy = doc.createElement('style');
    copy.textContent = style.textContent;
    into.append(copy);
  }
  for (const sheet of from.adoptedStyleSheets ?? []) {
    const copy = doc.createElement('style');
    copy.textContent = Array.from(sheet.cssRules, (rule) => rule.cssText).join('\n');
    into.append(copy);
  }
}

/**
 * The new window's document. Should a browser open the window but deny a content script its
 * document (as Firefox does to a window requested through its wrappers, see requestWindow), the
 * window is closed again and the reason said plainly.
 */
function documentOf(pip: Window): Document {
  try {
    return pip.document;
  } catch {
    pip.close();
    throw new Error('this browser does not let the extension draw in that window');
  }
}

/**
 * Opens the window and calls `render(container)`; the cleanup it returns runs when the window
 * closes, then `onClose`. Rejects when Document PiP is unavailable or the browser refuses
 * (e.g. NotAllowedError without a user gesture).
 */
export async function openPopOut(
  render: (container: HTMLElement) => () => void,
  {
    styles,
    width = POP_OUT_SIZE.width,
    height = POP_OUT_SIZE.height,
    title = 'Demo Rescue',
    onClose,
    win = window,
  }: PopOutOptions = {},
): Promise<PopOut> {
  const api = pictureInPicture(win);
  if (!api) throw new Error('This browser cannot pop the overlay out.');
  const pip = await requestWindow(api, win, { width, height });
  const doc = documentOf(pip);
  doc.title = title;
  doc.body.style.margin = '0';
  const host = doc.createElement('div');
  const root = host.attachShadow({ mode: 'closed' });
  if (styles) copyStyles(styles, root, doc);
  const container = doc.createElement('div');
  root.append(container);
  doc.body.append(host);

  let cleanup: (() => void) | null = render(container);
  const finish = () => {
    if (!cleanup) return;
    const done = cleanup;
    cleanup = null;
    try {
      done();
    } finally {
      onClose?.();
    }
  };
  pip.addEventListener('pagehide', finish, { once: true });
  return {
    window: pip,
    close() {
      finish();
      pip.close();
    },
  };
}
