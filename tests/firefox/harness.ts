/**
 * Firefox end-to-end harness: drives dist-firefox/ in Firefox ESR through puppeteer-core over
 * WebDriver BiDi. Call pages are served from tests/fixtures/ by request interception; every
 * other http(s) request gets a 404, so nothing leaves the machine.
 *
 * Firefox's BiDi lets a test reach extension pages only with --remote-allow-system-access. One
 * extension page (the control page) then gives the tests the extension's own APIs: messages to
 * the background, storage, and scripting.executeScript into a call tab, whose content-script
 * world can read the overlay's closed shadow root (Element.openOrClosedShadowRoot). Clicks and
 * keys are real input events on the call page, never synthetic ones.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Frame, type HTTPRequest, type Page } from 'puppeteer-core';
import { GECKO_ID } from '../../manifest.browsers.ts';
import { OVERLAY_HOST_TAG, STORAGE_KEYS } from '../../src/shared/constants';
import type { ActiveIncident } from '../../src/shared/messages';
import type { PrivateFieldKind } from '../../src/shared/private-field';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DIST_FIREFOX_DIR = resolve(REPO_ROOT, 'dist-firefox');
const FIXTURES_DIR = resolve(REPO_ROOT, 'tests/fixtures');
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export const MEET_URL = 'https://meet.google.com/abc-defg-hij';
export const ZOOM_URL = 'https://app.zoom.us/wc/123456789/join';

/** Fixed, so extension pages have a known moz-extension:// origin (Firefox picks one per install). */
const EXTENSION_UUID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;
export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Polls `fn` until it returns something truthy; throws at the deadline (with the last error). */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  timeoutMs = 5_000,
  message = 'condition',
): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as Truthy<T>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`waitFor(${message}) timed out after ${timeoutMs} ms${reason}`);
    }
    await sleep(100);
  }
}

function fixtureFor(url: string): string | null {
  if (url.startsWith('https://meet.google.com/')) return 'meet.html';
  if (/^https:\/\/app\.zoom\.us\/wc\/\d+\/start/.test(url)) return 'zoom-client.html';
  if (url.startsWith('https://app.zoom.us/wc/')) return 'zoom.html';
  return null;
}

function answer(request: HTTPRequest): void {
  const url = request.url();
  if (!/^https?:/.test(url)) return void request.continue();
  const fixture = fixtureFor(url);
  if (!fixture) return void request.respond({ status: 404, body: '' });
  void request.respond({
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body: readFileSync(resolve(FIXTURES_DIR, fixture), 'utf8'),
  });
}

export interface LaunchOptions {
  /** A window on the X display (needed for screen capture). Default: headless. */
  headed?: boolean;
  /** Firefox suspends an idle event page after this long (its default is 30 s). */
  backgroundIdleMs?: number;
}

export interface OverlayButton {
  name: string;
  x: number;
  y: number;
}

/** The overlay as its content-script world sees it in the call tab's top frame. */
export interface OverlaySnapshot {
  present: boolean;
  hostCount: number;
  /** The host's shadow root is closed: the page's `host.shadowRoot` is null. */
  closed: boolean;
  /** All text in the shadow root. */
  text: string;
  /** Only the text that is rendered (checkVisibility). */
  visibleText: string;
  /** Rendered buttons, radios and checkboxes with their centres in page coordinates. */
  buttons: OverlayButton[];
  /** Frames in the shadow root (the private text fields). */
  frames: number;
}

export interface FirefoxHarness {
  browser: Browser;
  /** An extension page the tests use for the extension's APIs. */
  control: Page;
  openCall(url: string): Promise<Page>;
  openExtensionPage(path: string): Promise<Page>;
  /** Sends a protocol message from the control page; returns the reply's value. */
  call<T>(type: string, payload: unknown): Promise<T>;
  /** The active incident as mirrored to storage.local, or null. */
  mirror(): Promise<ActiveIncident | null>;
  /**
   * The active incident once the worker has stored it: the in-page hotkey shows the overlay
   * first, and the event page (woken by it) mirrors the incident to storage a moment later.
   */
  stored(): Promise<ActiveIncident>;
  /** Ends the active incident, if any, as a discard. */
  endActive(): Promise<void>;
  /** Reads the overlay in the first tab whose URL matches `tabUrl` (a match pattern). */
  readOverlay(
    tabUrl: string,
    options?: { until?: (s: OverlaySnapshot) => boolean; timeoutMs?: number },
  ): Promise<OverlaySnapshot>;
  /** A real mouse click on the overlay's button, radio or checkbox named `name`. */
  clickInOverlay(page: Page, tabUrl: string, name: string | RegExp): Promise<void>;
  /**
   * Reloads the call tab once its overlay has drawn everything: the overlay shows the clock
   * first and its framed text fields a frame later; a reload that aborts their loads is
   * reported by Firefox's BiDi as failed (NS_BINDING_ABORTED), although the tab did reload.
   */
  reloadCall(page: Page, tabUrl: string): Promise<void>;
  /** The Document Picture-in-Picture window of the first tab matching `tabUrl`. */
  readPopOut(tabUrl: string): Promise<PopOutSnapshot>;
  closePopOut(tabUrl: string): Promise<void>;
  /** Whether the extension's event page is running now. */
  backgroundRunning(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Runs in the call tab's content-script world: scrolls the index-th rendered control (the order
 * snapshotInTab lists them in) into view and returns its centre. In-tab functions travel as
 * source, so each has its own copy of the selector.
 */
function scrollToControl(tag: string, index: number): OverlayButton {
  const host = document.querySelector(tag) as Element & { openOrClosedShadowRoot?: ShadowRoot };
  const root = host.openOrClosedShadowRoot!;
  const controls = [...root.querySelectorAll('button, [role="radio"], input[type="radio"], label')];
  const element = controls.filter((e) => e.checkVisibility({ visibilityProperty: true }))[index]!;
  element.scrollIntoView({ block: 'center' });
  const box = element.getBoundingClientRect();
  return { name: '', x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Runs in the call tab's content-script world (serialised by scripting.executeScript). */
function snapshotInTab(tag: string): OverlaySnapshot {
  const hosts = document.querySelectorAll(tag);
  const host = hosts[0] as (Element & { openOrClosedShadowRoot?: ShadowRoot | null }) | undefined;
  const root = host?.openOrClosedShadowRoot ?? null;
  const empty = { present: false, hostCount: hosts.length, closed: false, text: '' };
  if (!host || !root) return { ...empty, visibleText: '', buttons: [], frames: 0 };
  const shown = (element: Element) => element.checkVisibility({ visibilityProperty: true });
  const visible: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement && shown(node.parentElement)) visible.push(node.textContent ?? '');
  }
  const controls = root.querySelectorAll('button, [role="radio"], input[type="radio"], label');
  const buttons = [...controls].filter(shown).map((element) => {
    const box = element.getBoundingClientRect();
    const name = element.getAttribute('aria-label') ?? element.textContent ?? '';
    return { name: name.trim(), x: box.x + box.width / 2, y: box.y + box.height / 2 };
  });
  return {
    present: true,
    hostCount: hosts.length,
    closed: host.shadowRoot === null,
    text: (root.textContent ?? '').replace(/\s+/g, ' '),
    visibleText: visible.join(' ').replace(/\s+/g, ' '),
    buttons,
    frames: root.querySelectorAll('iframe').length,
  };
}

/** The call page's Document Picture-in-Picture window, as the overlay popped out into it. */
export interface PopOutSnapshot {
  open: boolean;
  title: string;
  /** Every text node in it, closed shadow roots included (no <style>), whitespace-collapsed. */
  text: string;
}

/** Runs in the call tab's content-script world: reads the page's PiP window, if open. */
function popOutInTab(): PopOutSnapshot {
  type Api = { window: Window | null };
  const pip = (window as Window & { documentPictureInPicture?: Api }).documentPictureInPicture
    ?.window;
  if (!pip) return { open: false, title: '', text: '' };
  const text = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
    if (node.nodeName === 'STYLE' || node.nodeName === 'TITLE') return '';
    const root = (node as Element & { openOrClosedShadowRoot?: ShadowRoot | null })
      .openOrClosedShadowRoot;
    return [...(root ? [root] : []), ...node.childNodes].map(text).join(' ');
  };
  return {
    open: true,
    title: pip.document.title,
    text: text(pip.document.body).replace(/\s+/g, ' ').trim(),
  };
}

/** Runs in the call tab's content-script world: closes the PiP window as its close button would. */
function closePopOutInTab(): void {
  type Api = { window: Window | null };
  (window as Window & { documentPictureInPicture?: Api }).documentPictureInPicture?.window?.close();
}

/**
 * The overlay's private text field frame of this kind (see src/shared/private-field.ts), once its
 * input has the keyboard. BiDi reports these moz-extension frames as about:blank, so each is
 * asked for its own location.
 */
export async function focusedPrivateField(page: Page, kind: PrivateFieldKind): Promise<Frame> {
  return waitFor(
    async () => {
      for (const frame of page.frames().slice(1)) {
        const focused = await frame
          .evaluate(
            (want) =>
              new URLSearchParams(location.search).get('field') === want &&
              document.hasFocus() &&
              document.activeElement?.localName === 'input',
            kind,
          )
          .catch(() => false);
        if (focused) return frame;
      }
      return null;
    },
    5_000,
    `the ${kind} private field focused`,
  );
}

/** Ctrl+Shift+9 as real key presses in the page (wherever its focus is). */
export async function pressHotkey(page: Page): Promise<void> {
  await page.bringToFront();
  await page.keyboard.down('Control');
  await page.keyboard.down('Shift');
  await page.keyboard.press('Digit9');
  await page.keyboard.up('Shift');
  await page.keyboard.up('Control');
}

async function openExtensionPage(browser: Browser, path: string): Promise<Page> {
  const page = await browser.newPage();
  const url = `${EXTENSION_ORIGIN}/${path}`;
  // The load moves the tab into the extension process: BiDi reports the old frame detached,
  // yet the page object keeps working once the new document is there.
  page.goto(url).catch(() => undefined);
  await waitFor(
    () =>
      page.evaluate((want) => location.href === want && document.readyState === 'complete', url),
    10_000,
    `extension page ${path}`,
  );
  return page;
}

export async function launchFirefox(options: LaunchOptions = {}): Promise<FirefoxHarness> {
  if (!existsSync(`${DIST_FIREFOX_DIR}/manifest.json`)) {
    throw new Error(`${DIST_FIREFOX_DIR} not built: run \`npm run build:firefox\` first`);
  }
  if (!existsSync(FIREFOX_PATH)) throw new Error(`Firefox not found at ${FIREFOX_PATH}`);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: !options.headed,
    // Room for the whole overlay next to the call page.
    defaultViewport: { width: 1280, height: 900 },
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      ...(options.backgroundIdleMs
        ? { 'extensions.background.idle.timeout': options.backgroundIdleMs }
        : {}),
      // getDisplayMedia picks a screen without asking.
      'media.navigator.permission.disabled': true,
      'media.navigator.streams.fake': true,
    },
  });
  try {
    await browser.installExtension(DIST_FIREFOX_DIR);
    const control = await openExtensionPage(browser, 'src/report/index.html');
    const pages: Page[] = [control];

    const call = async <T>(type: string, payload: unknown): Promise<T> => {
      const reply = (await control.evaluate((message) => chrome.runtime.sendMessage(message), {
        type,
        payload,
      } as never)) as { ok: boolean; value?: T; error?: { message: string } } | undefined;
      if (!reply?.ok) throw new Error(`${type}: ${reply?.error?.message ?? 'no reply'}`);
      return reply.value as T;
    };
    const mirror = () =>
      control.evaluate(async (key) => {
        const stored = await chrome.storage.local.get(key);
        return (stored[key] ?? null) as never;
      }, STORAGE_KEYS.activeIncident) as Promise<ActiveIncident | null>;

    // Built as a string so the in-tab function travels as source: BiDi evaluates it in the
    // control page without the page's CSP, which forbids eval there.
    const inTab = <T>(tabUrl: string, func: (...args: never[]) => unknown, args: unknown[]) =>
      control.evaluate(`(async () => {
        const [tab] = await browser.tabs.query({ url: ${JSON.stringify(tabUrl)} });
        if (tab?.id === undefined) throw new Error('no tab at ${tabUrl}');
        const [result] = await browser.scripting.executeScript({
          target: { tabId: tab.id },
          func: ${func.toString()},
          args: ${JSON.stringify(args)},
        });
        return result?.result;
      })()`) as Promise<T>;
    const readOnce = (tabUrl: string) =>
      inTab<OverlaySnapshot>(tabUrl, snapshotInTab, [OVERLAY_HOST_TAG]);

    const harness: FirefoxHarness = {
      browser,
      control,
      async openCall(url) {
        const page = await browser.newPage();
        pages.push(page);
        await page.setRequestInterception(true);
        page.on('request', answer);
        await page.goto(url);
        return page;
      },
      async openExtensionPage(path) {
        const page = await openExtensionPage(browser, path);
        pages.push(page);
        return page;
      },
      call,
      mirror,
      stored: () => waitFor(mirror, 5_000, 'the active incident stored'),
      async endActive() {
        const active = await mirror();
        if (!active) return;
        await call('incident/act', {
          incidentId: active.record.id,
          action: { kind: 'end', outcome: 'discarded' },
          key: crypto.randomUUID(),
        });
        await waitFor(async () => (await mirror()) === null, 5_000, 'incident ended');
      },
      async readOverlay(
        tabUrl,
        { until = (s: OverlaySnapshot) => s.present, timeoutMs = 5_000 } = {},
      ) {
        let last: OverlaySnapshot | undefined;
        try {
          return await waitFor(
            async () => {
              last = await readOnce(tabUrl);
              return until(last) && last;
            },
            timeoutMs,
            'overlay',
          );
        } catch (error) {
          throw new Error(`${(error as Error).message}; last: ${JSON.stringify(last)}`);
        }
      },
      async clickInOverlay(page, tabUrl, name) {
        const matches = (button: OverlayButton) =>
          typeof name === 'string' ? button.name === name : name.test(button.name);
        const shown = await harness.readOverlay(tabUrl, {
          until: (s) => s.buttons.some(matches),
        });
        const index = shown.buttons.findIndex(matches);
        const centre = await inTab<OverlayButton>(tabUrl, scrollToControl, [
          OVERLAY_HOST_TAG,
          index,
        ]);
        await page.bringToFront();
        await page.mouse.click(centre.x, centre.y);
      },
      async reloadCall(page, tabUrl) {
        const { frames } = await harness.readOverlay(tabUrl, { until: (s) => s.frames > 0 });
        await waitFor(
          async () => {
            const loaded = await Promise.all(
              page
                .frames()
                .slice(1)
                .map((frame) =>
                  frame.evaluate(() => document.readyState === 'complete').catch(() => false),
                ),
            );
            return loaded.length >= frames && loaded.every(Boolean);
          },
          5_000,
          "the overlay's frames loaded",
        );
        await page.reload();
      },
      readPopOut: (tabUrl) => inTab<PopOutSnapshot>(tabUrl, popOutInTab, []),
      closePopOut: (tabUrl) => inTab<void>(tabUrl, closePopOutInTab, []),
      async backgroundRunning() {
        return control.evaluate(() =>
          chrome.extension.getViews().some((view) => view.location.pathname.includes('background')),
        );
      },
      async close() {
        for (const page of pages) await page.close().catch(() => undefined);
        await browser.close();
      },
    };
    return harness;
  } catch (error) {
    await browser.close();
    throw error;
  }
}
