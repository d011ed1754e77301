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
import { STORAGE_KEYS } from '../shared/constants';
import { loadPlaybook, loadSettings } from '../shared/prefs';
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
  const stored = await browser.storage.local.get([
    STORAGE_KEYS.firedReminders,
    STORAGE_KEYS.testReminderDelayMs,
  ]);
  const fired = stored[STORAGE_KEYS.firedReminders];
  const delay = stored[STORAGE_KEYS.testReminderDelayMs];
  return {
    fired: fired && typeof fired === 'object' ? (fired as FiredReminders) : {},
    testDelayMs: typeof delay === 'number' && delay >= 0 ? delay : null,
  };
}

async function fire(reminder: Reminder, fired: FiredReminders): Promise<FiredReminders> {
  const settings = await loadSettings();
  if (settings.remindersEnabled) {
    await browser.notifications.create(reminder.name, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('icons/icon-128.png'),
      title: reminder.title,
      message: reminder.message,
      priority: 2,
    });
  }
  // Marked as fired even when notifications are off: turning them on later must not replay
  // a pile of stale reminders.
  const next = { ...fired, [reminder.name]: reminder.at };
  await browser.storage.local.set({ [STORAGE_KEYS.firedReminders]: next });
  return next;
}

/**
 * Makes the alarms match the planned reminders: fires the overdue ones now, schedules the rest,
 * clears alarms nothing needs any more. With the test-only delay set, every pending reminder
 * fires that long after it is scheduled instead.
 */
export async function syncReminders(): Promise<void> {
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
    await browser.storage.local.set({ [STORAGE_KEYS.firedReminders]: fired });
  }
  for (const reminder of planned) {
    const alarm = scheduled.get(reminder.name);
    if (fired[reminder.name] === reminder.at) {
      if (alarm) await browser.alarms.clear(reminder.name);
    } else if (state.testDelayMs !== null) {
      const when = now + state.testDelayMs;
      if (!alarm || alarm.scheduledTime > when) browser.alarms.create(reminder.name, { when });
    } else if (reminder.at <= now) {
      fired = await fire(reminder, fired);
    } else if (alarm?.scheduledTime !== reminder.at) {
      browser.alarms.create(reminder.name, { when: reminder.at });
    }
  }
  if (!scheduled.has(RETENTION_ALARM)) {
    browser.alarms.create(RETENTION_ALARM, { delayInMinutes: 1, periodInMinutes: DAY_MINUTES });
  }
}

export async function onAlarm(alarm: Alarms.Alarm): Promise<void> {
  if (alarm.name === RETENTION_ALARM) {
    const { deleted } = await applyRetention();
    if (deleted > 0) await syncReminders();
    await refreshBadge();
    return;
  }
  if (reminderIncident(alarm.name) === null) return;
  const [planned, state] = await Promise.all([plannedReminders(), loadReminderState()]);
  const reminder = planned.find((r) => r.name === alarm.name);
  // An alarm can outlive a change of due time; the sync below reschedules it.
  const due = reminder && (state.testDelayMs !== null || reminder.at <= Date.now() + 1000);
  if (reminder && due && state.fired[reminder.name] !== reminder.at) {
    await fire(reminder, state.fired);
  }
  await refreshBadge();
  await syncReminders();
}

export async function onNotificationClicked(id: string): Promise<void> {
  const incidentId = reminderIncident(id);
  if (incidentId === null) return;
  await browser.tabs.create({
    url: browser.runtime.getURL(`src/report/index.html?incident=${encodeURIComponent(incidentId)}`),
  });
  await browser.notifications.clear(id);
}
