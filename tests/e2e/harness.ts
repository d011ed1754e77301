/**
 * Real-Chromium end-to-end harness for Demo Rescue.
 *
 * Everything here drives the built extension (dist/) in Debian Chromium through playwright-core.
 * There is no network: call pages are served from tests/fixtures/ via context routing and every
 * other http(s) request gets a 404. The overlay lives in a closed shadow root, so overlay helpers
 * go through CDP (DOM with `pierce`, Accessibility, an isolated world) instead of locators.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  chromium,
  type BrowserContext,
  type CDPSession,
  type Page,
  type Route,
  type Worker,
} from 'playwright-core';
import { sleep, waitFor, waitUntil, withTimeout } from './harness/wait';

const execFileAsync = promisify(execFile);

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Absolute path of the built extension (run `npx vite build` first). */
export const DIST_DIR = resolve(REPO_ROOT, 'dist');
export const FIXTURES_DIR = resolve(REPO_ROOT, 'tests/fixtures');
/** Chromium binary: $CHROMIUM_PATH or Debian's /usr/bin/chromium. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Name Chromium gives the content scripts' isolated world (the manifest `name`). */
export const EXTENSION_NAME = 'Demo Rescue';
/** Tag of the overlay host element (OVERLAY_HOST_TAG in src/shared/constants.ts). */
export const OVERLAY_HOST_TAG = 'demo-rescue-overlay';
/** The command declared in the manifest (Ctrl+Shift+9). */
export const START_RECOVERY_COMMAND = 'start-recovery';

export const MEET_URL = 'https://meet.google.com/abc-defg-hij';
export const ZOOM_URL = 'https://app.zoom.us/wc/123456789/join';
/** URL of the Zoom client iframe inside ZOOM_URL. */
export const ZOOM_CLIENT_URL = 'https://app.zoom.us/wc/123456789/start?fromPWA=1&pwd=abcdef';

/**
 * Extra launch args that make getDisplayMedia succeed without a picker (fake screen source).
 * Pass them to launchExtension({ args: SCREEN_SHARE_ARGS }) in tests that click "Present now".
 */
/**
 * Switches for a root, GPU-less machine with no internet: without the networking ones Chromium
 * keeps trying (and failing) to reach Google's services.
 */
export const OFFLINE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SCREEN_SHARE_ARGS = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

/** Pages the extension ships (paths relative to dist/). */
export type ExtensionPagePath =
  | 'src/popup/index.html'
  | 'src/options/index.html'
  | 'src/practice/index.html'
  | 'src/report/index.html'
  | (string & {});

const HARNESS_WORLD = 'e2e-harness';

// ---------------------------------------------------------------------------------------------
// Small utilities
// ---------------------------------------------------------------------------------------------

export { sleep, waitFor, waitUntil, WaitTimeoutError, type WaitOptions } from './harness/wait';

/** True when an X display is available (headed runs, xdotool). */
export const hasDisplay = () => Boolean(process.env.DISPLAY);

/** dist/manifest.json as built (throws with a hint when dist/ is missing). */
export function readBuiltManifest(): chrome.runtime.ManifestV3 {
  const file = join(DIST_DIR, 'manifest.json');
  if (!existsSync(file)) throw new Error(`${file} not found: run \`npx vite build\` first`);
  return JSON.parse(readFileSync(file, 'utf8')) as chrome.runtime.ManifestV3;
}

// ---------------------------------------------------------------------------------------------
// Launching
// ---------------------------------------------------------------------------------------------

export interface LaunchOptions {
  /** Show the browser window (needs DISPLAY, e.g. under xvfb-run). Default: headless. */
  headed?: boolean;
  /** Extra Chromium switches, e.g. SCREEN_SHARE_ARGS. */
  args?: string[];
}

export interface ExtensionHarness {
  context: BrowserContext;
  extensionId: string;
  /** The extension service worker as first seen (see waitForServiceWorker after a stop). */
  worker: Worker;
  /** Temporary profile directory, removed by close(). */
  userDataDir: string;
  close(): Promise<void>;
}

const extensionWorkerOf = (context: BrowserContext) =>
  context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));

/**
 * Launches Chromium with dist/ loaded as an unpacked extension in a fresh temporary profile and
 * waits for its service worker. Launch once per test file (beforeAll) and close() in afterAll.
 */
export async function launchExtension(options: LaunchOptions = {}): Promise<ExtensionHarness> {
  const headed = options.headed ?? false;
  readBuiltManifest();
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: set CHROMIUM_PATH`);
  }
  if (headed && !hasDisplay()) {
    throw new Error('launchExtension({ headed: true }) needs DISPLAY (run under xvfb-run)');
  }
  const args = [
    `--disable-extensions-except=${DIST_DIR}`,
    `--load-extension=${DIST_DIR}`,
    ...OFFLINE_ARGS,
    ...(options.args ?? []),
  ];

  // Playwright adds --disable-extensions; --disable-extensions-except overrides it in
  // Chromium 156. If the worker still does not show up, retry without that default switch.
  for (const ignoreDefaultArgs of [undefined, ['--disable-extensions']]) {
    const userDataDir = await mkdtemp(join(tmpdir(), 'demo-rescue-e2e-'));
    const context = await chromium
      .launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM_PATH,
        headless: !headed,
        args,
        ...(ignoreDefaultArgs ? { ignoreDefaultArgs } : {}),
        timeout: 30_000,
      })
      .catch(async (error: unknown) => {
        await rm(userDataDir, { recursive: true, force: true }).catch(() => undefined);
        throw error;
      });
    const close = async () => {
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 5 }).catch(() => undefined);
    };
    try {
      const worker =
        extensionWorkerOf(context) ??
        (await context.waitForEvent('serviceworker', {
          predicate: (w) => w.url().startsWith('chrome-extension://'),
          timeout: 15_000,
        }));
      const extensionId = new URL(worker.url()).host;
      return { context, extensionId, worker, userDataDir, close };
    } catch (error) {
      await close();
      if (ignoreDefaultArgs) throw error;
    }
  }
  throw new Error('unreachable');
}

/** Opens chrome-extension://<id>/<path> in a new tab and waits for `load`. */
export async function openExtensionPage(
  context: BrowserContext,
  extensionId: string,
  path: ExtensionPagePath,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/${path.replace(/^\//, '')}`);
  return page;
}

// ---------------------------------------------------------------------------------------------
// Fixture routing (no network)
// ---------------------------------------------------------------------------------------------

export type FixtureName = 'meet' | 'zoom' | 'zoom-client';

export interface CallPageOptions {
  /** CSS added in a <style> at the end of <head> of every fixture document (incl. iframes). */
  extraCss?: string;
  /** Script source run as the first <script> of every fixture document, before its own code. */
  pageScript?: string;
}

type HtmlSource = string | ((url: URL) => string);

interface Override {
  matches: (url: string) => boolean;
  html: HtmlSource;
}

interface RouterState {
  options: CallPageOptions;
  overrides: Override[];
}

const routers = new WeakMap<BrowserContext, Promise<RouterState>>();

/**
 * Fixture HTML with `options` injected. Useful with serveHtml() to serve a variant of a call
 * page at another URL (e.g. the same Meet page on an origin the extension does not match).
 */
export function fixtureHtml(name: FixtureName, options: CallPageOptions = {}): string {
  let html = readFileSync(join(FIXTURES_DIR, `${name}.html`), 'utf8');
  if (options.pageScript !== undefined) {
    const script = `<script>${options.pageScript.replace(/<\/script/gi, '<\\/script')}</script>`;
    html = html.replace(/<head[^>]*>/i, (head) => `${head}${script}`);
  }
  if (options.extraCss !== undefined) {
    html = html.replace(/<\/head>/i, () => `<style>${options.extraCss}</style></head>`);
  }
  return html;
}

function fixtureFor(url: URL): FixtureName | null {
  if (url.protocol !== 'https:') return null;
  if (url.hostname === 'meet.google.com') return 'meet';
  if (/(^|\.)zoom\.us$/.test(url.hostname) && url.pathname.startsWith('/wc/')) {
    return /^\/wc\/[^/]+\/start\/?$/.test(url.pathname) ? 'zoom-client' : 'zoom';
  }
  return null;
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else source += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

async function handleRoute(state: RouterState, route: Route): Promise<void> {
  const request = route.request();
  const href = request.url();
  const url = new URL(href);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return route.fallback();
  const override = state.overrides.find((o) => o.matches(href));
  if (override) {
    const body = typeof override.html === 'string' ? override.html : override.html(url);
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
  }
  const fixture = fixtureFor(url);
  if (fixture && (request.resourceType() === 'document' || request.isNavigationRequest())) {
    return route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: fixtureHtml(fixture, state.options),
    });
  }
  return route.fulfill({
    status: 404,
    contentType: 'text/plain',
    body: 'offline e2e harness: not found',
  });
}

function router(context: BrowserContext): Promise<RouterState> {
  let state = routers.get(context);
  if (!state) {
    const created: RouterState = { options: {}, overrides: [] };
    state = context.route('**/*', (route) => handleRoute(created, route)).then(() => created);
    routers.set(context, state);
  }
  return state;
}

export interface CallPageRoutes {
  /** Replaces the injection options for documents loaded from now on. */
  update(options: CallPageOptions): void;
  /** Same as serveHtml(context, url, html). */
  serve(url: string | RegExp, html: HtmlSource): Promise<void>;
}

/**
 * Serves the call-page fixtures for the whole context:
 *   https://meet.google.com/**            → tests/fixtures/meet.html
 *   https://app.zoom.us/wc/<id>/start…    → tests/fixtures/zoom-client.html (the iframe)
 *   https://app.zoom.us/wc/** (others)    → tests/fixtures/zoom.html
 * and answers every other http(s) request with 404. Calling it again replaces the options.
 */
export async function routeCallPages(
  context: BrowserContext,
  options: CallPageOptions = {},
): Promise<CallPageRoutes> {
  const state = await router(context);
  state.options = { ...options };
  return {
    update: (next) => {
      state.options = { ...next };
    },
    serve: (url, html) => serveHtml(context, url, html),
  };
}

/**
 * Serves `html` (or html(url)) for requests matching `url` (exact URL, `*`/`**` glob, or RegExp),
 * taking precedence over the fixtures and over earlier serveHtml calls. Installs the offline
 * router if routeCallPages was not called.
 */
export async function serveHtml(
  context: BrowserContext,
  url: string | RegExp,
  html: HtmlSource,
): Promise<void> {
  const state = await router(context);
  const pattern = typeof url === 'string' ? globToRegExp(url) : url;
  state.overrides.unshift({ matches: (href) => pattern.test(href), html });
}

// ---------------------------------------------------------------------------------------------
// CDP sessions
// ---------------------------------------------------------------------------------------------

const pageSessions = new WeakMap<Page, Promise<CDPSession>>();

/** A cached CDP session attached to `page` (recreated if it was closed). */
export function cdpSession(page: Page): Promise<CDPSession> {
  let session = pageSessions.get(page);
  if (!session) {
    session = page
      .context()
      .newCDPSession(page)
      .then((s) => {
        s.on('close', () => pageSessions.delete(page));
        return s;
      });
    session.catch(() => pageSessions.delete(page));
    pageSessions.set(page, session);
  }
  return session;
}

/** A page to talk to the browser through (persistent contexts have no Browser object). */
async function controlSession(context: BrowserContext): Promise<CDPSession> {
  const page = context.pages().find((p) => !p.isClosed()) ?? (await context.newPage());
  return cdpSession(page);
}

// ---------------------------------------------------------------------------------------------
// Service worker lifecycle
// ---------------------------------------------------------------------------------------------

async function workerTargets(context: BrowserContext, extensionId: string) {
  const session = await controlSession(context);
  const { targetInfos } = await session.send('Target.getTargets');
  return targetInfos.filter(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
  );
}

/** Whether the extension's service worker is currently running. */
export async function isServiceWorkerRunning(
  context: BrowserContext,
  extensionId: string,
): Promise<boolean> {
  return (await workerTargets(context, extensionId)).length > 0;
}

/**
 * Stops the MV3 service worker through CDP (Target.closeTarget on the worker target, falling
 * back to ServiceWorker.stopAllWorkers) and waits until it is no longer running, as Chromium
 * does after 30 s idle. Playwright keeps the old Worker object; use waitForServiceWorker().
 */
export async function stopServiceWorker(
  context: BrowserContext,
  extensionId: string,
  { timeoutMs = 10_000 }: { timeoutMs?: number } = {},
): Promise<void> {
  const session = await controlSession(context);
  for (const target of await workerTargets(context, extensionId)) {
    await session.send('Target.closeTarget', { targetId: target.targetId }).catch(() => undefined);
  }
  try {
    await waitFor(async () => !(await isServiceWorkerRunning(context, extensionId)), 3_000);
  } catch {
    await session.send('ServiceWorker.enable');
    await session.send('ServiceWorker.stopAllWorkers');
    await session.send('ServiceWorker.disable').catch(() => undefined);
    await waitFor(async () => !(await isServiceWorkerRunning(context, extensionId)), timeoutMs, {
      message: 'service worker to stop',
    });
  }
}

/**
 * Waits until the extension's service worker runs (again) and returns a Worker whose
 * evaluate() works. After a restart this may be the same Playwright object as before.
 */
export async function waitForServiceWorker(
  context: BrowserContext,
  extensionId: string,
  { timeoutMs = 15_000 }: { timeoutMs?: number } = {},
): Promise<Worker> {
  const prefix = `chrome-extension://${extensionId}/`;
  return waitFor(
    async () => {
      if (!(await isServiceWorkerRunning(context, extensionId))) return null;
      const candidates = context
        .serviceWorkers()
        .filter((w) => w.url().startsWith(prefix))
        .reverse();
      for (const worker of candidates) {
        const alive = await withTimeout(
          worker.evaluate(() => true),
          1_000,
          'probe',
        ).catch(() => false);
        if (alive) return worker;
      }
      return null;
    },
    timeoutMs,
    { intervalMs: 100, message: 'service worker to run' },
  );
}

/**
 * chrome.runtime.sendMessage(message) from an extension page. Never throws: returns the reply,
 * or the error (e.g. "Receiving end does not exist") when nobody answered.
 */
export async function sendRuntimeMessage(
  page: Page,
  message: unknown,
): Promise<{ ok: true; reply: unknown } | { ok: false; error: string }> {
  return page.evaluate(async (msg) => {
    try {
      return { ok: true as const, reply: (await chrome.runtime.sendMessage(msg)) as unknown };
    } catch (error) {
      return { ok: false as const, error: String(error) };
    }
  }, message);
}

/**
 * Wakes a stopped worker from an extension page by posting to its registration
 * (ServiceWorker `message` event). Works even when the worker has no runtime listeners.
 */
export async function postToServiceWorker(page: Page, message: unknown): Promise<void> {
  await page.evaluate(async (msg) => {
    const registration = await navigator.serviceWorker.getRegistration();
    const active = registration?.active;
    if (!active) throw new Error('no active service worker registration for this page');
    active.postMessage(msg);
  }, message);
}

// ---------------------------------------------------------------------------------------------
// Commands and real keys
// ---------------------------------------------------------------------------------------------

/** Fires chrome.commands.onCommand(name) inside the service worker, as a key press would. */
export async function dispatchCommand(worker: Worker, name: string): Promise<void> {
  await worker.evaluate((command) => {
    const event = chrome.commands.onCommand as unknown as { dispatch(command: string): void };
    event.dispatch(command);
  }, name);
}

/**
 * Sends real X key events with xdotool (e.g. 'ctrl+shift+9'), which reach chrome.commands
 * unlike page.keyboard. Needs DISPLAY and a headed browser. With `page`, its tab is brought to
 * front and its window focused first.
 */
export async function pressRealKeys(
  keys: string | string[],
  { page, delayMs = 30 }: { page?: Page; delayMs?: number } = {},
): Promise<void> {
  if (!hasDisplay()) throw new Error('pressRealKeys needs DISPLAY (run under xvfb-run)');
  const list = Array.isArray(keys) ? keys : [keys];
  if (page) {
    await page.bringToFront();
    const windowId = await chromiumWindowId(page);
    if (windowId) await execFileAsync('xdotool', ['windowfocus', '--sync', windowId]);
  }
  await execFileAsync('xdotool', ['key', '--clearmodifiers', '--delay', String(delayMs), ...list]);
}

async function chromiumWindowId(page: Page): Promise<string | undefined> {
  const search = async (...args: string[]) => {
    const { stdout } = await execFileAsync('xdotool', ['search', '--onlyvisible', ...args]).catch(
      () => ({ stdout: '' }),
    );
    return stdout.split('\n').filter(Boolean);
  };
  const all = await search('--class', 'chromium');
  if (all.length <= 1) return all[0];
  const title = (await page.title()).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const byTitle = title ? await search('--name', title) : [];
  return byTitle.find((id) => all.includes(id)) ?? all[all.length - 1];
}

// ---------------------------------------------------------------------------------------------
// Content-script detection
// ---------------------------------------------------------------------------------------------

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
  const [world] = await contentScriptContexts(page);
  if (!world) throw new Error(`no content-script world in ${page.url()}`);
  const session = await cdpSession(page);
  const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
    expression: source,
    contextId: world.id,
    returnByValue: true,
    awaitPromise: true,
  });
  if (exceptionDetails) throw new Error(exceptionDetails.text);
  return result.value;
}

// ---------------------------------------------------------------------------------------------
// Overlay (closed shadow root) via CDP
// ---------------------------------------------------------------------------------------------

interface DomNode {
  nodeId: number;
  backendNodeId: number;
  nodeType: number;
  nodeName: string;
  localName: string;
  nodeValue: string;
  children?: DomNode[];
  shadowRoots?: DomNode[];
  shadowRootType?: string;
  contentDocument?: DomNode;
  frameId?: string;
}

interface HostInfo {
  host: DomNode;
  shadowRoot: DomNode | null;
  frameId: string;
  hostCount: number;
}

async function findOverlayHost(session: CDPSession): Promise<HostInfo | null> {
  const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
  const { frameTree } = await session.send('Page.getFrameTree');
  const hosts: Array<{ node: DomNode; frameId: string }> = [];
  const walk = (node: DomNode, frameId: string) => {
    if (node.localName === OVERLAY_HOST_TAG) hosts.push({ node, frameId });
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

/**
 * Runs `functionDeclaration` (source; `this` = the node, extra nodes as arguments) in an
 * isolated world of `frameId`, returning the result by value.
 */
async function callOnNode<T>(
  session: CDPSession,
  frameId: string,
  backendNodeId: number,
  functionDeclaration: string,
  argNodeIds: number[] = [],
): Promise<T> {
  // Same world name ⇒ same context per frame; immune to the page patching its own globals.
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

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

function shadowText(node: DomNode): string {
  if (node.nodeType === 3) return node.nodeValue;
  if (['STYLE', 'SCRIPT', 'TEMPLATE'].includes(node.nodeName)) return '';
  return [...(node.shadowRoots ?? []), ...(node.children ?? [])].map(shadowText).join(' ');
}

function descendantIds(node: DomNode, into = new Set<number>()): Set<number> {
  into.add(node.backendNodeId);
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
    descendantIds(child, into);
  }
  return into;
}

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

export interface OverlayA11yNode {
  role: string;
  name: string;
  /** Current value for form controls (textbox content, etc.). */
  value?: string;
  /** Accessibility states such as focused, disabled, expanded, checked, pressed. */
  properties: Record<string, unknown>;
  backendNodeId: number;
}

async function overlayA11yOnce(page: Page): Promise<OverlayA11yNode[] | null> {
  const session = await cdpSession(page);
  const found = await findOverlayHost(session);
  if (!found) return null;
  const inside = descendantIds(found.host);
  const { nodes } = await session.send('Accessibility.getFullAXTree', { frameId: found.frameId });
  const result: OverlayA11yNode[] = [];
  for (const node of nodes) {
    const id = node.backendDOMNodeId;
    if (node.ignored || id === undefined || id === found.host.backendNodeId || !inside.has(id)) {
      continue;
    }
    const role = String(node.role?.value ?? '');
    if (role === 'InlineTextBox') continue;
    const properties: Record<string, unknown> = {};
    for (const p of node.properties ?? []) properties[p.name] = p.value.value;
    result.push({
      role,
      name: String(node.name?.value ?? ''),
      ...(node.value?.value !== undefined ? { value: String(node.value.value) } : {}),
      properties,
      backendNodeId: id,
    });
  }
  return result;
}

/**
 * Accessibility nodes (role + name, not ignored) rendered inside the overlay host, from CDP
 * Accessibility.getFullAXTree. Throws when there is still no overlay after `timeoutMs`.
 */
export async function readOverlayA11y(
  page: Page,
  { timeoutMs = 5_000 }: { timeoutMs?: number } = {},
): Promise<OverlayA11yNode[]> {
  return waitFor(() => overlayA11yOnce(page), timeoutMs, {
    message: 'an overlay host to read the accessibility tree of',
  });
}

export interface FindOptions {
  /**
   * Restrict to ARIA role(s), e.g. 'button' or 'textbox'. Without it, any role except text
   * leaves (StaticText) matches.
   */
  role?: string | string[];
  timeoutMs?: number;
}

const TEXT_ROLES = ['StaticText', 'InlineTextBox', 'LabelText'];
const EDITABLE_ROLES = ['textbox', 'searchbox', 'combobox', 'spinbutton'];

const roleMatches = (role: string, wanted: string | string[] | undefined) =>
  wanted === undefined
    ? !TEXT_ROLES.includes(role)
    : (Array.isArray(wanted) ? wanted : [wanted]).includes(role);

const nameMatches = (name: string, wanted: string | RegExp) =>
  typeof wanted === 'string' ? collapse(name) === collapse(wanted) : wanted.test(name);

/** Finds an overlay node by accessible name (exact string or RegExp), retrying until timeout. */
export async function findInOverlay(
  page: Page,
  name: string | RegExp,
  { role, timeoutMs = 5_000 }: FindOptions = {},
): Promise<OverlayA11yNode> {
  return waitFor(
    async () => {
      const nodes = (await overlayA11yOnce(page)) ?? [];
      return nodes.find((n) => roleMatches(n.role, role) && nameMatches(n.name, name)) ?? null;
    },
    timeoutMs,
    { message: `overlay node named ${String(name)}${role ? ` (${role})` : ''}` },
  );
}

/** Center of a node's border box in page (root frame) coordinates, after scrolling it in. */
async function nodeCenter(page: Page, backendNodeId: number) {
  const session = await cdpSession(page);
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

/**
 * Clicks the overlay control with this accessible name using a real (trusted) mouse click at
 * its box center. Note: if something covers the overlay, the click lands on that instead.
 */
export async function clickInOverlay(
  page: Page,
  name: string | RegExp,
  options: FindOptions = {},
): Promise<OverlayA11yNode> {
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  const node = await findInOverlay(page, name, options);
  const point = await waitFor(
    () => nodeCenter(page, node.backendNodeId),
    Math.max(500, deadline - Date.now()),
    { message: `box of ${String(name)}` },
  );
  await page.mouse.click(point.x, point.y);
  return node;
}

/**
 * Focuses the overlay field with this accessible name (label) and types `text` with real key
 * events. Matches editable roles (textbox, searchbox, combobox, spinbutton) unless `role` is
 * given. `clear` selects and deletes the current content first.
 */
export async function typeInOverlay(
  page: Page,
  label: string | RegExp,
  text: string,
  { clear = false, role = EDITABLE_ROLES, ...options }: FindOptions & { clear?: boolean } = {},
): Promise<OverlayA11yNode> {
  const node = await findInOverlay(page, label, { ...options, role });
  const session = await cdpSession(page);
  await session.send('DOM.focus', { backendNodeId: node.backendNodeId });
  if (clear) {
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
  }
  await page.keyboard.type(text);
  return node;
}

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
