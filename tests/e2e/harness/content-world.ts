/** The isolated worlds the extension's content scripts run in: finding them, evaluating there. */
import type { Page } from 'playwright-core';
import { cdpSession } from './cdp';
import { EXTENSION_NAME } from './paths';
import { sleep, waitFor, waitUntil } from './wait';

export interface ScriptContext {
  id: number;
  name: string;
  origin: string;
  frameId: string;
  frameUrl: string;
}

type LiveContext = Omit<ScriptContext, 'frameUrl'>;

/**
 * Watches the page's isolated-world execution contexts that belong to the extension while
 * `during(frameCount)` runs, then lists them with their frame URLs.
 */
async function watchContentScriptContexts(
  page: Page,
  during: (frameCount: () => number) => Promise<unknown>,
): Promise<ScriptContext[]> {
  const session = await page.context().newCDPSession(page);
  const live = new Map<number, LiveContext>();
  session.on('Runtime.executionContextCreated', ({ context }) => {
    const aux = (context.auxData ?? {}) as { type?: string; frameId?: string };
    const ours =
      aux.type === 'isolated' &&
      (context.name === EXTENSION_NAME || context.origin.startsWith('chrome-extension://'));
    if (ours) {
      live.set(context.id, {
        id: context.id,
        name: context.name,
        origin: context.origin,
        frameId: aux.frameId ?? '',
      });
    }
  });
  session.on('Runtime.executionContextDestroyed', ({ executionContextId }) => {
    live.delete(executionContextId);
  });
  session.on('Runtime.executionContextsCleared', () => live.clear());
  try {
    await session.send('Runtime.enable');
    await during(() => new Set([...live.values()].map((c) => c.frameId)).size);
    const urls = new Map<string, string>();
    const { frameTree } = await session.send('Page.getFrameTree');
    const visit = (tree: typeof frameTree) => {
      urls.set(tree.frame.id, tree.frame.url + (tree.frame.urlFragment ?? ''));
      for (const child of tree.childFrames ?? []) visit(child);
    };
    visit(frameTree);
    return [...live.values()].map((c) => ({ ...c, frameUrl: urls.get(c.frameId) ?? '' }));
  } finally {
    await session.detach().catch(() => undefined);
  }
}

/**
 * Lists the isolated-world execution contexts the extension's content scripts run in, one per
 * injected frame (name "Demo Rescue", origin chrome-extension://<id>). Waits until at least
 * `minFrames` frames have one; throws if they do not within `timeoutMs`.
 */
export async function contentScriptContexts(
  page: Page,
  { minFrames = 1, timeoutMs = 5_000 }: { minFrames?: number; timeoutMs?: number } = {},
): Promise<ScriptContext[]> {
  return watchContentScriptContexts(page, (frameCount) =>
    waitUntil(frameCount, (count) => count >= minFrames, timeoutMs, {
      message: `content scripts in ${minFrames} frame(s) of ${page.url()} (value: frames with one)`,
    }),
  );
}

/**
 * The content-script contexts present after watching the page for `ms`: for checks that none
 * arrive (contentScriptContexts would throw, since it waits for at least one frame).
 */
export async function contentScriptContextsAfter(page: Page, ms: number): Promise<ScriptContext[]> {
  return watchContentScriptContexts(page, () => sleep(ms));
}

/**
 * Evaluates `source` in the content scripts' isolated world of the page's top frame, awaiting
 * a promise it returns.
 */
export async function inContentWorld(page: Page, source: string): Promise<unknown> {
  const session = await cdpSession(page);
  const { frameTree } = await session.send('Page.getFrameTree');
  const topFrame = frameTree.frame.id;
  // Runtime.enable reports the contexts that exist already, so each read sees the current ones.
  const world = await waitFor(
    async () =>
      (await contentScriptContextsAfter(page, 0)).find((c) => c.frameId === topFrame) ?? null,
    5_000,
    { message: `a content-script world in the top frame of ${page.url()}` },
  );
  const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
    expression: source,
    contextId: world.id,
    returnByValue: true,
    awaitPromise: true,
  });
  if (exceptionDetails) throw new Error(exceptionDetails.text);
  return result.value;
}
