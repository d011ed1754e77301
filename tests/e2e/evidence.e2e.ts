/**
 * Evidence from the demo tab, in real Chromium against a real local server (demo-app-server):
 * grant the origin on the options page, make the app fail, stop the worker, press the hotkey;
 * the recovery, the popup timeline and the follow-up show the failures, redacted. Origins never
 * granted, or revoked, capture nothing, and the page sees its own fetch, XHR and console. An
 * https origin (a test host name and certificate) captures the same; a request the page gave
 * up on after a while with no answer is kept, quicker cancels and a navigation's are not.
 * console.error is captured only where a POC opted in, and evidence can be deleted from the
 * recovery.
 * Headed (the permission dialog is answered with real keys): run under with-display.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/domain/evidence';
import { describeEvidence as spoken } from '../../src/domain/evidence';
import type { DemoApp } from './demo-app-server';
import { PAGE_CONSOLE_MAIN_SCRIPT_ID } from '../../src/shared/constants';
import { QUERY_TOKEN, SECRET_EMAIL, SECRET_HEX, startDemoApp } from './demo-app-server';
import {
  HTTPS_DEMO_ARGS,
  addDemoApp,
  bufferOf,
  routeMeetOnly,
  startHttpsDemoApp,
  webRequestListeners,
} from './evidence-helpers';
import {
  MEET_URL,
  START_RECOVERY_COMMAND,
  clickInOverlay,
  contentScriptContexts,
  dispatchCommand,
  hasDisplay,
  isServiceWorkerRunning,
  launchExtension,
  openExtensionPage,
  readOverlay,
  sleep,
  stopServiceWorker,
  waitFor,
  waitForServiceWorker,
  type ExtensionHarness,
} from './harness';
import { extensionProbe, type ExtensionProbe } from './overlay-helpers';

const title = hasDisplay()
  ? 'evidence from the demo tab'
  : 'evidence from the demo tab — SKIPPED: no DISPLAY; run under `node scripts/with-display.mjs`';

const describeEvidence = (e: Evidence) =>
  e.kind === 'page' ? `${e.source}: ${e.message}` : `${e.method} ${e.path}`;

describe.skipIf(!hasDisplay())(title, () => {
  let h: ExtensionHarness;

  /** A new Meet tab in front, and the recovery command as Chrome dispatches it. */
  async function startRecoveryInNewCall(): Promise<Page> {
    const meet = await h.context.newPage();
    await meet.goto(MEET_URL);
    await contentScriptContexts(meet);
    await meet.bringToFront();
    await dispatchCommand(
      await waitForServiceWorker(h.context, h.extensionId),
      START_RECOVERY_COMMAND,
    );
    return meet;
  }
  let app: DemoApp;
  let other: DemoApp;
  let secure: DemoApp;
  let noisy: DemoApp;
  let options: Page;
  let probe: ExtensionProbe;

  beforeAll(async () => {
    [app, other, secure, noisy] = await Promise.all([
      startDemoApp(),
      startDemoApp(),
      startHttpsDemoApp(),
      startDemoApp(),
    ]);
    h = await launchExtension({ headed: true, args: HTTPS_DEMO_ARGS });
    await routeMeetOnly(h.context);
    probe = await extensionProbe(h.context, h.extensionId);
    options = await openExtensionPage(h.context, h.extensionId, 'src/options/index.html');
    await options.getByRole('tab', { name: 'POCs' }).click();
    await options.getByRole('button', { name: 'Add POC' }).click();
    await options.getByLabel('Prospect').fill('Acme Demo Co');
    await addDemoApp(options, app.origin);
    await addDemoApp(options, app.refusedOrigin);
  }, 90_000);

  afterAll(async () => {
    await h?.close();
    await Promise.all([app?.close(), other?.close(), secure?.close(), noisy?.close()]);
  });

  it('shows the failures in the recovery, in order and redacted, even after a worker stop', async () => {
    const demo = await h.context.newPage();
    await demo.goto(`${app.origin}/`);
    // Each failure in turn, so their order is known.
    await demo.evaluate(async () => {
      const d = (window as unknown as { demo: Record<string, () => Promise<unknown>> }).demo;
      await d.session!();
      await d.secretPath!();
      await d.refused!();
      await d.empty!();
      d.throwUncaught!();
      await new Promise((done) => setTimeout(done, 50));
      d.rejectUnhandled!();
      await new Promise((done) => setTimeout(done, 50));
      await d.order!();
    });
    const expected = [
      'GET /api/session',
      'GET /api/users/[redacted]/tokens/[redacted]',
      'GET /api/stock',
      'GET /api/empty',
      'exception: TypeError: total is undefined',
      'rejection: Error: payment service said no',
      'POST /api/orders',
    ];
    const buffered = await waitFor(
      async () => {
        const items = await bufferOf(probe.page);
        return items.length >= expected.length ? items : null;
      },
      10_000,
      { message: 'all seven failures buffered' },
    );
    expect(buffered.map(describeEvidence)).toEqual(expected);
    const orders = buffered.at(-1)!;
    expect(orders).toMatchObject({ kind: 'http', status: 500, origin: app.origin });
    expect(orders.kind === 'http' && orders.ids).toEqual([
      { name: 'x-request-id', value: 'req-42' },
    ]);
    expect(buffered[0]).toMatchObject({ status: 401, ids: [{ name: 'x-correlation-id' }] });
    expect(buffered[2]).toMatchObject({ kind: 'network', error: 'net::ERR_CONNECTION_REFUSED' });
    expect(buffered[3]).toMatchObject({ kind: 'network', error: 'net::ERR_EMPTY_RESPONSE' });
    const stored = JSON.stringify(buffered);
    for (const secret of [SECRET_EMAIL, SECRET_HEX, QUERY_TOKEN, 'never-keep-me', 'secret body']) {
      expect(stored).not.toContain(secret);
    }

    // The worker sleeps between the failure and the hotkey: nothing is lost.
    await stopServiceWorker(h.context, h.extensionId);
    const meet = await startRecoveryInNewCall();
    await readOverlay(meet, { until: (s) => s.visibleText.includes('Acknowledge') });
    const shown = await readOverlay(meet, {
      until: (s) => s.visibleText.includes('POST /api/orders → 500'),
      timeoutMs: 1_000,
    });
    const text = shown.visibleText;
    expect(text).toContain('Seen failing in the demo (7)');
    const lines = [
      'GET /api/stock → connection refused',
      'GET /api/empty → empty response',
      'Uncaught error: TypeError: total is undefined',
      'Unhandled rejection: Error: payment service said no',
      'POST /api/orders → 500',
    ];
    const at = lines.map((line) => text.indexOf(line));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toContain('x-request-id req-42');
    for (const secret of [SECRET_EMAIL, SECRET_HEX, QUERY_TOKEN])
      expect(text).not.toContain(secret);

    // One click uses the 500 as "What failed"; Diagnose then offers a line built from it.
    await clickInOverlay(meet, /^Use as what failed: POST \/api\/orders/, { role: 'button' });
    const issue = 'the request to /api/orders returned a 500 (x-request-id req-42)';
    await waitFor(async () => (await probe.mirror())?.record.issue === issue, 5_000, {
      message: 'issue saved',
    });
    await clickInOverlay(meet, /acknowledged/, { role: 'button' });
    const diagnose = await readOverlay(meet, {
      until: (s) => s.visibleText.includes('I can see the request to /api/orders returned a 500'),
    });
    expect(diagnose.visibleText).toContain('I can see the request to /api/orders returned a 500');
    await clickInOverlay(meet, /^Next talk track/, { role: 'button' });
    const filled = await readOverlay(meet, {
      until: (s) => s.visibleText.includes(`checking the logs for ${issue} now`),
    });
    expect(filled.visibleText).toContain(`I'm checking the logs for ${issue} now`);
    expect(filled.visibleText).not.toMatch(/\{[a-z]+\}/);

    // The popup timeline and the follow-up draft carry the evidence.
    const active = (await probe.mirror())!;
    await probe.call('incident/act', {
      incidentId: active.record.id,
      action: { kind: 'end', outcome: 'escalated' },
      key: crypto.randomUUID(),
    });
    const popup = await openExtensionPage(h.context, h.extensionId, 'src/popup/index.html');
    await popup.getByRole('button', { name: /Acme Demo Co/ }).click();
    const timeline = popup.getByRole('region', { name: /Timeline/ });
    await timeline
      .getByText('Seen in the demo: POST /api/orders → 500 (x-request-id req-42)')
      .waitFor();
    await popup.getByRole('button', { name: 'Write follow-up' }).click();
    const rootCause = await popup.getByLabel('Root cause').inputValue();
    expect(rootCause).toMatch(
      /^First failure seen: GET \/api\/session → 401 \(x-correlation-id corr-7\)\. 6 more failures followed\./,
    );

    // Evidence can be deleted from the incident.
    await popup.close();
    const again = await openExtensionPage(h.context, h.extensionId, 'src/popup/index.html');
    await again.getByRole('button', { name: /Acme Demo Co/ }).click();
    await again
      .getByRole('button', { name: /^Delete this evidence: Seen in the demo: GET \/api\/empty/ })
      .click();
    await waitFor(
      async () => {
        const stored = await probe.incident(active.record.id);
        return (
          stored &&
          !stored.events.some((e) => e.type === 'evidence' && e.item.path === '/api/empty')
        );
      },
      5_000,
      { message: 'evidence deleted' },
    );
    await again.close();
    await meet.close();
    await demo.close();
  });

  it('captures nothing on an origin never granted, or once revoked, and never wakes for it', async () => {
    const before = (await bufferOf(probe.page)).length;
    const stranger = await h.context.newPage();
    await stranger.goto(`${other.origin}/`);
    await stopServiceWorker(h.context, h.extensionId);
    await stranger.evaluate(async () => {
      const d = (window as unknown as { demo: Record<string, () => Promise<unknown>> }).demo;
      await d.order!();
      d.throwUncaught!();
    });
    await sleep(1_000);
    // No listener of ours matches it: the worker was not even woken.
    expect(await isServiceWorkerRunning(h.context, h.extensionId)).toBe(false);
    expect(other.seen).toContain('POST /api/orders');
    expect((await bufferOf(probe.page)).filter((e) => e.origin === other.origin)).toEqual([]);

    // Revoked: removing the address gives the access back; its failures are no longer seen.
    await options.bringToFront();
    await options.getByRole('button', { name: `Remove ${app.origin}` }).click();
    // Revoked, and the worker followed: no page-error script for it any more.
    await waitFor(
      async () => {
        const granted = await probe.page.evaluate(
          (pattern) => chrome.permissions.contains({ origins: [pattern] }),
          `${app.origin}/*`,
        );
        const scripts = await probe.page.evaluate(() =>
          chrome.scripting.getRegisteredContentScripts(),
        );
        return !granted && !JSON.stringify(scripts).includes(app.origin);
      },
      5_000,
      { message: 'access revoked and capture stopped' },
    );
    const revokedAt = Date.now();
    const demo = await h.context.newPage();
    await demo.goto(`${app.origin}/`);
    await demo.evaluate(async () => {
      const d = (window as unknown as { demo: Record<string, () => Promise<unknown>> }).demo;
      await d.order!();
      d.throwUncaught!();
    });
    await sleep(1_000);
    const after = await bufferOf(probe.page);
    expect(after.filter((e) => e.at >= revokedAt)).toEqual([]);
    expect(after.length).toBeLessThanOrEqual(before);
    await stranger.close();
    await demo.close();
    // Grant it again for the next test.
    await options.bringToFront();
    await addDemoApp(options, app.origin);
  });

  /** What the probe page sees of fetch, XMLHttpRequest and console on this origin. */
  const hooksSeenAt = async (origin: string) => {
    const page = await h.context.newPage();
    await page.goto(`${origin}/probe`);
    const result = await page.evaluate(() =>
      (window as unknown as { probe(): string }).probe().replaceAll(location.origin, 'ORIGIN'),
    );
    await page.close();
    return JSON.parse(result) as Record<string, unknown>;
  };

  /** The page scripts the worker registered, as JSON text. */
  const registeredScripts = async () =>
    JSON.stringify(await probe.page.evaluate(() => chrome.scripting.getRegisteredContentScripts()));

  it('leaves fetch, XMLHttpRequest and console exactly as on a page we never touch', async () => {
    const granted = await hooksSeenAt(app.origin);
    const untouched = await hooksSeenAt(other.origin);
    expect(granted).toEqual(untouched);
    // And the page-error script is there on the granted origin (so the comparison means something).
    const scripts = await probe.page.evaluate(() => chrome.scripting.getRegisteredContentScripts());
    expect(JSON.stringify(scripts)).toContain(app.origin);
  });

  it('captures on an https demo origin, and a request the page gave up on as unanswered', async () => {
    await options.bringToFront();
    await addDemoApp(options, secure.origin);
    const demo = await h.context.newPage();
    await demo.goto(`${secure.origin}/`);
    expect(new URL(demo.url()).protocol).toBe('https:');
    const outcomes = await demo.evaluate(async () => {
      const d = (window as unknown as { demo: Record<string, (ms?: number) => Promise<unknown>> })
        .demo;
      const order = ((await d.order!()) as Response).status;
      // Chrome reports both as net::ERR_ABORTED: only the long wait is evidence.
      const quick = await d.timeout!(100);
      const slow = await d.timeout!(1_800);
      return [order, quick, slow];
    });
    expect(outcomes).toEqual([500, 'TimeoutError', 'TimeoutError']);
    const mine = async () => (await bufferOf(probe.page)).filter((e) => e.origin === secure.origin);
    await waitFor(async () => (await mine()).length >= 2, 5_000, {
      message: 'the https failures buffered',
    });
    await sleep(500); // The quick cancel, were it kept, would be stored by now.
    const seen = await mine();
    expect(seen.map(spoken)).toEqual([
      'POST /api/orders → 500',
      'GET /api/hang → no answer in 2 s (cancelled)',
    ]);
    expect(seen[0]).toMatchObject({ ids: [{ name: 'x-request-id', value: 'req-42' }] });
    expect(seen[1]).toMatchObject({ kind: 'network', error: 'net::ERR_ABORTED' });
    // Timed by Chrome from the request's start, a little after the page's timer started.
    expect(seen[1]!.kind === 'network' && seen[1]!.durationMs).toBeGreaterThan(1_500);

    // A request still open when the tab navigates is cancelled by the navigation: not evidence.
    await demo.evaluate(() => void fetch('/api/hang').catch(() => undefined));
    await sleep(1_300);
    await demo.goto(`${secure.origin}/probe`);
    await sleep(500);
    expect((await mine()).map(spoken)).toEqual(seen.map(spoken));
    await demo.close();
  });
  it('captures console.error only where a POC opted in, still printed; deletable in the recovery', async () => {
    // A second POC, with its own demo app, opts in; the first POC's apps stay untouched.
    await options.bringToFront();
    await options.getByRole('button', { name: 'Add POC' }).click();
    await options.getByLabel('Prospect').fill('Noisy Console Co');
    await addDemoApp(options, noisy.origin);
    const optIn = options.getByRole('checkbox', {
      name: 'Also capture console.error on these demo pages',
    });
    expect(await optIn.isChecked()).toBe(false);
    await optIn.check();
    await waitFor(
      async () => (await registeredScripts()).includes(PAGE_CONSOLE_MAIN_SCRIPT_ID),
      5_000,
      {
        message: 'the console.error wrapper registered',
      },
    );
    const scripts = JSON.parse(await registeredScripts()) as { id: string; matches: string[] }[];
    expect(scripts.find((s) => s.id === PAGE_CONSOLE_MAIN_SCRIPT_ID)?.matches).toEqual([
      `${noisy.origin}/*`,
    ]);

    const logFrom = async (origin: string) => {
      const page = await h.context.newPage();
      const printed: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') printed.push(message.text());
      });
      await page.goto(`${origin}/`);
      const returned = await page.evaluate(() => {
        const d = (window as unknown as { demo: Record<string, () => unknown> }).demo;
        return String(d.consoleError!());
      });
      await waitFor(() => printed.length > 0, 5_000, { message: 'console.error printed' });
      return { page, printed, returned };
    };
    const byConsole = async (origin: string) =>
      (await bufferOf(probe.page)).filter((e) => e.origin === origin && e.kind === 'page');

    // Opted in: printed as ever, and captured (redacted) with the caller's stack line.
    const on = await logFrom(noisy.origin);
    expect(on.returned).toBe('undefined');
    expect(on.printed).toHaveLength(1);
    // Chrome prints the error with its stack.
    expect(on.printed[0]).toMatch(
      new RegExp(`^Checkout failed for ${SECRET_EMAIL} TypeError: total is undefined\n +at `),
    );
    const [captured] = await waitFor(
      async () => {
        const items = await byConsole(noisy.origin);
        return items.length > 0 ? items : null;
      },
      5_000,
      { message: 'the console.error captured' },
    );
    expect(captured).toMatchObject({
      source: 'console',
      message: 'Checkout failed for [redacted] TypeError: total is undefined',
      stack: expect.stringMatching(/^at checkout \(/),
    });
    // A page that looks can tell: console.error is no longer the browser's own.
    const wrapped = await hooksSeenAt(noisy.origin);
    expect(wrapped.console).not.toEqual((await hooksSeenAt(other.origin)).console);

    // Shown in the recovery.
    const meet = await startRecoveryInNewCall();
    const shown = await readOverlay(meet, {
      until: (s) => s.visibleText.includes('console.error: Checkout failed for [redacted]'),
    });
    expect(shown.visibleText).toContain(
      'console.error: Checkout failed for [redacted] TypeError: total is undefined',
    );
    // Deleted from the recovery: gone from the incident, the buffer and the list shown.
    const active = (await probe.mirror())!;
    await clickInOverlay(meet, /^Delete this evidence: console\.error: Checkout failed/, {
      role: 'button',
    });
    await waitFor(
      async () => {
        const stored = await probe.incident(active.record.id);
        return (
          stored !== null &&
          !stored.events.some((e) => e.type === 'evidence' && e.item.id === captured!.id) &&
          !(await bufferOf(probe.page)).some((e) => e.id === captured!.id)
        );
      },
      5_000,
      { message: 'the console.error deleted from the incident and the buffer' },
    );
    await readOverlay(meet, { until: (s) => !s.visibleText.includes('console.error: Checkout') });
    await probe.call('incident/act', {
      incidentId: active.record.id,
      action: { kind: 'end', outcome: 'discarded' },
      key: crypto.randomUUID(),
    });
    await meet.close();
    await on.page.close();

    // Not opted in (the first POC's app, granted): printed, not captured.
    const off = await logFrom(app.origin);
    expect(off.printed).toHaveLength(1);
    await sleep(500);
    expect(await byConsole(app.origin)).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ source: 'console' })]),
    );
    await off.page.close();

    // Turned off again: pages loaded from then on are left as they were.
    await options.bringToFront();
    await optIn.uncheck();
    await waitFor(
      async () => !(await registeredScripts()).includes(PAGE_CONSOLE_MAIN_SCRIPT_ID),
      5_000,
      {
        message: 'the console.error wrapper unregistered',
      },
    );
    const before = (await byConsole(noisy.origin)).length;
    const after = await logFrom(noisy.origin);
    expect(after.printed).toHaveLength(1);
    await sleep(500);
    expect(await byConsole(noisy.origin)).toHaveLength(before);
    expect(await hooksSeenAt(noisy.origin)).toEqual(await hooksSeenAt(other.origin));
    await after.page.close();
  });

  it('listens to no request while no tab shows a demo app; a page that failed while loading is still kept', async () => {
    // Every demo tab closed: the browser holds no webRequest listener of ours at all.
    const internals = await h.context.newPage();
    const granted = [app.origin, secure.origin, noisy.origin];
    for (const page of h.context.pages()) {
      if (granted.some((origin) => page.url().startsWith(origin))) await page.close();
    }
    await waitFor(
      async () => (await webRequestListeners(internals, h.extensionId)).length === 0,
      10_000,
      { intervalMs: 300, message: 'no webRequest listener with no demo tab open' },
    );

    // The first demo tab: the page itself (a 500) ends before capture starts and is taken from
    // its Resource Timing (no method, no headers); its first call (a 401), still under way
    // when the listeners are added, is seen by them. Both are kept.
    const before = Date.now();
    const demo = await h.context.newPage();
    await demo.goto(`${app.origin}/boot`);
    const early = await waitFor(
      async () => {
        const items = (await bufferOf(probe.page)).filter((e) => e.at >= before);
        const boot = items.find((e) => e.kind === 'http' && e.path === '/boot');
        const session = items.find((e) => e.kind === 'http' && e.path === '/api/session');
        return boot && session ? { boot, session } : null;
      },
      5_000,
      { message: 'the failures of the page load kept' },
    );
    expect(early.boot).toMatchObject({ kind: 'http', status: 500, origin: app.origin });
    expect(early.session).toMatchObject({ kind: 'http', status: 401 });
    expect(await webRequestListeners(internals, h.extensionId)).not.toHaveLength(0);

    // From then on, webRequest sees its requests: method and correlation id included.
    await demo.evaluate(async () => {
      await (window as unknown as { demo: { order(): Promise<unknown> } }).demo.order();
    });
    const order = await waitFor(
      async () =>
        (await bufferOf(probe.page)).find(
          (e) => e.at >= before && e.kind === 'http' && e.path === '/api/orders',
        ) ?? null,
      5_000,
      { message: 'the order failure captured' },
    );
    expect(order).toMatchObject({
      method: 'POST',
      status: 500,
      ids: [{ name: 'x-request-id', value: 'req-42' }],
    });
    // Each failure once, whichever way it was seen.
    const paths = (await bufferOf(probe.page)).filter((e) => e.at >= before).map((e) => e.path);
    expect(paths.filter((path) => path === '/boot')).toHaveLength(1);

    // The demo tab moves on to another site: the listeners go once it shows it.
    await demo.goto(`${other.origin}/`);
    await waitFor(
      async () => (await webRequestListeners(internals, h.extensionId)).length === 0,
      10_000,
      { intervalMs: 300, message: 'the listeners removed when the demo tab left the demo' },
    );

    // Back on the demo, then the last demo tab closed: the listeners go with it.
    await demo.goto(`${app.origin}/`);
    await waitFor(
      async () => (await webRequestListeners(internals, h.extensionId)).length > 0,
      10_000,
      { intervalMs: 300, message: 'the listeners back with the demo page' },
    );
    await demo.close();
    await waitFor(
      async () => (await webRequestListeners(internals, h.extensionId)).length === 0,
      10_000,
      { intervalMs: 300, message: 'the listeners removed with the last demo tab' },
    );
    await internals.close();
  });
});
