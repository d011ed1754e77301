/**
 * What the worker registers on demo pages: the page-error scripts for every granted demo
 * origin, the console.error wrapper only for those whose POC opted in, nothing without a grant;
 * console.error reports from anywhere else are refused. Request capture runs only while a demo
 * tab is open, and what a demo page timed before it began is kept from the page's report.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { closeDatabase } from '../../../src/background/db';
import {
  captureSince,
  capturesConsoleAt,
  followGrants,
} from '../../../src/background/demo-origins';
import {
  demoPageLeft,
  demoPageStarted,
  recordEarlyFailures,
  recordEvidence,
  recordPageError,
} from '../../../src/background/evidence';
import { CAPTURE_HANDOFF_MS, type HttpEvidence } from '../../../src/domain/evidence';
import { recentEvidence, serialized } from '../../../src/background/evidence-buffer';
import { savePoc } from '../../../src/background/pocs';
import { PAGE_CONSOLE_MAIN_SCRIPT_ID } from '../../../src/shared/constants';
import { fakeBrowser } from '../fake-browser';
import { freshStore, poc } from './store-fixtures';

interface Script {
  id: string;
  matches: string[];
  world?: string;
}
let registered: Script[] = [];
const scripting = {
  getRegisteredContentScripts: vi.fn(async ({ ids }: { ids: string[] }) =>
    registered.filter((s) => ids.includes(s.id)),
  ),
  unregisterContentScripts: vi.fn(async ({ ids }: { ids: string[] }) => {
    registered = registered.filter((s) => !ids.includes(s.id));
  }),
  registerContentScripts: vi.fn(async (scripts: Script[]) => void registered.push(...scripts)),
};
Object.assign(fakeBrowser, { scripting });

const APP = 'https://app.acme-demo.com';
const API = 'https://api.acme-demo.com';
const matchesOf = (id: string) => registered.find((s) => s.id === id)?.matches ?? null;

beforeEach(async () => {
  await freshStore();
  registered = [];
  vi.clearAllMocks();
});

describe('page scripts on demo origins', () => {
  it('registers nothing and reads no POC without a grant', async () => {
    await savePoc(poc('acme', 'Acme', { demoApps: [APP], consoleErrors: true }));
    expect(await followGrants()).toEqual([]);
    expect(registered).toEqual([]);
    expect(await capturesConsoleAt(`${APP}/checkout`)).toBe(false);
  });

  it('wraps console.error only on granted origins of POCs that opted in', async () => {
    await savePoc(poc('acme', 'Acme', { demoApps: [APP, API] }));
    await fakeBrowser.permissions.request({ origins: [`${APP}/*`, `${API}/*`] });
    await followGrants();
    expect(registered.map((s) => s.id).sort()).toEqual([
      'demo-rescue-page-errors',
      'demo-rescue-page-errors-main',
    ]);
    expect(await capturesConsoleAt(`${APP}/checkout`)).toBe(false);

    await savePoc(poc('acme', 'Acme', { demoApps: [APP, API], consoleErrors: true }));
    // Another POC opted in for an origin never granted: nothing there.
    await savePoc(
      poc('globex', 'Globex', { demoApps: ['https://globex.test'], consoleErrors: true }),
    );
    await followGrants();
    expect(matchesOf(PAGE_CONSOLE_MAIN_SCRIPT_ID)).toEqual([`${APP}/*`, `${API}/*`]);
    expect(registered.find((s) => s.id === PAGE_CONSOLE_MAIN_SCRIPT_ID)?.world).toBe('MAIN');
    expect(await capturesConsoleAt(`${APP}/checkout?x=1`)).toBe(true);
    expect(await capturesConsoleAt('https://globex.test/')).toBe(false);

    await savePoc(poc('acme', 'Acme', { demoApps: [APP, API], consoleErrors: false }));
    await followGrants();
    expect(matchesOf(PAGE_CONSOLE_MAIN_SCRIPT_ID)).toBeNull();
    expect(matchesOf('demo-rescue-page-errors-main')).toEqual([`${APP}/*`, `${API}/*`]);
  });

  it('refuses console.error reports from a page whose POC did not opt in', async () => {
    await savePoc(poc('acme', 'Acme', { demoApps: [APP] }));
    await fakeBrowser.permissions.request({ origins: [`${APP}/*`] });
    await followGrants();
    const report = { source: 'console' as const, message: 'forged', stack: null };
    await expect(recordPageError(report, `${APP}/`)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      recordPageError({ ...report, source: 'exception' }, `${APP}/`),
    ).resolves.toBeUndefined();
  });

  it('still captures requests and page errors when the POCs cannot be read', async () => {
    await fakeBrowser.permissions.request({ origins: [`${APP}/*`] });
    await closeDatabase();
    globalThis.indexedDB = {
      open: () => {
        throw new Error('disk gone');
      },
    } as unknown as IDBFactory;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await followGrants()).toEqual([APP]);
    expect(logged).toHaveBeenCalledWith(
      'Demo Rescue: the POCs could not be read for console.error capture',
      expect.anything(),
    );
    expect(matchesOf('demo-rescue-page-errors-main')).toEqual([`${APP}/*`]);
    expect(matchesOf(PAGE_CONSOLE_MAIN_SCRIPT_ID)).toBeNull();
  });
});

describe('request capture follows the demo tabs', () => {
  /** Tabs showing these URLs; tabs.query answers with those its URL patterns match. */
  const tabsOpen = (urls: string[]) =>
    fakeBrowser.tabs.query.mockImplementation(async (query?: { url?: string[] }) =>
      urls
        .map((url, i) => ({ id: i, url }))
        .filter(({ url }) =>
          (query?.url ?? []).some((pattern) => url.startsWith(pattern.replace(/\*$/, ''))),
        ),
    );

  it('runs only while a tab shows a granted demo origin, and says since when', async () => {
    await fakeBrowser.permissions.request({ origins: [`${APP}/*`, `${API}/*`] });
    tabsOpen([]);
    await followGrants();
    expect(await captureSince()).toBeNull();
    expect(fakeBrowser.tabs.query).toHaveBeenCalledWith({ url: [`${APP}/*`, `${API}/*`] });

    tabsOpen([`${APP}/orders`]);
    const before = Date.now();
    await followGrants();
    const since = await captureSince();
    expect(since).toBeGreaterThanOrEqual(before);
    // Another demo page starting keeps the same start.
    await followGrants();
    expect(await captureSince()).toBe(since);

    tabsOpen([]);
    await followGrants();
    expect(await captureSince()).toBeNull();
  });

  it('stops once the demo page that went leaves no tab on a demo app', async () => {
    await fakeBrowser.permissions.request({ origins: [`${APP}/*`] });
    tabsOpen([`${APP}/`]);
    await demoPageStarted(`${APP}/`);
    expect(await captureSince()).not.toBeNull();
    vi.useFakeTimers();
    try {
      await demoPageLeft(`${APP}/`);
      // The tab shows another site once the next page commits.
      tabsOpen(['https://mail.example.com/']);
      await vi.advanceTimersByTimeAsync(1_000);
    } finally {
      vi.useRealTimers();
    }
    await vi.waitFor(async () => expect(await captureSince()).toBeNull());
    await expect(demoPageLeft('https://mail.example.com/')).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('looks at no tab without a grant', async () => {
    await followGrants();
    expect(fakeBrowser.tabs.query).not.toHaveBeenCalled();
  });

  it('keeps failures a demo page timed before capture began, on granted origins only', async () => {
    await fakeBrowser.permissions.request({ origins: [`${APP}/*`] });
    tabsOpen([`${APP}/`]);
    const since = await demoPageStarted(`${APP}/`);
    expect(since).not.toBeNull();
    const at = since! - 1_000;
    const timed = (url: string, status: number, endedAt = at) => ({
      url,
      status,
      startedAt: endedAt - 40,
      endedAt,
    });
    await recordEarlyFailures(
      [
        timed(`${APP}/boot?token=abc`, 500),
        timed(`${APP}/users/jane.doe@acme.com`, 403),
        timed(`${APP}/ok`, 200),
        // Status 0: not exposed, or refused; nothing can be said.
        timed(`${APP}/hidden`, 0),
        // Ended once the listeners were surely armed: webRequest saw it, with method and ids.
        timed(`${APP}/late`, 500, since! + CAPTURE_HANDOFF_MS),
        timed('https://elsewhere.example/api', 500),
      ],
      `${APP}/`,
    );
    const buffered = (await serialized(() => recentEvidence(Date.now()))).filter(
      (e) => e.kind === 'http',
    );
    expect(buffered.map((e) => [e.kind, e.path, 'status' in e && e.status])).toEqual([
      ['http', '/boot', 500],
      ['http', '/users/[redacted]', 403],
    ]);
    expect(buffered[0]).toMatchObject({ method: '', ids: [], durationMs: 40, at });

    await expect(recordEarlyFailures([], 'https://elsewhere.example/')).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('keeps a failure that ended while the listeners were armed, unless webRequest saw it', async () => {
    await fakeBrowser.permissions.request({ origins: [`${APP}/*`] });
    tabsOpen([`${APP}/`]);
    const since = (await demoPageStarted(`${APP}/`))!;
    const endedAt = since + 50;
    // The buffer keeps nothing from the future.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, endedAt + 10 - Date.now())));
    const seen: HttpEvidence = {
      kind: 'http',
      id: 'wr-1',
      at: endedAt + 3,
      origin: APP,
      path: '/api/session',
      method: 'GET',
      status: 401,
      durationMs: 30,
      ids: [],
    };
    recordEvidence([seen]);
    const timed = (path: string) => ({
      url: `${APP}${path}`,
      status: 401,
      startedAt: endedAt - 30,
      endedAt,
    });
    await recordEarlyFailures([timed('/api/session'), timed('/api/me')], `${APP}/`);
    const buffered = await serialized(() => recentEvidence(Date.now()));
    // In time order: the timed one ended 3 ms before webRequest's completion.
    expect(buffered.map((e) => [e.id.split('-')[0], e.path])).toEqual([
      ['timing', '/api/me'],
      ['wr', '/api/session'],
    ]);
  });
});
