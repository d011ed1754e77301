/**
 * Reminders as chrome.alarms, one per incident and kind. Alarms do not survive every browser
 * restart reliably and the worker may have missed one, so `syncReminders` rebuilds them from the
 * incident store on every worker start and fires any that came due meanwhile.
 */
import type { Alarms } from 'webextension-polyfill';
import browser from 'webextension-polyfill';
import { replay } from '../domain/incident';
import type { Reminder } from '../domain/reminders';
import { reminderIncident, remindersFor } from '../domain/reminders';
import { createSerialQueue } from '../domain/serial-queue';
import { POPUP_PAGE } from '../shared/constants';
import { reportUrl } from '../shared/report-url';
import { loadPlaybook, loadSettings } from '../shared/prefs';
import { readItems } from '../shared/storage/item';
import { firedRemindersItem, testReminderDelayItem } from '../shared/storage/items';
import { refreshBadge } from './badge';
import { eventsOf, read, withStatus } from './db';
import { reconcileActiveMirror } from './incidents';
import { applyRetention } from './retention';

const RETENTION_ALARM = 'retention';
const DAY_MINUTES = 24 * 60;

/** Reminder name → the due time it fired for, so a restart never repeats a reminder. */
type FiredReminders = Record<string, number>;

/** Every reminder the open incidents need, whether or not it has fired. */
export async function plannedReminders(): Promise<Reminder[]> {
  const [playbook, settings] = await Promise.all([loadPlaybook(), loadSettings()]);
  const open = await read(['incidents', 'events'], async (tx) => {
    const byStatus = tx.objectStore('incidents').index('by-status');
    const records = [
      ...(await byStatus.getAll(withStatus('active'))),
      ...(await byStatus.getAll(withStatus('follow-up-due'))),
    ];
    const byIncident = tx.objectStore('events').index('by-incident-time');
    return Promise.all(
      records.map(async (record) => ({
        record,
        events: (await byIncident.getAll(eventsOf(record.id))).map((s) => s.event),
      })),
    );
  });
  return open.flatMap(({ record, events }) =>
    remindersFor({ ...record, eta: replay(events, playbook).eta }, settings.reminderLeadMs),
  );
}

async function loadReminderState(): Promise<{ fired: FiredReminders; testDelayMs: number | null }> {
  const [fired, delay] = await readItems('local', [firedRemindersItem, testReminderDelayItem]);
  return { fired: fired.value, testDelayMs: delay.value };
}

/** Past this many overdue reminders at once (after a long absence, an import), one summary. */
const MAX_CATCH_UP_NOTIFICATIONS = 3;
const CATCH_UP_NOTIFICATION = 'reminders-overdue';

async function notify(name: string, title: string, message: string): Promise<void> {
  await browser.notifications.create(name, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('icons/icon-128.png'),
    title,
    message,
    priority: 2,
  });
}

/**
 * Fires reminders that are due. Each is marked as fired even when notifications are off:
 * turning them on later must not replay a pile of stale reminders.
 */
async function fire(due: readonly Reminder[], fired: FiredReminders): Promise<FiredReminders> {
  if (due.length === 0) return fired;
  const settings = await loadSettings();
  if (settings.remindersEnabled) {
    if (due.length <= MAX_CATCH_UP_NOTIFICATIONS) {
      await Promise.all(due.map((r) => notify(r.name, r.title, r.message)));
    } else {
      await notify(
        CATCH_UP_NOTIFICATION,
        `${due.length} reminders came due`,
        'Follow-ups and promised updates are overdue. Open Demo Rescue to review them.',
      );
    }
  }
  const next = { ...fired, ...Object.fromEntries(due.map((r) => [r.name, r.at])) };
  await firedRemindersItem.set(next);
  return next;
}

/**
 * Makes the alarms match the planned reminders: fires the overdue ones now, schedules the rest,
 * clears alarms nothing needs any more. With the test-only delay set, every pending reminder
 * fires that long after it is scheduled instead.
 */
/**
 * Reminder work runs one task at a time. Alarms due together (Chrome fires them in a burst)
 * would otherwise each read the fired list, add their own entry and write it back, losing each
 * other's; and one task's sync could clear an alarm another is about to handle.
 */
const oneAtATime = createSerialQueue();

export function syncReminders(): Promise<void> {
  return oneAtATime(sync);
}

export function onAlarm(alarm: Alarms.Alarm): Promise<void> {
  return oneAtATime(() => handleAlarm(alarm));
}

async function sync(): Promise<void> {
  // Runs on every worker start: the moment to repair a mirror that missed a commit.
  await reconcileActiveMirror();
  const now = Date.now();
  const [planned, state, alarms] = await Promise.all([
    plannedReminders(),
    loadReminderState(),
    browser.alarms.getAll(),
  ]);
  const wanted = new Map(planned.map((r) => [r.name, r]));
  const scheduled = new Map(alarms.map((a) => [a.name, a]));
  for (const alarm of alarms) {
    if (reminderIncident(alarm.name) !== null && !wanted.has(alarm.name)) {
      await browser.alarms.clear(alarm.name);
    }
  }
  // Forget what fired for reminders no longer planned (sent, deleted, or a new due time).
  let fired: FiredReminders = Object.fromEntries(
    Object.entries(state.fired).filter(([name, at]) => wanted.get(name)?.at === at),
  );
  if (Object.keys(fired).length !== Object.keys(state.fired).length) {
    await firedRemindersItem.set(fired);
  }
  const overdue: Reminder[] = [];
  for (const reminder of planned) {
    const alarm = scheduled.get(reminder.name);
    if (fired[reminder.name] === reminder.at) {
      if (alarm) await browser.alarms.clear(reminder.name);
    } else if (state.testDelayMs !== null) {
      const when = now + state.testDelayMs;
      if (!alarm || alarm.scheduledTime > when)
        await browser.alarms.create(reminder.name, { when });
    } else if (reminder.at <= now) {
      overdue.push(reminder);
    } else if (alarm?.scheduledTime !== reminder.at) {
      await browser.alarms.create(reminder.name, { when: reminder.at });
    }
  }
  fired = await fire(overdue, fired);
  if (!scheduled.has(RETENTION_ALARM)) {
    await browser.alarms.create(RETENTION_ALARM, {
      delayInMinutes: 1,
      periodInMinutes: DAY_MINUTES,
    });
  }
}

async function handleAlarm(alarm: Alarms.Alarm): Promise<void> {
  if (alarm.name === RETENTION_ALARM) {
    const { deleted } = await applyRetention();
    if (deleted > 0) await sync();
    await refreshBadge();
    return;
  }
  if (reminderIncident(alarm.name) === null) return;
  const [planned, state] = await Promise.all([plannedReminders(), loadReminderState()]);
  const reminder = planned.find((r) => r.name === alarm.name);
  // An alarm can outlive a change of due time; the sync below reschedules it.
  const due = reminder && (state.testDelayMs !== null || reminder.at <= Date.now() + 1000);
  if (reminder && due && state.fired[reminder.name] !== reminder.at) {
    await fire([reminder], state.fired);
  }
  await refreshBadge();
  await sync();
}

export async function onNotificationClicked(id: string): Promise<void> {
  const incidentId = reminderIncident(id);
  // The summary of many overdue reminders opens the incident list (the popup's page in a tab).
  const url =
    incidentId !== null
      ? reportUrl(incidentId)
      : id === CATCH_UP_NOTIFICATION
        ? browser.runtime.getURL(POPUP_PAGE)
        : null;
  if (url === null) return;
  await browser.tabs.create({ url });
  await browser.notifications.clear(id);
}
