/**
 * Helpers for the private text field E2E tests: a call-page eavesdropper (every keyboard,
 * input, composition, clipboard and focus event the page can hear, capture phase on window and
 * document) and the overlay's private field frames.
 */
import type { Frame, Page } from 'playwright-core';
import type { PrivateFieldKind } from '../../src/shared/private-field';
import { cdpSession, waitFor } from './harness';

export interface Overheard {
  type: string;
  key: string | null;
  data: string | null;
  /** What the event's target holds, if it is a field the page can read. */
  value: string | null;
}

const EAVESDROPPED = [
  'keydown',
  'keyup',
  'keypress',
  'input',
  'beforeinput',
  'textInput',
  'compositionstart',
  'compositionupdate',
  'compositionend',
  'paste',
  'copy',
  'cut',
  'focusin',
  'focusout',
];

/** Adds the page's listeners (in its main world). */
export async function installEavesdropper(page: Page): Promise<void> {
  await page.evaluate((types) => {
    const heard: unknown[] = [];
    (window as unknown as { overheard: unknown[] }).overheard = heard;
    let last: Event | null = null;
    const listen = (event: Event) => {
      // Heard on window, then on document: keep one.
      if (event === last) return;
      last = event;
      const target = event.composedPath()[0] as { value?: unknown } | undefined;
      heard.push({
        type: event.type,
        key: 'key' in event ? String((event as KeyboardEvent).key) : null,
        data: 'data' in event ? ((event as InputEvent).data ?? null) : null,
        value: typeof target?.value === 'string' ? target.value : null,
      });
    };
    for (const type of types) {
      window.addEventListener(type, listen, true);
      document.addEventListener(type, listen, true);
    }
  }, EAVESDROPPED);
}

/** What the page's listeners heard. */
export async function overheard(page: Page): Promise<Overheard[]> {
  return page.evaluate(() => (window as unknown as { overheard: Overheard[] }).overheard);
}

/** The overlay's private field frame of this kind (a child frame of the page). */
export async function privateFieldFrame(page: Page, kind: PrivateFieldKind): Promise<Frame> {
  return waitFor(
    () =>
      page
        .frames()
        .find(
          (frame) =>
            frame.url().startsWith('chrome-extension://') &&
            new URL(frame.url()).searchParams.get('field') === kind,
        ) ?? null,
    5_000,
    { message: `the ${kind} private field frame` },
  );
}

/** The src of every chrome-extension:// iframe in the page, closed shadow roots included (CDP). */
export async function extensionFrameSources(page: Page): Promise<string[]> {
  const session = await cdpSession(page);
  const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
  type Node = {
    localName?: string;
    attributes?: string[];
    children?: Node[];
    shadowRoots?: Node[];
  };
  const sources: string[] = [];
  const walk = (node: Node) => {
    if (node.localName === 'iframe') {
      const attributes = node.attributes ?? [];
      const src = attributes[attributes.indexOf('src') + 1];
      if (attributes.includes('src') && src?.startsWith('chrome-extension://')) sources.push(src);
    }
    for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) walk(child);
  };
  walk(root as Node);
  return sources;
}
