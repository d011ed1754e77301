/**
 * The overlay's host element and its closed shadow root, reached through CDP: a `pierce`d DOM
 * tree finds them, and functions run on their nodes in an isolated world of our own, so page
 * scripts cannot lie to the tests. Every function takes the CDP session to use.
 */
import type { CDPSession } from 'playwright-core';
import { OVERLAY_HOST_TAG } from '../../../src/shared/constants';

/** Same world name ⇒ same context per frame; immune to the page patching its own globals. */
const HARNESS_WORLD = 'e2e-harness';

export interface DomNode {
  nodeId: number;
  backendNodeId: number;
  nodeType: number;
  nodeName: string;
  localName: string;
  nodeValue: string;
  /** Flat name, value, name, value… list (elements only). */
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
  shadowRootType?: string;
  contentDocument?: DomNode;
  frameId?: string;
}

export interface HostInfo {
  host: DomNode;
  shadowRoot: DomNode | null;
  frameId: string;
  hostCount: number;
}

/**
 * The first element named `tag` in any frame of the page (the tree pierces shadow roots and
 * frames), with its closed shadow root.
 */
export async function findHostElement(session: CDPSession, tag: string): Promise<HostInfo | null> {
  const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
  const { frameTree } = await session.send('Page.getFrameTree');
  const hosts: Array<{ node: DomNode; frameId: string }> = [];
  const walk = (node: DomNode, frameId: string) => {
    if (node.localName === tag) hosts.push({ node, frameId });
    for (const child of node.children ?? []) walk(child, frameId);
    for (const shadow of node.shadowRoots ?? []) walk(shadow, frameId);
    if (node.contentDocument) walk(node.contentDocument, node.frameId ?? frameId);
  };
  walk(root as DomNode, frameTree.frame.id);
  const first = hosts[0];
  if (!first) return null;
  const shadowRoot = first.node.shadowRoots?.find((r) => r.shadowRootType !== 'user-agent') ?? null;
  return { host: first.node, shadowRoot, frameId: first.frameId, hostCount: hosts.length };
}

/** The overlay's host element (OVERLAY_HOST_TAG), as findHostElement finds it. */
export const findOverlayHost = (session: CDPSession) => findHostElement(session, OVERLAY_HOST_TAG);

/**
 * Runs `functionDeclaration` (source; `this` = the node, extra nodes as arguments) in an
 * isolated world of `frameId`, returning the result by value.
 */
export async function callOnNode<T>(
  session: CDPSession,
  frameId: string,
  backendNodeId: number,
  functionDeclaration: string,
  argNodeIds: number[] = [],
): Promise<T> {
  const { executionContextId } = await session.send('Page.createIsolatedWorld', {
    frameId,
    worldName: HARNESS_WORLD,
  });
  const objectIds: string[] = [];
  const resolve = async (id: number) => {
    const { object } = await session.send('DOM.resolveNode', {
      backendNodeId: id,
      executionContextId,
    });
    if (!object.objectId) throw new Error(`could not resolve node ${id}`);
    objectIds.push(object.objectId);
    return object.objectId;
  };
  try {
    const objectId = await resolve(backendNodeId);
    const args = [];
    for (const id of argNodeIds) args.push({ objectId: await resolve(id) });
    const { result, exceptionDetails } = await session.send('Runtime.callFunctionOn', {
      objectId,
      functionDeclaration,
      arguments: args,
      returnByValue: true,
    });
    if (exceptionDetails) {
      throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    }
    return result.value as T;
  } finally {
    for (const objectId of objectIds) {
      await session.send('Runtime.releaseObject', { objectId }).catch(() => undefined);
    }
  }
}

/** Whitespace runs as one space, trimmed. */
export const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Every text node under `node`, shadow trees included, without <style>/<script>/<template>. */
export function shadowText(node: DomNode): string {
  if (node.nodeType === 3) return node.nodeValue;
  if (['STYLE', 'SCRIPT', 'TEMPLATE'].includes(node.nodeName)) return '';
  return [...(node.shadowRoots ?? []), ...(node.children ?? [])].map(shadowText).join(' ');
}

/** backendNodeIds of `node` and everything under it, shadow trees included. */
export function descendantIds(node: DomNode, into = new Set<number>()): Set<number> {
  into.add(node.backendNodeId);
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
    descendantIds(child, into);
  }
  return into;
}

/** The first element under `node` (shadow trees included) whose attribute `name` is `value`. */
export function elementWithAttribute(node: DomNode, name: string, value: string): DomNode | null {
  const attributes = node.attributes ?? [];
  for (let i = 0; i + 1 < attributes.length; i += 2) {
    if (attributes[i] === name && attributes[i + 1] === value) return node;
  }
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
    const found = elementWithAttribute(child, name, value);
    if (found) return found;
  }
  return null;
}

/** Center of a node's border box in page (root frame) coordinates, after scrolling it in. */
export async function nodeCenter(session: CDPSession, backendNodeId: number) {
  await session.send('DOM.scrollIntoViewIfNeeded', { backendNodeId }).catch(() => undefined);
  const { model } = await session.send('DOM.getBoxModel', { backendNodeId });
  const q = model.border;
  const xs = [q[0], q[2], q[4], q[6]] as number[];
  const ys = [q[1], q[3], q[5], q[7]] as number[];
  return {
    x: (Math.min(...xs) + Math.max(...xs)) / 2,
    y: (Math.min(...ys) + Math.max(...ys)) / 2,
  };
}
