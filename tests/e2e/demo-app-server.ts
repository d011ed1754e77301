/**
 * A demo app that fails on purpose, served by node:http on 127.0.0.1 (port 0), or by node:https
 * under a test host name (`startDemoApp({ tls, hostname })`, mapped to 127.0.0.1 by Chromium's
 * --host-resolver-rules): requests answered by Playwright's context.route never reach
 * chrome.webRequest, so this must be a real server.
 *
 *   GET  /                      the app page; window.demo.* makes it fail in each way (and
 *                               demo.consoleError logs one with console.error)
 *   POST /api/orders            500 with x-request-id req-42 (and headers we must not keep)
 *   GET  /api/session           401 "token expired"
 *   GET  /api/users/<e-mail>/tokens/<hex>?token=…  403: secrets in the path and the query
 *   GET  /api/empty             the socket closes without an answer (net::ERR_EMPTY_RESPONSE)
 *   GET  /api/hang              never answered; the page gives up (demo.timeout: AbortSignal.timeout)
 *   GET  /api/ok                200
 *   GET  /probe                 a page that looks for hooks on fetch, XMLHttpRequest, console
 *   GET  /boot                  the app page answered 500, which calls GET /api/session (401)
 *                               from its first script: a demo that fails while it loads
 * `refusedOrigin` is an origin on a port nothing listens on (connection refused).
 */
import { createServer, type RequestListener } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Server as NetServer } from 'node:net';
import type { TestCert } from './test-cert';

export const SECRET_EMAIL = 'jane.doe@acme.com';
export const SECRET_HEX = '0123456789abcdef0123456789abcdef';
export const QUERY_TOKEN = 'qs-secret-token-123';

const APP_PAGE = (refusedOrigin: string) => `<!doctype html>
<html><head><title>Acme demo app</title></head>
<body><h1>Acme orders</h1>
<script>
  function checkout() {
    return console.error('Checkout failed for', '${SECRET_EMAIL}', new TypeError('total is undefined'));
  }
  window.demo = {
    order: () => fetch('/api/orders?draft=1#x', { method: 'POST', body: 'secret body' }),
    session: () => fetch('/api/session'),
    secretPath: () =>
      fetch('/api/users/${SECRET_EMAIL}/tokens/${SECRET_HEX}?token=${QUERY_TOKEN}'),
    refused: () => fetch('${refusedOrigin}/api/stock').catch(() => 'refused'),
    empty: () => fetch('/api/empty').catch(() => 'empty'),
    timeout: (ms) => fetch('/api/hang', { signal: AbortSignal.timeout(ms) }).catch((e) => e.name),
    ok: () => fetch('/api/ok'),
    many: async (n) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await fetch('/api/ok?i=' + i);
      return performance.now() - t0;
    },
    throwUncaught: () => setTimeout(() => { throw new TypeError('total is undefined'); }),
    rejectUnhandled: () => { Promise.reject(new Error('payment service said no')); },
    consoleError: () => checkout(),
  };
</script></body></html>`;

/** The same checks run with and without the extension; the results must be identical. */
const PROBE_PAGE = `<!doctype html>
<html><head><title>Hook probe</title></head><body>
<script>
  window.probe = () => {
    const describe = (owner, name) => {
      const d = Object.getOwnPropertyDescriptor(owner, name);
      return d && { writable: d.writable, enumerable: d.enumerable, configurable: d.configurable,
        get: typeof d.get, set: typeof d.set, value: typeof d.value };
    };
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const fresh = frame.contentWindow;
    const src = (f) => Function.prototype.toString.call(f);
    const stackOf = () => { try { null.x; } catch (e) { return e.stack.split('\\n').slice(0, 2).join('|'); } };
    const out = {
      fetch: [src(fetch), fetch.name, fetch.length, describe(window, 'fetch'),
        src(fetch) === src(fresh.fetch), Object.getPrototypeOf(fetch) === Function.prototype],
      xhrOpen: [src(XMLHttpRequest.prototype.open), describe(XMLHttpRequest.prototype, 'open'),
        src(XMLHttpRequest) === src(fresh.XMLHttpRequest),
        Object.getOwnPropertyNames(XMLHttpRequest.prototype).sort().join(),
        Object.getPrototypeOf(XMLHttpRequest.prototype) === XMLHttpRequestEventTarget.prototype],
      console: [src(console.error), src(console.log), describe(console, 'error'),
        Object.getOwnPropertyNames(console).sort().join(),
        src(console.error) === src(fresh.console.error)],
      windowKeys: Object.getOwnPropertyNames(window).filter((k) => /demo|rescue/i.test(k)),
      stack: stackOf(),
      listeners: typeof getEventListeners,
      attrs: [...document.documentElement.attributes].map((a) => a.name).join(),
    };
    frame.remove();
    return JSON.stringify(out);
  };
</script></body></html>`;

export interface DemoApp {
  origin: string;
  refusedOrigin: string;
  /** Requests the server answered, in order ("POST /api/orders"). */
  seen: string[];
  close(): Promise<void>;
}

function listen(server: NetServer): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port));
  });
}

/** A port that was free a moment ago: nothing listens there, so connecting is refused. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

export interface DemoAppOptions {
  /** Serve https with this certificate (the browser needs --ignore-certificate-errors). */
  tls?: TestCert;
  /** The host name in `origin` (the browser must map it to 127.0.0.1). */
  hostname?: string;
}

export async function startDemoApp(options: DemoAppOptions = {}): Promise<DemoApp> {
  const refusedOrigin = `http://127.0.0.1:${await closedPort()}`;
  const seen: string[] = [];
  const handle: RequestListener = (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    seen.push(`${req.method} ${path}`);
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(body);
    };
    if (path === '/') return send(200, APP_PAGE(refusedOrigin));
    if (path === '/probe') return send(200, PROBE_PAGE);
    if (path === '/boot') {
      const page = APP_PAGE(refusedOrigin).replace('<script>', "<script>fetch('/api/session');");
      return send(500, page);
    }
    if (path === '/api/orders') {
      return send(500, '{"error":"db down"}', {
        'x-request-id': 'req-42',
        'set-cookie': 'session=never-keep-me',
        'x-internal-secret': 'never-keep-me',
      });
    }
    if (path === '/api/session') {
      return send(401, '{"error":"token expired"}', { 'x-correlation-id': 'corr-7' });
    }
    if (path.startsWith('/api/users/')) return send(403, 'forbidden');
    if (path === '/api/empty') return req.socket.destroy();
    if (path === '/api/hang') return; // Kept open, unanswered, until the page gives up.
    if (path === '/api/ok') return send(200, 'ok');
    return send(404, 'not found');
  };
  const { tls, hostname = '127.0.0.1' } = options;
  const server = tls ? createTlsServer(tls, handle) : createServer(handle);
  const port = await listen(server);
  return {
    origin: `${tls ? 'https' : 'http'}://${hostname}:${port}`,
    refusedOrigin,
    seen,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
