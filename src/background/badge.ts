/**
 * The action badge: how many follow-ups are due, red once any is overdue; or "!" after the
 * hotkey could not help (no call tab, the overlay failed), until a recovery starts. The alert is
 * state, not text, so a recount (a reminder, an incident ending) never wipes it unseen.
 */
import browser from 'webextension-polyfill';
import { createSerialQueue } from '../domain/serial-queue';
import { hotkeyAlertItem } from '../shared/storage/items';
import { read, withStatus } from './db';

const OVERDUE_COLOR = '#c5221f';
const DUE_COLOR = '#5f6368';
const ALERT_COLOR = '#b91c1c';

async function paint(): Promise<void> {
  const now = Date.now();
  const due = await read(['incidents'], (tx) =>
    tx.objectStore('incidents').index('by-status').getAll(withStatus('follow-up-due')),
  );
  if (await hotkeyAlertItem.get()) {
    await browser.action.setBadgeBackgroundColor({ color: ALERT_COLOR });
    await browser.action.setBadgeText({ text: '!' });
    return;
  }
  const overdue = due.some((r) => r.followUpDueAt !== null && r.followUpDueAt <= now);
  await browser.action.setBadgeBackgroundColor({ color: overdue ? OVERDUE_COLOR : DUE_COLOR });
  await browser.action.setBadgeText({ text: due.length > 0 ? String(due.length) : '' });
}

/** One repaint at a time, in order: a slower earlier one must not land after a later one. */
const oneAtATime = createSerialQueue();

export function refreshBadge(): Promise<void> {
  return oneAtATime(paint);
}

export async function raiseHotkeyAlert(): Promise<void> {
  await hotkeyAlertItem.set(true);
  await refreshBadge();
}

/** A recovery started: the "!" has done its job. */
export async function clearHotkeyAlert(): Promise<void> {
  if ((await hotkeyAlertItem.read()).absent) return;
  await hotkeyAlertItem.remove();
  await refreshBadge();
}
