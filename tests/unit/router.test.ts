import { describe, expect, it, vi } from 'vitest';
import type { Caller, Handlers } from '../../src/background/router';
import { identifyCaller, route } from '../../src/background/router';

const ID = 'ext-id';
const ORIGIN = `chrome-extension://${ID}/`;
const page: Caller = {
  kind: 'page',
  platform: 'practice',
  tabId: 3,
  frameId: 0,
  url: `${ORIGIN}src/popup/index.html`,
};
const callTab: Caller = {
  kind: 'call',
  platform: 'meet',
  tabId: 7,
  frameId: 0,
  url: 'https://meet.google.com/abc-defg-hij',
};

function handlersWith(overrides: Partial<Handlers>): Handlers {
  return new Proxy(overrides as Handlers, {
    get: (target, key: string) => target[key as keyof Handlers] ?? vi.fn(async () => null),
  });
}

describe('identifyCaller', () => {
  it('accepts our pages and our content script in a call tab only', () => {
    expect(
      identifyCaller({ id: ID, url: `${ORIGIN}src/options/index.html` }, ID, ORIGIN)?.kind,
    ).toBe('page');
    expect(
      identifyCaller(
        {
          id: ID,
          url: 'https://app.zoom.us/wc/123456789/start',
          tab: { id: 4 } as never,
          frameId: 2,
        },
        ID,
        ORIGIN,
      ),
    ).toMatchObject({ kind: 'call', platform: 'zoom', tabId: 4, frameId: 2 });
    expect(
      identifyCaller({ id: 'other-extension', url: `${ORIGIN}x.html` }, ID, ORIGIN),
    ).toBeNull();
    // Any other web page may be a demo app: it gets the `demo` kind, which only `demo` methods
    // accept (and their handler checks that its origin is granted).
    expect(
      identifyCaller({ id: ID, url: 'https://example.com/', tab: { id: 1 } as never }, ID, ORIGIN)
        ?.kind,
    ).toBe('demo');
    expect(
      identifyCaller({ id: ID, url: 'https://meet.google.com/abc-defg-hij' }, ID, ORIGIN),
    ).toBeNull();
  });
  it("takes an about:blank or srcdoc frame for its tab's call page only with that page's origin", () => {
    const meet = 'https://meet.google.com/abc-defg-hij';
    const frame = (url: string, origin: string | undefined, tabUrl = meet) =>
      identifyCaller(
        { id: ID, url, origin, tab: { id: 4, url: tabUrl } as never, frameId: 9 } as never,
        ID,
        ORIGIN,
      );
    expect(frame('about:blank', 'https://meet.google.com')).toMatchObject({
      kind: 'call',
      platform: 'meet',
      tabId: 4,
      frameId: 9,
      url: meet,
    });
    expect(frame('about:srcdoc', 'https://meet.google.com')?.kind).toBe('call');
    // Made by a frame of another origin (an embed), or with no origin told: not the call page.
    expect(frame('about:blank', 'https://ads.example.com')).toBeNull();
    expect(frame('about:blank', 'null')).toBeNull();
    expect(frame('about:blank', undefined)).toBeNull();
    // Only about:blank and about:srcdoc borrow their maker's address.
    expect(frame('about:blankish', 'https://meet.google.com')).toBeNull();
    // A demo tab's blank frames run none of our scripts: nothing to hear from them.
    expect(frame('about:blank', 'https://example.com', 'https://example.com/')).toBeNull();
  });
});

describe('a blank popup window a call page opened', () => {
  const popup = (over: Record<string, unknown> = {}, tab: Record<string, unknown> = {}) =>
    identifyCaller(
      {
        id: ID,
        url: 'about:blank',
        origin: 'https://meet.google.com',
        frameId: 0,
        tab: { id: 8, url: 'about:blank', openerTabId: 3, ...tab },
        ...over,
      } as never,
      ID,
      ORIGIN,
    );

  it('speaks for its opener, as a call', () => {
    expect(popup()).toMatchObject({ kind: 'call', platform: 'meet', tabId: 8, openerTabId: 3 });
    expect(popup({ origin: 'https://us02web.zoom.us' })?.platform).toBe('zoom');
  });

  it('only with a call origin, an opener, and no address of its own', () => {
    expect(popup({ origin: 'https://ads.example.com' })).toBeNull();
    expect(popup({ origin: 'https://zoom.us.example.com' })).toBeNull();
    expect(popup({}, { openerTabId: undefined })).toBeNull();
    expect(popup({}, { url: 'https://example.com/' })).toBeNull();
  });

  it('may only report shares', async () => {
    const caller = popup()!;
    const hint = { sharing: true, surface: 'monitor', selfTab: false };
    const handlers = handlersWith({ 'share/hint': async () => null });
    expect(await route(handlers, { type: 'share/hint', payload: hint }, caller)).toEqual({
      ok: true,
      value: null,
    });
    const start = await route(handlers, { type: 'recovery/start', payload: {} }, caller);
    expect(start).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('route', () => {
  it('rejects messages of the wrong shape with a typed error', async () => {
    const reply = await route(
      handlersWith({}),
      { type: 'incident/act', payload: { incidentId: 'x', action: { kind: 'explode' } } },
      page,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    if (!reply.ok) expect(reply.error.message).toMatch(/incident\/act/);
    expect(await route(handlersWith({}), 'hello', page)).toMatchObject({
      ok: false,
      error: { code: 'invalid-message' },
    });
    expect(await route(handlersWith({}), { type: 'nope', payload: {} }, page)).toMatchObject({
      ok: false,
      error: { code: 'invalid-message' },
    });
  });

  it('refuses unknown senders and page-only methods from call tabs', async () => {
    const exportAll = vi.fn(async () => '{}');
    const handlers = handlersWith({ 'backup/export': exportAll });
    expect(await route(handlers, { type: 'backup/export', payload: {} }, null)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await route(handlers, { type: 'backup/export', payload: {} }, callTab)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(exportAll).not.toHaveBeenCalled();
    expect(await route(handlers, { type: 'backup/export', payload: {} }, page)).toEqual({
      ok: true,
      value: '{}',
    });
  });

  it('lets a demo tab call only the demo methods, and nothing else call those', async () => {
    const demoTab: Caller = { ...callTab, kind: 'demo', url: 'https://app.example.com/' };
    const report = vi.fn(async () => null);
    const active = vi.fn(async () => ({ incident: null, here: false }));
    const handlers = handlersWith({ 'evidence/page-error': report, 'incident/active': active });
    const pageError = {
      type: 'evidence/page-error',
      payload: { source: 'exception', message: 'boom', stack: null },
    };
    expect(await route(handlers, pageError, demoTab)).toEqual({ ok: true, value: null });
    expect(await route(handlers, pageError, callTab)).toMatchObject({
      error: { code: 'forbidden' },
    });
    expect(await route(handlers, pageError, page)).toMatchObject({ error: { code: 'forbidden' } });
    expect(await route(handlers, { type: 'incident/active', payload: {} }, demoTab)).toMatchObject({
      error: { code: 'forbidden' },
    });
    expect(report).toHaveBeenCalledTimes(1);
    expect(active).not.toHaveBeenCalled();
  });

  it('passes validated payloads and the caller to the handler, and serialises its errors', async () => {
    const act = vi.fn(async () => {
      throw new Error('disk on fire');
    });
    const reply = await route(
      handlersWith({ 'incident/act': act as unknown as Handlers['incident/act'] }),
      {
        type: 'incident/act',
        payload: { incidentId: 'i1', action: { kind: 'note', text: 'hello', extra: 1 }, key: 'k1' },
      },
      callTab,
    );
    expect(act).toHaveBeenCalledWith(
      { incidentId: 'i1', action: { kind: 'note', text: 'hello' }, key: 'k1' },
      callTab,
    );
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('disk on fire') },
    });
  });

  it('rejects oversized text with the path of the problem', async () => {
    const reply = await route(
      handlersWith({}),
      {
        type: 'incident/act',
        payload: { incidentId: 'i1', action: { kind: 'note', text: 'x'.repeat(2001) }, key: 'k1' },
      },
      callTab,
    );
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.problems?.[0]).toMatchObject({
        path: 'action.text',
        message: 'must be at most 2,000 characters',
      });
    }
  });
});
