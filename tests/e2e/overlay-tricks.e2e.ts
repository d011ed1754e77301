/**
 * A call page trying to make the overlay never appear, in real Chromium: squatting on its tag
 * with a custom element of its own, tearing the root element out for a while, and hiding the
 * host with `display: none !important`. The overlay shows anyway, or the user is told privately
 * (a notification and "!" on the toolbar icon) within a second or two.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NO_CALL_TAB_NOTIFICATION, OVERLAY_HOST_TAG } from '../../src/shared/constants';
import {
  MEET_URL,
  START_RECOVERY_COMMAND,
  contentScriptContexts,
  dispatchCommand,
  launchExtension,
  overlayBox,
  readOverlay,
  routeCallPages,
  waitFor,
  waitForServiceWorker,
  type ExtensionHarness,
  type OverlaySnapshot,
} from './harness';
import { badgeText, extensionProbe, type ExtensionProbe } from './overlay-helpers';
import { closedHostTexts, panelLayout } from './overlay-tricks-helpers';

let harness: ExtensionHarness;
let probe: ExtensionProbe;
const opened: Page[] = [];

const worker = () => waitForServiceWorker(harness.context, harness.extensionId);
const CLOCK = /(\d+):(\d{2})/;
const showsPanel = (s: OverlaySnapshot) => s.present && CLOCK.test(s.visibleText);

async function openMeet(): Promise<Page> {
  const page = await harness.context.newPage();
  opened.push(page);
  await page.goto(MEET_URL);
  await contentScriptContexts(page);
  return page;
}

async function startRecovery(): Promise<void> {
  await dispatchCommand(await worker(), START_RECOVERY_COMMAND);
}

/** The user was told privately: "!" on the toolbar icon and the notification. */
async function waitForUserTold(): Promise<void> {
  await waitFor(async () => (await badgeText(await worker())) === '!', 5_000, {
    message: 'badge "!"',
  });
  const notifications = await (await worker()).evaluate(() => chrome.notifications.getAll());
  expect(Object.keys(notifications)).toContain(NO_CALL_TAB_NOTIFICATION);
}

beforeAll(async () => {
  harness = await launchExtension();
  await routeCallPages(harness.context);
  probe = await extensionProbe(harness.context, harness.extensionId);
});

afterEach(async () => {
  await probe.endActive();
  for (const page of opened.splice(0)) await page.close().catch(() => undefined);
  await (
    await worker()
  ).evaluate(async () => {
    await chrome.storage.session.remove('hotkeyAlert');
    await chrome.action.setBadgeText({ text: '' });
    await chrome.notifications.clear('demo-rescue-no-call-tab');
  });
});

afterAll(async () => harness?.close());

describe('a page fighting the overlay', () => {
  it('defines our tag first: the overlay shows in a host the page cannot define', async () => {
    const page = await openMeet();
    await page.evaluate((tag) => {
      customElements.define(
        tag,
        class extends HTMLElement {
          connectedCallback() {
            this.style.setProperty('display', 'none', 'important');
            this.remove();
          }
        },
      );
    }, OVERLAY_HOST_TAG);
    await startRecovery();
    const texts = await waitFor(
      async () => {
        const found = await closedHostTexts(page);
        return found.some((h) => h.visible && CLOCK.test(h.text) && /Acknowledge/i.test(h.text))
          ? found
          : null;
      },
      5_000,
      { message: 'the overlay painted in a host of its own' },
    );
    expect(texts.filter((h) => h.visible).map((h) => h.localName)).toEqual(['div']);
    expect(
      await page.evaluate((tag) => document.querySelectorAll(tag).length, OVERLAY_HOST_TAG),
    ).toBe(0);
  });

  it('removes <html> for 1.5 s: the user is told at once, and the overlay and its clock come back', async () => {
    const page = await openMeet();
    await startRecovery();
    const first = await readOverlay(page, { until: showsPanel });
    const before =
      Number(CLOCK.exec(first.visibleText)![2]) + 60 * Number(CLOCK.exec(first.visibleText)![1]);
    await page.evaluate(() => {
      const html = document.documentElement;
      html.remove();
      setTimeout(() => document.append(html), 1_500);
    });
    await waitForUserTold();
    const back = await readOverlay(page, {
      until: (s) => {
        const match = CLOCK.exec(s.visibleText);
        return showsPanel(s) && !!match && Number(match[1]) * 60 + Number(match[2]) >= before + 3;
      },
      timeoutMs: 8_000,
    });
    expect(showsPanel(back)).toBe(true);
    expect((await overlayBox(page)).visible).toBe(true);
  });

  it('hides the host with display:none !important: undone within a tick, and by the hotkey', async () => {
    const page = await openMeet();
    await startRecovery();
    await readOverlay(page, { until: showsPanel });
    const hide = () =>
      page.evaluate((tag) => {
        document.querySelector<HTMLElement>(tag)!.style.setProperty('display', 'none', 'important');
      }, OVERLAY_HOST_TAG);
    await hide();
    await waitFor(async () => (await overlayBox(page)).visible || null, 3_000, {
      message: 'the overlay visible again after a tick',
    });
    await hide();
    await startRecovery();
    await waitFor(async () => (await overlayBox(page)).visible || null, 3_000, {
      message: 'the overlay visible again after the hotkey',
    });
  });

  it('keeps hiding it again and again: the user is told', async () => {
    const page = await openMeet();
    await startRecovery();
    await readOverlay(page, { until: showsPanel });
    await page.evaluate((tag) => {
      setInterval(() => {
        document.querySelector<HTMLElement>(tag)?.style.setProperty('display', 'none', 'important');
      }, 20);
    }, OVERLAY_HOST_TAG);
    await waitForUserTold();
  });
});

describe('long unbroken text', () => {
  it('a 245-character URL in a note keeps every button inside the panel', async () => {
    const page = await openMeet();
    await startRecovery();
    await readOverlay(page, { until: showsPanel });
    const url = `https://example.com/${'a'.repeat(225)}`;
    expect(url).toHaveLength(245);
    const active = (await probe.mirror())!;
    await probe.call('incident/act', {
      incidentId: active.record.id,
      action: { kind: 'note', text: url },
      key: crypto.randomUUID(),
    });
    await readOverlay(page, { until: (s) => s.text.includes('aaaaaaaaaa') });
    const layout = await panelLayout(page, OVERLAY_HOST_TAG);
    expect(layout.outside).toEqual([]);
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
  });
});
