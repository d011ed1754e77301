/**
 * The webRequest wiring: the catch-all listeners of a worker start only queue, and once the
 * granted origins are known only listeners filtered to them remain (none when there are none);
 * queued events of other origins are dropped unread.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Evidence } from '../../../src/domain/evidence';

type Listener = (details: Record<string, unknown>) => void;
interface Registered {
  listener: Listener;
  filter: { urls: string[] };
  extra?: string[];
}

function fakeEvent() {
  const registered: Registered[] = [];
  return {
    registered,
    addListener: (listener: Listener, filter: { urls: string[] }, extra?: string[]) =>
      void registered.push({ listener, filter, extra }),
    removeListener: (listener: Listener) => {
      const i = registered.findIndex((r) => r.listener === listener);
      if (i >= 0) registered.splice(i, 1);
    },
    fire: (details: Record<string, unknown>) => registered.forEach((r) => r.listener(details)),
  };
}

const webRequest = {
  onBeforeRequest: fakeEvent(),
  onResponseStarted: fakeEvent(),
  onCompleted: fakeEvent(),
  onErrorOccurred: fakeEvent(),
};
const scope = globalThis as unknown as { chrome: Record<string, unknown> };
let saved: unknown;

beforeEach(() => {
  saved = scope.chrome.webRequest;
  scope.chrome.webRequest = webRequest;
  for (const event of Object.values(webRequest)) event.registered.length = 0;
  vi.resetModules();
});
afterEach(() => {
  scope.chrome.webRequest = saved;
});

const APP = 'http://127.0.0.1:4100';
const completed = (url: string, statusCode: number, extra: Record<string, unknown> = {}) => ({
  requestId: `r-${url}`,
  url,
  method: 'POST',
  statusCode,
  tabId: 3,
  timeStamp: 1_000,
  responseHeaders: [
    { name: 'X-Request-Id', value: 'req-42' },
    { name: 'Set-Cookie', value: 'session=secret' },
  ],
  ...extra,
});

describe('evidence capture', () => {
  it('queues at start, then keeps only the granted origins and their failures', async () => {
    const { listenEarly, listenTo } = await import('../../../src/background/evidence-capture');
    const seen: Evidence[] = [];
    listenEarly((items) => seen.push(...items));
    expect(webRequest.onCompleted.registered).toHaveLength(1);
    expect(webRequest.onCompleted.registered[0]!.extra).toEqual(['responseHeaders']);
    // The request that woke the worker, and a Meet request in the same moment.
    webRequest.onCompleted.fire(completed(`${APP}/api/orders?token=abc`, 500));
    webRequest.onCompleted.fire(completed('https://meet.google.com/x', 500));
    expect(seen).toEqual([]);

    listenTo([APP]);
    expect(webRequest.onCompleted.registered.map((r) => r.filter.urls)).toEqual([[`${APP}/*`]]);
    expect(webRequest.onBeforeRequest.registered.map((r) => r.filter.urls)).toEqual([[`${APP}/*`]]);
    expect(seen).toEqual([
      expect.objectContaining({
        kind: 'http',
        origin: APP,
        path: '/api/orders',
        status: 500,
        ids: [{ name: 'x-request-id', value: 'req-42' }],
      }),
    ]);

    webRequest.onCompleted.fire(completed(`${APP}/api/ok`, 200));
    webRequest.onCompleted.fire(completed(`${APP}/background`, 500, { tabId: -1 }));
    webRequest.onErrorOccurred.fire({
      requestId: 'e1',
      url: `${APP}/api/stock`,
      method: 'GET',
      tabId: 3,
      timeStamp: 2_000,
      error: 'net::ERR_CONNECTION_REFUSED',
    });
    webRequest.onErrorOccurred.fire({
      requestId: 'e2',
      url: `${APP}/api/aborted`,
      method: 'GET',
      tabId: 3,
      timeStamp: 2_000,
      error: 'net::ERR_ABORTED',
    });
    expect(seen.map((e) => e.kind)).toEqual(['http', 'network']);
  });

  it('has no listener at all without a granted origin, and follows a new grant', async () => {
    const { listenEarly, listenTo } = await import('../../../src/background/evidence-capture');
    listenEarly(() => undefined);
    listenTo([]);
    for (const event of Object.values(webRequest)) expect(event.registered).toEqual([]);
    listenTo([APP, 'https://api.acme-demo.com']);
    expect(webRequest.onErrorOccurred.registered.map((r) => r.filter.urls)).toEqual([
      [`${APP}/*`, 'https://api.acme-demo.com/*'],
    ]);
    listenTo([]);
    for (const event of Object.values(webRequest)) expect(event.registered).toEqual([]);
  });

  it('times a request from its start to its end', async () => {
    const { listenEarly, listenTo } = await import('../../../src/background/evidence-capture');
    const seen: Evidence[] = [];
    listenEarly((items) => seen.push(...items));
    listenTo([APP]);
    webRequest.onBeforeRequest.fire({ requestId: 'r9', url: `${APP}/api/x`, timeStamp: 500 });
    webRequest.onCompleted.fire(
      completed(`${APP}/api/x`, 503, { requestId: 'r9', timeStamp: 3_500 }),
    );
    expect(seen[0]).toMatchObject({ status: 503, durationMs: 3_000 });
  });

  it('keeps a request left unanswered until the page gave up, not other cancels', async () => {
    const { listenEarly, listenTo } = await import('../../../src/background/evidence-capture');
    const seen: Evidence[] = [];
    listenEarly((items) => seen.push(...items));
    listenTo([APP]);
    const start = (requestId: string, timeStamp: number, type = 'xmlhttprequest') =>
      webRequest.onBeforeRequest.fire({
        requestId,
        url: `${APP}/api/${requestId}`,
        tabId: 3,
        timeStamp,
        type,
      });
    const cancel = (requestId: string, timeStamp: number) =>
      webRequest.onErrorOccurred.fire({
        requestId,
        url: `${APP}/api/${requestId}`,
        method: 'GET',
        tabId: 3,
        timeStamp,
        error: 'net::ERR_ABORTED',
      });
    start('hung', 1_000);
    cancel('hung', 6_000); // AbortSignal.timeout(5000): evidence.
    start('stale', 7_000);
    cancel('stale', 7_200); // A search box's stale request: not.
    start('stream', 8_000);
    webRequest.onResponseStarted.fire({ requestId: 'stream', url: `${APP}/api/stream`, tabId: 3 });
    cancel('stream', 20_000); // Closed after its answer began: not.
    start('poll', 21_000);
    start('page', 30_000, 'main_frame');
    cancel('poll', 30_010); // Cancelled by the tab's navigation: not.
    expect(seen).toEqual([
      expect.objectContaining({
        kind: 'network',
        path: '/api/hung',
        error: 'net::ERR_ABORTED',
        durationMs: 5_000,
      }),
    ]);
  });
});
