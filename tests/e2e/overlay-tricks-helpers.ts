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
