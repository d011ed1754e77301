/**
 * Reading overlay hosts the harness cannot name: when a page squats on our tag, the overlay is
 * drawn in a plain element. Every child of <html> with a closed shadow root, its text (CDP
 * pierces the closed root) and whether it has a layout box with a size.
 */
import type { Page } from 'playwright-core';
import { cdpSession } from './harness';

export interface ClosedHost {
  localName: string;
  text: string;
  visible: boolean;
}

interface DomNode {
  nodeType: number;
  nodeName: string;
  localName: string;
  nodeValue: string;
  backendNodeId: number;
  children?: DomNode[];
  shadowRoots?: (DomNode & { shadowRootType?: string })[];
}

export async function closedHostTexts(page: Page): Promise<ClosedHost[]> {
  const session = await cdpSession(page);
  const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
  const html = (root as DomNode).children?.find((n) => n.localName === 'html');
  const text = (node: DomNode): string =>
    node.nodeType === 3
      ? node.nodeValue
      : node.nodeName === 'STYLE'
        ? ''
        : [...(node.shadowRoots ?? []), ...(node.children ?? [])].map(text).join(' ');
  const hosts: ClosedHost[] = [];
  for (const child of html?.children ?? []) {
    const closed = child.shadowRoots?.find((r) => r.shadowRootType === 'closed');
    if (!closed) continue;
    const box = await session
      .send('DOM.getBoxModel', { backendNodeId: child.backendNodeId })
      .catch(() => null);
    hosts.push({
      localName: child.localName,
      text: text(closed).replace(/\s+/g, ' ').trim(),
      visible: !!box && box.model.width > 0 && box.model.height > 0,
    });
  }
  return hosts;
}

export interface PanelLayout {
  panel: { left: number; right: number };
  /** Buttons and list items whose box reaches past the panel's sides. */
  outside: string[];
  scrollWidth: number;
  clientWidth: number;
}

/** Measures the overlay panel (in the host `tag`'s closed root) and what sticks out of it. */
export async function panelLayout(page: Page, tag: string): Promise<PanelLayout> {
  const session = await cdpSession(page);
  const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
  const html = (root as DomNode).children?.find((n) => n.localName === 'html');
  const host = html?.children?.find((n) => n.localName === tag);
  const shadow = host?.shadowRoots?.find((r) => r.shadowRootType === 'closed');
  if (!shadow) throw new Error(`no ${tag} with a closed shadow root`);
  const { object } = await session.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
  const { result } = await session.send('Runtime.callFunctionOn', {
    objectId: object.objectId!,
    returnByValue: true,
    functionDeclaration: `function () {
      const panel = this.querySelector('.panel');
      const box = panel.getBoundingClientRect();
      const outside = [...panel.querySelectorAll('button, li')]
        .filter((el) => { const r = el.getBoundingClientRect(); return r.left < box.left - 1 || r.right > box.right + 1; })
        .map((el) => el.localName + ': ' + el.textContent.slice(0, 40));
      return { panel: { left: box.left, right: box.right }, outside, scrollWidth: panel.scrollWidth, clientWidth: panel.clientWidth };
    }`,
  });
  return result.value as PanelLayout;
}
