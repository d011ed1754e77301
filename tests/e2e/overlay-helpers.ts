/**
 * Overlay-specific e2e helpers on top of tests/e2e/harness.ts: reading the active incident
 * through an extension page, ending it between tests, and reading the marker host.
 */
import type { BrowserContext, Page, Worker } from 'playwright-core';
import type { ActiveIncident } from '../../src/shared/messages';
import { MARKER_HOST_TAG, STORAGE_KEYS } from '../../src/shared/constants';
import { cdpSession, openExtensionPage, sendRuntimeMessage, waitFor } from './harness';
import { collapse, findHostElement, shadowText } from './harness/overlay-host';

export interface ExtensionProbe {
  page: Page;
  /** The mirrored active incident (chrome.storage.local), or null. */
  mirror(): Promise<ActiveIncident | null>;
  /** The worker's view of an incident (IndexedDB), by id. */
  incident(id: string): Promise<ActiveIncident | null>;
  /** Sends a protocol message and returns the reply value (throws on an error reply). */
  call<T>(type: string, payload: unknown): Promise<T>;
  /** Ends whatever incident is active (as a discard) so the next test starts clean. */
  endActive(): Promise<void>;
}

export async function extensionProbe(
  context: BrowserContext,
  extensionId: string,
): Promise<ExtensionProbe> {
  // Any extension page gives us `chrome.*`; the report page does nothing on its own.
  const page = await openExtensionPage(context, extensionId, 'src/report/index.html');
  const call = async <T>(type: string, payload: unknown): Promise<T> => {
    const result = await sendRuntimeMessage(page, { type, payload });
    if (!result.ok) throw new Error(result.error);
    const reply = result.reply as { ok: boolean; value?: T; error?: { message: string } };
    if (!reply?.ok) throw new Error(`${type}: ${reply?.error?.message ?? 'no reply'}`);
    return reply.value as T;
  };
  const mirror = () =>
    page.evaluate(async (key) => {
      const stored = await chrome.storage.local.get(key);
      return (stored[key] ?? null) as ActiveIncident | null;
    }, STORAGE_KEYS.activeIncident);
  return {
    page,
    mirror,
    incident: (id) => call<ActiveIncident | null>('incidents/get', { id }),
    call,
    async endActive() {
      const active = await mirror();
      if (!active) return;
      await call('incident/act', {
        incidentId: active.record.id,
        action: { kind: 'end', outcome: 'discarded' },
        key: crypto.randomUUID(),
      });
      await waitFor(async () => (await mirror()) === null, 5_000, { message: 'incident ended' });
    },
  };
}

/** Whether the marker host exists in the page, and its shadow text. */
export async function readMarker(page: Page): Promise<{ present: boolean; text: string }> {
  const found = await findHostElement(await cdpSession(page), MARKER_HOST_TAG);
  return { present: found !== null, text: found ? collapse(shadowText(found.host)) : '' };
}

/** The toolbar badge's text, read in the extension's service worker. */
export async function badgeText(worker: Worker): Promise<string> {
  return worker.evaluate(() => chrome.action.getBadgeText({}));
}
