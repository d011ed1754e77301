import type { Mock } from 'vitest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearHotkeyAlert, raiseHotkeyAlert, refreshBadge } from '../../../src/background/badge';
import { actOn, startOrResume } from '../../../src/background/incidents';
import { savePoc } from '../../../src/background/pocs';
import { onAlarm, onNotificationClicked, syncReminders } from '../../../src/background/reminders';
import { applyRetention, retentionCutoff } from '../../../src/background/retention';
import { reminderIncident, remindersFor } from '../../../src/domain/reminders';
import { DEFAULT_SETTINGS } from '../../../src/domain/settings';
import { STORAGE_KEYS } from '../../../src/shared/constants';
import { fakeBrowser } from '../fake-browser';
import { DAY, HOUR, T0, clockAt, ended, freshStore, poc, seed } from './store-fixtures';

/** chrome.alarms with memory, so syncs see what earlier syncs scheduled. */
function statefulAlarms() {
  const alarms = new Map<string, { name: string; scheduledTime: number }>();
  vi.mocked(fakeBrowser.alarms.create).mockImplementation(
    (name: string, info: { when?: number; delayInMinutes?: number }) => {
      const scheduledTime = info.when ?? Date.now() + (info.delayInMinutes ?? 0) * 60_000;
      alarms.set(name, { name, scheduledTime });
    },
  );
  vi.mocked(fakeBrowser.alarms.getAll).mockImplementation(
    async () => [...alarms.values()] as never,
  );
  (
    fakeBrowser.alarms.clear as unknown as Mock<(name: string) => Promise<boolean>>
  ).mockImplementation(async (name) => alarms.delete(name));
  return alarms;
}

const reminderAlarms = (alarms: Map<string, { scheduledTime: number }>) =>
  Object.fromEntries(
    [...alarms]
      .filter(([name]) => name.startsWith('reminder:'))
      .map(([n, a]) => [n, a.scheduledTime]),
  );

const notified = () =>
  (
    fakeBrowser.notifications.create as unknown as Mock<
      (id: string, options: { title: string }) => Promise<string>
    >
  ).mock.calls.map(([id, options]) => [id, options.title]);

const setSettings = (patch: object) =>
  fakeBrowser.storage.local.set({ [STORAGE_KEYS.settings]: { ...DEFAULT_SETTINGS, ...patch } });

let alarms: ReturnType<typeof statefulAlarms>;

beforeEach(async () => {
  await freshStore();
  clockAt(T0);
  alarms = statefulAlarms();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.mocked(fakeBrowser.alarms.create).mockReset();
  vi.mocked(fakeBrowser.alarms.getAll).mockReset().mockResolvedValue([]);
  vi.mocked(fakeBrowser.alarms.clear).mockReset();
  vi.mocked(fakeBrowser.notifications.create).mockClear();
  vi.mocked(fakeBrowser.action.setBadgeText).mockClear();
  vi.mocked(fakeBrowser.action.setBadgeBackgroundColor).mockClear();
  vi.mocked(fakeBrowser.tabs.create).mockClear();
});

describe('remindersFor', () => {
  const subject = {
    id: 'x',
    prospect: 'Acme',
    status: 'follow-up-due' as const,
    followUpDueAt: T0 + DAY,
    followUpSentAt: null,
    eta: { text: 'within the hour', dueAt: T0 + HOUR },
  };

  it('reminds before and at the follow-up deadline, and at a promised ETA', () => {
    expect(remindersFor(subject, 2 * HOUR).map((r) => [r.kind, r.at - T0, r.title])).toEqual([
      ['eta-due', HOUR, 'Update due to Acme'],
      ['follow-up-soon', DAY - 2 * HOUR, 'Follow-up to Acme due in 2 h'],
      ['follow-up-due', DAY, 'Follow-up to Acme is due now'],
    ]);
    expect(reminderIncident(remindersFor(subject, HOUR)[0]!.name)).toBe('x');
  });

  it('needs nothing once the follow-up is sent or the incident closed', () => {
    expect(remindersFor({ ...subject, followUpSentAt: T0 }, HOUR)).toEqual([]);
    expect(remindersFor({ ...subject, status: 'closed' }, HOUR)).toEqual([]);
    expect(
      remindersFor({ ...subject, status: 'active', followUpDueAt: null, prospect: null }, HOUR).map(
        (r) => r.title,
      ),
    ).toEqual(['Update due to the prospect']);
  });
});

describe('syncReminders', () => {
  it('schedules future reminders at their times and fires overdue ones at once, once', async () => {
    await seed([
      { id: 'future', startedAt: T0 - HOUR, then: ended(T0 - HOUR), prospect: 'Acme' },
      { id: 'late', startedAt: T0 - 2 * DAY, then: ended(T0 - 2 * DAY), prospect: 'Globex' },
      {
        id: 'sent',
        startedAt: T0 - 3 * DAY,
        then: [...ended(T0 - 3 * DAY), { type: 'follow-up-sent', at: T0 - 2 * DAY }],
      },
    ]);
    await syncReminders();
    // "future" ended at T0, so its follow-up is due at T0 + 24 h.
    expect(reminderAlarms(alarms)).toEqual({
      'reminder:follow-up-soon:future': T0 + DAY - 2 * HOUR,
      'reminder:follow-up-due:future': T0 + DAY,
    });
    expect(alarms.get('retention')).toBeDefined();
    expect(notified()).toEqual([
      ['reminder:follow-up-soon:late', 'Follow-up to Globex due in 2 h'],
      ['reminder:follow-up-due:late', 'Follow-up to Globex is due now'],
    ]);
    await syncReminders();
    expect(notified()).toHaveLength(2);
  });

  it('sums up many overdue reminders in one notification that opens the incident list', async () => {
    await seed(
      ['a', 'b', 'c'].map((id, i) => ({
        id,
        startedAt: T0 - (3 + i) * DAY,
        then: ended(T0 - (3 + i) * DAY),
        prospect: `Prospect ${id}`,
      })),
    );
    await syncReminders();
    expect(notified()).toEqual([['reminders-overdue', '6 reminders came due']]);
    await syncReminders();
    expect(notified()).toHaveLength(1);
    await onNotificationClicked('reminders-overdue');
    expect(fakeBrowser.tabs.create).toHaveBeenCalledWith({
      url: 'chrome-extension://test-extension-id/src/popup/index.html',
    });
  });

  it('fires the real alarm and opens the report from the notification', async () => {
    await seed([{ id: 'inc', startedAt: T0, then: ended(T0), prospect: 'Acme' }]);
    await syncReminders();
    clockAt(T0 + HOUR + DAY - 2 * HOUR);
    await onAlarm({ name: 'reminder:follow-up-soon:inc', scheduledTime: Date.now() });
    expect(notified()).toEqual([['reminder:follow-up-soon:inc', 'Follow-up to Acme due in 2 h']]);
    expect(reminderAlarms(alarms)).toEqual({ 'reminder:follow-up-due:inc': T0 + HOUR + DAY });
    await onNotificationClicked('reminder:follow-up-soon:inc');
    expect(fakeBrowser.tabs.create).toHaveBeenCalledWith({
      url: 'chrome-extension://test-extension-id/src/report/index.html?incident=inc',
    });
  });

  it('reminds about a promised ETA, with the configured lead time', async () => {
    await setSettings({ reminderLeadMs: 30 * 60_000 });
    await savePoc(poc('acme'));
    const { incidentId } = await startOrResume({ platform: 'meet', meetingCode: null, tabId: 1 });
    await actOn(incidentId, { kind: 'escalate', eta: 'within 4 hours', etaInMs: 4 * HOUR });
    await actOn(incidentId, { kind: 'end', outcome: 'escalated' });
    await syncReminders();
    expect(reminderAlarms(alarms)).toEqual({
      [`reminder:eta-due:${incidentId}`]: T0 + 4 * HOUR,
      [`reminder:follow-up-soon:${incidentId}`]: T0 + DAY - 30 * 60_000,
      [`reminder:follow-up-due:${incidentId}`]: T0 + DAY,
    });
  });

  it('clears the alarms of an incident whose follow-up was sent', async () => {
    await seed([{ id: 'inc', startedAt: T0, then: ended(T0) }]);
    await syncReminders();
    expect(Object.keys(reminderAlarms(alarms))).toHaveLength(2);
    await seed([
      {
        id: 'inc',
        startedAt: T0,
        then: [...ended(T0), { type: 'follow-up-sent', at: T0 + 2 * HOUR }],
      },
    ]);
    await syncReminders();
    expect(reminderAlarms(alarms)).toEqual({});
  });

  it('shows no notification when reminders are off', async () => {
    await setSettings({ remindersEnabled: false });
    await seed([{ id: 'late', startedAt: T0 - 2 * DAY, then: ended(T0 - 2 * DAY) }]);
    await syncReminders();
    expect(notified()).toEqual([]);
  });

  it('handles alarms that fire together one at a time, losing no fired reminder', async () => {
    await fakeBrowser.storage.local.set({ [STORAGE_KEYS.testReminderDelayMs]: 1500 });
    await seed([
      { id: 'a', startedAt: T0, then: ended(T0) },
      { id: 'b', startedAt: T0, then: ended(T0) },
    ]);
    await syncReminders();
    const names = Object.keys(reminderAlarms(alarms));
    expect(names).toHaveLength(4);
    await Promise.all(names.map((name) => onAlarm({ name, scheduledTime: T0 + 1500 })));
    expect(
      notified()
        .map(([id]) => id)
        .sort(),
    ).toEqual([...names].sort());
    const stored = await fakeBrowser.storage.local.get(STORAGE_KEYS.firedReminders);
    expect(Object.keys(stored[STORAGE_KEYS.firedReminders] as object).sort()).toEqual(
      [...names].sort(),
    );
    await syncReminders();
    expect(notified()).toHaveLength(4);
  });

  it('with the test delay, fires every reminder that long after scheduling it', async () => {
    await fakeBrowser.storage.local.set({ [STORAGE_KEYS.testReminderDelayMs]: 1500 });
    await seed([{ id: 'inc', startedAt: T0, then: ended(T0) }]);
    await syncReminders();
    expect(reminderAlarms(alarms)).toEqual({
      'reminder:follow-up-soon:inc': T0 + 1500,
      'reminder:follow-up-due:inc': T0 + 1500,
    });
    await onAlarm({ name: 'reminder:follow-up-due:inc', scheduledTime: T0 + 1500 });
    expect(notified()).toEqual([
      ['reminder:follow-up-due:inc', 'Follow-up to the prospect is due now'],
    ]);
  });
});

describe('refreshBadge', () => {
  it('counts follow-ups due, red once one is overdue', async () => {
    await refreshBadge();
    expect(fakeBrowser.action.setBadgeText).toHaveBeenLastCalledWith({ text: '' });
    await seed([
      { id: 'a', startedAt: T0 - HOUR, then: ended(T0 - HOUR) },
      { id: 'b', startedAt: T0 - 2 * HOUR, then: ended(T0 - 2 * HOUR) },
      { id: 'active', startedAt: T0 },
      { id: 'discarded', startedAt: T0, then: ended(T0, 'discarded') },
    ]);
    await refreshBadge();
    expect(fakeBrowser.action.setBadgeText).toHaveBeenLastCalledWith({ text: '2' });
    expect(fakeBrowser.action.setBadgeBackgroundColor).toHaveBeenLastCalledWith({
      color: '#5f6368',
    });
    clockAt(T0 + DAY);
    await refreshBadge();
    expect(fakeBrowser.action.setBadgeBackgroundColor).toHaveBeenLastCalledWith({
      color: '#c5221f',
    });
  });

  it('keeps "!" after the hotkey could not help, whatever it counts, until a recovery starts', async () => {
    await raiseHotkeyAlert();
    expect(fakeBrowser.action.setBadgeText).toHaveBeenLastCalledWith({ text: '!' });
    // A reminder or an ended incident recounts the badge: the alert stays.
    await refreshBadge();
    expect(fakeBrowser.action.setBadgeText).toHaveBeenLastCalledWith({ text: '!' });
    await clearHotkeyAlert();
    expect(fakeBrowser.action.setBadgeText).toHaveBeenLastCalledWith({ text: '' });
  });

  it('paints in the order it was asked, so a slow recount never lands after a newer one', async () => {
    // The first paint reads "no alert", then takes a while to answer.
    const get = fakeBrowser.storage.session.get.getMockImplementation()!;
    let read!: () => void;
    const firstRead = new Promise<void>((done) => (read = done));
    fakeBrowser.storage.session.get.mockImplementationOnce(async (keys) => {
      const value = await get(keys);
      read();
      await new Promise((done) => setTimeout(done, 30));
      return value;
    });
    const slow = refreshBadge();
    await firstRead;
    const alert = raiseHotkeyAlert();
    await Promise.all([slow, alert]);
    expect(fakeBrowser.action.setBadgeText).toHaveBeenLastCalledWith({ text: '!' });
  });
});

describe('retention', () => {
  it('keeps everything by default and deletes incidents older than the setting', async () => {
    await seed([
      { id: 'new', startedAt: T0 - 10 * DAY, then: ended(T0 - 10 * DAY) },
      { id: 'old', startedAt: T0 - 100 * DAY, then: ended(T0 - 100 * DAY) },
      { id: 'still-active', startedAt: T0 - 100 * DAY },
    ]);
    expect(await applyRetention()).toEqual({ deleted: 0 });
    await setSettings({ retentionMonths: 3 });
    expect(await applyRetention()).toEqual({ deleted: 1 });
    expect(await applyRetention()).toEqual({ deleted: 0 });
  });

  it('counts calendar months back to the start of the day', () => {
    expect(new Date(retentionCutoff(1, new Date(2026, 6, 15, 9).getTime()))).toEqual(
      new Date(2026, 5, 15),
    );
    expect(new Date(retentionCutoff(3, new Date(2026, 4, 31, 15).getTime()))).toEqual(
      new Date(2026, 1, 28),
    );
  });
});
