/**
 * The action badge: how many follow-ups are due, red once any is overdue; or "!" after the
 * hotkey could not help (no call tab, the overlay failed), until a recovery starts. The alert is
 * state, not text, so a recount (a reminder, an incident ending) never wipes it unseen.
 */
import browser from 'webextension-polyfill';
import { SESSION_KEYS } from '../shared/constants';
import { read, withStatus } from './db';

const OVERDUE_COLOR = '#c5221f';
const DUE_COLOR = '#5f6368';
const ALERT_COLOR = '#b91c1c';

async function paint(): Promise<void> {
  const now = Date.now();
  const due = await read(['incidents'], (tx) =>
    tx.objectStore('incidents').index('by-status').getAll(withStatus('follow-up-due')),
  );
  const stored = await browser.storage.session.get(SESSION_KEYS.hotkeyAlert);
  if (stored[SESSION_KEYS.hotkeyAlert] === true) {
    await browser.action.setBadgeBackgroundColor({ color: ALERT_COLOR });
    await browser.action.setBadgeText({ text: '!' });
    return;
  }
  const overdue = due.some((r) => r.followUpDueAt !== null && r.followUpDueAt <= now);
  await browser.action.setBadgeBackgroundColor({ color: overdue ? OVERDUE_COLOR : DUE_COLOR });
  await browser.action.setBadgeText({ text: due.length > 0 ? String(due.length) : '' });
}

let painting: Promise<void> = Promise.resolve();

/** One repaint at a time, in order: a slower earlier one must not land after a later one. */
export function refreshBadge(): Promise<void> {
  const next = painting.then(paint);
  painting = next.catch(() => undefined);
  return next;
}

export async function raiseHotkeyAlert(): Promise<void> {
  await browser.storage.session.set({ [SESSION_KEYS.hotkeyAlert]: true });
  await refreshBadge();
}

/** A recovery started: the "!" has done its job. */
export async function clearHotkeyAlert(): Promise<void> {
  const stored = await browser.storage.session.get(SESSION_KEYS.hotkeyAlert);
  if (stored[SESSION_KEYS.hotkeyAlert] === undefined) return;
  await browser.storage.session.remove(SESSION_KEYS.hotkeyAlert);
  await refreshBadge();
}
