/**
 * E2E helpers for evidence capture: Meet-only routing, an https demo app under a test host
 * name, granting a demo origin, the buffer.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { Evidence } from '../../src/domain/evidence';
import { STORAGE_KEYS } from '../../src/shared/constants';
import type { DemoApp } from './demo-app-server';
import { startDemoApp } from './demo-app-server';
import { MEET_URL, fixtureHtml, pressRealKeys, waitFor } from './harness';
import { makeTestCert } from './test-cert';

/** The https demo app's host name; the browser resolves it to 127.0.0.1 (HTTPS_DEMO_ARGS). */
export const HTTPS_DEMO_HOST = 'app.acme-demo.test';

/** Chromium switches for the https demo app: its host name, and its self-signed certificate. */
export const HTTPS_DEMO_ARGS = [
  `--host-resolver-rules=MAP ${HTTPS_DEMO_HOST} 127.0.0.1`,
  '--ignore-certificate-errors',
];

/** The demo app over https at https://app.acme-demo.test:<port>, with a fresh certificate. */
export async function startHttpsDemoApp(): Promise<DemoApp> {
  return startDemoApp({ tls: await makeTestCert(HTTPS_DEMO_HOST), hostname: HTTPS_DEMO_HOST });
}

/**
 * Serves the Meet fixture only. routeCallPages answers every other request itself, and a
 * routed request never reaches chrome.webRequest: the demo app must go to its real server.
 */
export async function routeMeetOnly(context: BrowserContext): Promise<void> {
  const origin = new URL(MEET_URL).origin;
  await context.route(`${origin}/**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: fixtureHtml('meet') }),
  );
}

/**
 * Adds `origin` to the selected POC in the options page and accepts Chrome's permission
 * dialog with real keys (xdotool Tab Return: a headed browser is needed). This is the
 * product's own path: chrome.permissions.request on the click, then the SE's "Allow".
 */
export async function addDemoApp(options: Page, origin: string): Promise<void> {
  await options.getByRole('textbox', { name: 'Demo app address' }).fill(origin);
  await options.getByRole('button', { name: 'Add and allow access' }).click();
  const granted = options
    .getByRole('list', { name: 'Demo app addresses' })
    .getByRole('listitem')
    .filter({ hasText: origin })
    .getByText('Access granted');
  await waitFor(
    async () => {
      if (await granted.isVisible()) return true;
      // The dialog takes a moment to open; a key sent before it lands on the page (harmless).
      await pressRealKeys(['Tab', 'Return'], { page: options });
      return granted.isVisible();
    },
    15_000,
    { intervalMs: 700, message: `access to ${origin} granted` },
  );
}

/** The recent-failures buffer as the worker stored it (chrome.storage.session). */
export async function bufferOf(extensionPage: Page): Promise<Evidence[]> {
  return extensionPage.evaluate(async (key) => {
    const stored = await chrome.storage.session.get(key);
    return (stored[key] ?? []) as Evidence[];
  }, STORAGE_KEYS.evidence);
}

/**
 * The webRequest events the browser holds a listener of ours for (lazy ones included, which
 * wake the worker), as chrome://extensions-internals lists them. Read in one page kept open
 * (`internals`): a tab opened and closed per look would itself make the worker look again.
 */
export async function webRequestListeners(internals: Page, extensionId: string): Promise<string[]> {
  await internals.goto('chrome://extensions-internals');
  const text = await internals.evaluate(() => document.body.innerText);
  const extensions = JSON.parse(text) as {
    id: string;
    event_listeners?: { listeners?: { event_name: string }[] };
  }[];
  const ours = extensions.find((extension) => extension.id === extensionId);
  if (!ours) throw new Error(`extension ${extensionId} not in chrome://extensions-internals`);
  return (ours.event_listeners?.listeners ?? [])
    .map((listener) => listener.event_name)
    .filter((name) => name.startsWith('webRequest.'));
}
