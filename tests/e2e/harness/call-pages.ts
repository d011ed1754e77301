/**
 * The call pages, served with no network: tests/fixtures/ imitates Meet and Zoom at their real
 * URLs, and every other http(s) request gets a 404.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Route } from 'playwright-core';
import { callPlatform } from '../../../src/shared/call-sites';
import { FIXTURES_DIR } from './paths';

export const MEET_URL = 'https://meet.google.com/abc-defg-hij';
export const ZOOM_URL = 'https://app.zoom.us/wc/123456789/join';
/** URL of the Zoom client iframe inside ZOOM_URL. */
export const ZOOM_CLIENT_URL = 'https://app.zoom.us/wc/123456789/start?fromPWA=1&pwd=abcdef';

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
  const platform = callPlatform(url.href);
  if (platform === 'zoom') {
    return /^\/wc\/[^/]+\/start\/?$/.test(url.pathname) ? 'zoom-client' : 'zoom';
  }
  return platform;
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
