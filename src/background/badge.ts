/** The action badge: how many follow-ups are due, red once any is overdue. */
import browser from 'webextension-polyfill';
import { read, withStatus } from './db';

const OVERDUE_COLOR = '#c5221f';
const DUE_COLOR = '#5f6368';

export async function refreshBadge(): Promise<void> {
  const now = Date.now();
  const due = await read(['incidents'], (tx) =>
    tx.objectStore('incidents').index('by-status').getAll(withStatus('follow-up-due')),
  );
  const overdue = due.some((r) => r.followUpDueAt !== null && r.followUpDueAt <= now);
  await browser.action.setBadgeBackgroundColor({ color: overdue ? OVERDUE_COLOR : DUE_COLOR });
  await browser.action.setBadgeText({ text: due.length > 0 ? String(due.length) : '' });
}
