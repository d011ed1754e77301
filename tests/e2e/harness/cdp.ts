/** CDP sessions: one cached per page, and one to talk to the browser through. */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

const pageSessions = new WeakMap<Page, Promise<CDPSession>>();

/** A cached CDP session attached to `page` (recreated if it was closed). */
export function cdpSession(page: Page): Promise<CDPSession> {
  let session = pageSessions.get(page);
  if (!session) {
    session = page
      .context()
      .newCDPSession(page)
      .then((s) => {
        s.on('close', () => pageSessions.delete(page));
        return s;
      });
    session.catch(() => pageSessions.delete(page));
    pageSessions.set(page, session);
  }
  return session;
}

/** A page to talk to the browser through (persistent contexts have no Browser object). */
export async function controlSession(context: BrowserContext): Promise<CDPSession> {
  const page = context.pages().find((p) => !p.isClosed()) ?? (await context.newPage());
  return cdpSession(page);
}
