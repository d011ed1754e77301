/** Typed worker calls from an extension page, for the incident-store E2E tests. */
import type { Page } from 'playwright-core';
import type { Poc } from '../../src/domain/poc';
import type { Method, Payload, Replies, Reply, WireError } from '../../src/shared/messages';
import { contentScriptContexts } from './harness';

async function raw(page: Page, message: unknown): Promise<Reply<Method>> {
  return page.evaluate(
    async (msg) => (await chrome.runtime.sendMessage(msg)) as Reply<Method>,
    message,
  );
}

/** Sends a message as the page's `send()` would and returns the value (throws on an error). */
export async function call<M extends Method>(
  page: Page,
  type: M,
  payload: Payload<M>,
): Promise<Replies[M]> {
  const reply = await raw(page, { type, payload });
  if (!reply.ok) throw new Error(`${type}: ${reply.error.code}: ${reply.error.message}`);
  return reply.value as Replies[M];
}

/** Sends any message and returns the error reply (throws if it succeeded). */
export async function callError(page: Page, message: unknown): Promise<WireError> {
  const reply = await raw(page, message);
  if (reply.ok) throw new Error(`expected an error, got ${JSON.stringify(reply.value)}`);
  return reply.error;
}

export function samplePoc(id: string, prospect = 'Acme Corp'): Poc {
  return {
    id,
    prospect,
    name: `${prospect} evaluation`,
    contacts: [{ name: 'Dana Buyer', email: 'dana@example.com' }],
    criteria: [
      { id: 'reports', title: 'Scheduled reports', howToShow: 'Reports tab', status: 'proven' },
      {
        id: 'sso',
        title: 'Single sign-on with Okta',
        howToShow: 'Settings → SSO',
        status: 'not-shown',
      },
    ],
    archived: false,
    createdAt: 0,
    updatedAt: 0,
  };
}

/**
 * Sends a message from the extension's content script in `page` (its isolated world), as a
 * compromised or confused call page would see it.
 */
export async function sendFromContentScript(page: Page, message: unknown): Promise<unknown> {
  const [context] = await contentScriptContexts(page);
  if (!context) throw new Error('no content script in this page');
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('Runtime.enable');
    const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
      contextId: context.id,
      expression: `chrome.runtime.sendMessage(${JSON.stringify(message)})`,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails)
      throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value as unknown;
  } finally {
    await session.detach().catch(() => undefined);
  }
}
