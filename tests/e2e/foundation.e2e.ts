/**
 * Foundation checks on the built extension in real Chromium: it loads, its manifest stays
 * minimal, the command is bound, content scripts run on the call pages without leaving a trace
 * a page can see, and the MV3 worker survives being stopped. Also self-tests the overlay helpers
 * of harness.ts against a synthetic closed-shadow-root host.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { OVERLAY_SCRIPT } from '../../src/shared/constants';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIST_DIR,
  MEET_URL,
  START_RECOVERY_COMMAND,
  ZOOM_CLIENT_URL,
  ZOOM_URL,
  clickInOverlay,
  contentScriptContexts,
  contentScriptContextsAfter,
  dispatchCommand,
  fixtureHtml,
  isServiceWorkerRunning,
  launchExtension,
  openExtensionPage,
  overlayBox,
  postToServiceWorker,
  readBuiltManifest,
  readOverlay,
  readOverlayA11y,
  routeCallPages,
  sendRuntimeMessage,
  serveHtml,
  sleep,
  stopServiceWorker,
  typeInOverlay,
  waitFor,
  waitForServiceWorker,
  type ExtensionHarness,
} from './harness';

let h: ExtensionHarness;

beforeAll(async () => {
  h = await launchExtension();
  await routeCallPages(h.context);
});

afterAll(async () => {
  await h?.close();
});

describe('built extension', () => {
  it('loads and runs its service worker', async () => {
    const manifest = readBuiltManifest();
    expect(h.extensionId).toMatch(/^[a-p]{32}$/);
    expect(h.worker.url()).toBe(
      `chrome-extension://${h.extensionId}/${manifest.background?.service_worker}`,
    );
    expect(await isServiceWorkerRunning(h.context, h.extensionId)).toBe(true);
    const worker = await waitForServiceWorker(h.context, h.extensionId);
    expect(
      await worker.evaluate(() => [chrome.runtime.id, chrome.runtime.getManifest().name]),
    ).toEqual([h.extensionId, 'Demo Rescue']);
  });

  it('ships a minimal manifest: one web-accessible page (the private field, call origins, dynamic URL), no <all_urls>, exact permissions', async () => {
    const manifest = readBuiltManifest();
    expect(manifest.web_accessible_resources).toEqual([
      {
        resources: ['src/private-field/index.html'],
        matches: expect.arrayContaining([
          'https://meet.google.com/*',
          'https://app.zoom.us/*',
          'https://*.zoom.us/*',
        ]),
        use_dynamic_url: true,
      },
    ]);
    const [entry] = manifest.web_accessible_resources as unknown as [{ matches: string[] }];
    expect(entry.matches).toHaveLength(3);
    expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
    expect([...(manifest.permissions ?? [])].sort()).toEqual(
      [
        'alarms',
        'notifications',
        'scripting',
        'sidePanel',
        'storage',
        'unlimitedStorage',
        'webRequest',
      ].sort(),
    );
    expect(manifest.optional_permissions ?? []).toEqual([]);
    // Demo apps' origins are asked for one by one from the options page, never at install.
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    for (const host of manifest.host_permissions ?? []) {
      expect(host).toMatch(/^https:\/\/([a-z*.]+\.)?(meet\.google\.com|zoom\.us)\/\*$/);
    }
    // What Chromium actually granted matches the file.
    const worker = await waitForServiceWorker(h.context, h.extensionId);
    const granted = await worker.evaluate(() => chrome.permissions.getAll());
    expect([...(granted.permissions ?? [])].sort()).toEqual(
      [...(manifest.permissions ?? [])].sort(),
    );
  });

  it('builds the on-demand overlay as one classic script that V8 compiles eagerly', async () => {
    const overlay = await readFile(resolve(DIST_DIR, OVERLAY_SCRIPT), 'utf8');
    // The explicit compile hint only counts on the very first line.
    expect(overlay.split('\n', 1)[0]).toBe('//# allFunctionsCalledOnLoad');
    expect(overlay).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('binds start-recovery to Ctrl+Shift+9, and dispatchCommand reaches onCommand listeners', async () => {
    const worker = await waitForServiceWorker(h.context, h.extensionId);
    const commands = await worker.evaluate(() => chrome.commands.getAll());
    const start = commands.find((c) => c.name === START_RECOVERY_COMMAND);
    expect(start, JSON.stringify(commands)).toBeDefined();
    expect(start?.shortcut).toBeTruthy();
    expect(start?.shortcut).toBe('Ctrl+Shift+9');

    // A name the product ignores, so this does not start a recovery.
    await worker.evaluate(() => {
      const scope = globalThis as { __e2eCommands?: string[] };
      scope.__e2eCommands = [];
      chrome.commands.onCommand.addListener((c) => scope.__e2eCommands?.push(c));
    });
    await dispatchCommand(worker, 'e2e-probe');
    expect(
      await waitFor(() =>
        worker.evaluate(() => (globalThis as { __e2eCommands?: string[] }).__e2eCommands?.[0]),
      ),
    ).toBe('e2e-probe');
  });
});

/** What a call page's own scripts can observe about us (runs in the page's main world). */
function pageView() {
  const pattern = /demo-?rescue/i;
  const found: string[] = [];
  const walk = (root: Document | ShadowRoot) => {
    for (const el of root.querySelectorAll('*')) {
      if (pattern.test(el.localName)) found.push(`<${el.localName}>`);
      for (const attr of el.attributes) {
        if (pattern.test(attr.name) || pattern.test(attr.value)) {
          found.push(`${el.localName}[${attr.name}]`);
        }
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  if (pattern.test(new XMLSerializer().serializeToString(document))) found.push('serialized DOM');
  return {
    globals: Object.getOwnPropertyNames(window),
    documentProps: Object.getOwnPropertyNames(document),
    found,
  };
}

/** Tries to reach extension files from the page, the usual way sites detect extensions. */
async function probeExtension(id: string) {
  const results: Record<string, string> = {};
  for (const path of ['manifest.json', 'overlay.js', 'icons/icon-16.png']) {
    try {
      const response = await fetch(`chrome-extension://${id}/${path}`);
      results[`fetch ${path}`] = `status ${response.status}`;
    } catch {
      results[`fetch ${path}`] = 'blocked';
    }
  }
  results['img icon'] = await new Promise<string>((done) => {
    const img = new Image();
    img.onload = () => done('loaded');
    img.onerror = () => done('blocked');
    img.src = `chrome-extension://${id}/icons/icon-16.png`;
  });
  return results;
}

type View = ReturnType<typeof pageView>;

const added = (seen: View, baseline: View) => ({
  globals: seen.globals.filter((n) => !baseline.globals.includes(n)),
  documentProps: seen.documentProps.filter((n) => !baseline.documentProps.includes(n)),
  found: seen.found,
});

describe('content scripts on call pages', () => {
  const BASELINE = 'https://baseline.test';
  let page: Page;

  beforeAll(async () => {
    // The same fixtures on an origin the extension does not match: what the page sees without us.
    await serveHtml(h.context, `${BASELINE}/**`, (url) => {
      if (!url.pathname.startsWith('/wc/')) return fixtureHtml('meet');
      return fixtureHtml(url.pathname.endsWith('/start') ? 'zoom-client' : 'zoom');
    });
    page = await h.context.newPage();
  });

  afterAll(async () => {
    await page?.close();
  });

  it('runs in the Meet page, leaving no globals, nodes, attributes or reachable files', async () => {
    await page.goto(`${BASELINE}/abc-defg-hij`);
    expect(await contentScriptContextsAfter(page, 1_000)).toEqual([]);
    const baseline = await page.evaluate(pageView);

    await page.goto(MEET_URL);
    const contexts = await contentScriptContexts(page);
    expect(contexts.length).toBeGreaterThanOrEqual(1);
    for (const c of contexts) {
      expect(c.origin).toBe(`chrome-extension://${h.extensionId}`);
      expect(c.name).toBe('Demo Rescue');
      expect(c.frameUrl).toBe(MEET_URL);
    }
    await sleep(300); // let document_idle scripts and the page's re-renders run
    expect(added(await page.evaluate(pageView), baseline)).toEqual({
      globals: [],
      documentProps: [],
      found: [],
    });
    const probes = await page.evaluate(probeExtension, h.extensionId);
    for (const [probe, outcome] of Object.entries(probes)) expect(outcome, probe).toBe('blocked');
  });

  it('runs in both frames of the Zoom web client, leaving no trace in either', async () => {
    await page.goto(`${BASELINE}/wc/123456789/join`);
    await waitFor(() => page.frames().length === 2);
    const baseline = await Promise.all(page.frames().map((f) => f.evaluate(pageView)));

    await page.goto(ZOOM_URL);
    const contexts = await contentScriptContexts(page, { minFrames: 2 });
    expect(new Set(contexts.map((c) => c.frameUrl))).toEqual(new Set([ZOOM_URL, ZOOM_CLIENT_URL]));
    for (const c of contexts) expect(c.origin).toBe(`chrome-extension://${h.extensionId}`);

    await sleep(300);
    const frames = page.frames();
    expect(frames.map((f) => f.url())).toEqual([ZOOM_URL, ZOOM_CLIENT_URL]);
    for (const [i, frame] of frames.entries()) {
      const base = baseline[i];
      if (!base) throw new Error(`no baseline for frame ${i}`);
      expect(added(await frame.evaluate(pageView), base), frame.url()).toEqual({
        globals: [],
        documentProps: [],
        found: [],
      });
      const probes = await frame.evaluate(probeExtension, h.extensionId);
      for (const [probe, outcome] of Object.entries(probes)) expect(outcome, probe).toBe('blocked');
    }
  });
});

describe('service worker lifecycle', () => {
  let page: Page;

  beforeAll(async () => {
    page = await openExtensionPage(h.context, h.extensionId, 'src/popup/index.html');
    await sleep(300); // let the popup finish its start-up messages
  });

  afterAll(async () => {
    await page?.close();
  });

  const marker = () => (globalThis as { __e2eMarker?: string }).__e2eMarker;

  it('stops via CDP, and chrome.runtime.sendMessage from an extension page starts a fresh worker', async () => {
    let worker = await waitForServiceWorker(h.context, h.extensionId);
    expect(
      await worker.evaluate(() => chrome.runtime.onMessage.hasListeners()),
      'the worker needs a top-level runtime.onMessage listener for messages to wake it',
    ).toBe(true);
    await worker.evaluate(() => {
      (globalThis as { __e2eMarker?: string }).__e2eMarker = 'first instance';
    });
    expect(await worker.evaluate(marker)).toBe('first instance');

    await stopServiceWorker(h.context, h.extensionId);
    await sleep(200);
    expect(await isServiceWorkerRunning(h.context, h.extensionId)).toBe(false);

    const reply = await sendRuntimeMessage(page, { type: 'ping' });
    expect(reply).toBeDefined(); // an error reply is fine: the point is that the worker woke up
    worker = await waitForServiceWorker(h.context, h.extensionId, { timeoutMs: 10_000 });
    expect(await worker.evaluate(marker)).toBeUndefined();
    expect(await worker.evaluate(() => chrome.runtime.id)).toBe(h.extensionId);
  });

  it('postToServiceWorker also wakes a stopped worker (harness utility)', async () => {
    await stopServiceWorker(h.context, h.extensionId);
    await postToServiceWorker(page, { type: 'e2e-wake' });
    const worker = await waitForServiceWorker(h.context, h.extensionId, { timeoutMs: 10_000 });
    expect(await worker.evaluate(() => chrome.runtime.id)).toBe(h.extensionId);
  });
});

/** A fake overlay: closed shadow root, hidden text, a trusted-click button and a labelled field. */
function fakeOverlayPage(): string {
  const script = () => {
    // Hostile main world: the harness must not rely on these.
    window.getComputedStyle = (() => ({ display: 'none', visibility: 'hidden' })) as never;
    Element.prototype.checkVisibility = () => false;

    const make = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string) => {
      const node = document.createElement(tag);
      if (text) node.textContent = text;
      return node;
    };
    const churn = make('div');
    document.body.append(churn);
    setInterval(() => {
      churn.replaceChildren(...Array.from({ length: 30 }, (_, i) => make('p', `row ${i}`)));
    }, 50);

    const host = document.createElement('demo-rescue-overlay');
    const root = host.attachShadow({ mode: 'closed' });
    const style = make('style', '.panel{position:fixed;right:16px;bottom:16px;padding:8px}');
    const panel = make('section');
    panel.className = 'panel';
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', 'Demo Rescue');
    const status = make('p', 'Status: waiting');
    const hidden = make('p', 'Hidden detail');
    hidden.style.display = 'none';
    const button = make('button', 'Acknowledge');
    button.addEventListener('click', (event) => {
      status.textContent = `Status: acknowledged ${event.isTrusted ? 'trusted' : 'synthetic'}`;
    });
    const label = make('label', 'Customer note');
    const input = make('input');
    label.append(input);
    const echo = make('p');
    input.addEventListener('input', () => {
      echo.textContent = `Note: ${input.value}`;
    });
    panel.append(status, hidden, button, label, echo);
    root.append(style, panel);
    document.body.append(host);
  };
  return `<!doctype html><html><head><title>Overlay self-test</title></head><body><script>(${script.toString()})();</script></body></html>`;
}

describe('harness overlay helpers (self-test on a synthetic closed shadow root)', () => {
  let page: Page;

  beforeAll(async () => {
    await serveHtml(h.context, 'https://harness.test/overlay', fakeOverlayPage());
    page = await h.context.newPage();
    await page.goto('https://harness.test/overlay');
  });

  afterAll(async () => {
    await page?.close();
  });

  it('reads text through the closed root, separating visible from hidden text', async () => {
    const overlay = await readOverlay(page, { until: (s) => s.present });
    expect(overlay).toMatchObject({ present: true, hostCount: 1, shadowRootType: 'closed' });
    expect(overlay.text).toContain('Hidden detail');
    expect(overlay.visibleText).toContain('Status: waiting');
    expect(overlay.visibleText).not.toContain('Hidden detail');
    // Playwright locators cannot see into it, which is why the helpers exist.
    expect(await page.getByText('Status: waiting').count()).toBe(0);
  });

  it('lists accessibility nodes, clicks with trusted events and types into labelled fields', async () => {
    const nodes = await readOverlayA11y(page);
    const pairs = nodes.map((n) => `${n.role}:${n.name}`);
    expect(pairs).toEqual(
      expect.arrayContaining(['dialog:Demo Rescue', 'button:Acknowledge', 'textbox:Customer note']),
    );

    await clickInOverlay(page, 'Acknowledge', { role: 'button' });
    const clicked = await readOverlay(page, {
      until: (s) => s.visibleText.includes('acknowledged'),
    });
    expect(clicked.visibleText).toContain('Status: acknowledged trusted');

    await typeInOverlay(page, /customer note/i, 'Prod DB is down');
    const typed = await readOverlay(page, { until: (s) => s.visibleText.includes('Note:') });
    expect(typed.visibleText).toContain('Note: Prod DB is down');
    const field = (await readOverlayA11y(page)).find((n) => n.role === 'textbox');
    expect(field?.value).toBe('Prod DB is down');
  });

  it('measures the box and real visibility, and notices hostile CSS hiding the host', async () => {
    const box = await overlayBox(page);
    expect(box).toMatchObject({
      present: true,
      visible: true,
      topmost: true,
      visibility: 'visible',
    });
    expect(box.box?.width).toBeGreaterThan(0);
    expect(box.box?.height).toBeGreaterThan(0);

    const style = await page.addStyleTag({
      content: 'demo-rescue-overlay { visibility: hidden !important }',
    });
    const hidden = await overlayBox(page);
    expect(hidden).toMatchObject({ present: true, visible: false, visibility: 'hidden' });
    await style.evaluate((node) => (node as Element).remove());
    expect((await overlayBox(page)).visible).toBe(true);
  });
});
