/**
 * Follow-up reminders in Firefox ESR: an ended incident's reminders are browser alarms, and they
 * fire even when the event page was suspended in between, so the alarm itself has to wake it.
 * Here Firefox has no notification server to show them on: it closes each notification as soon
 * as it is created, and its notifications.onClosed event (heard by any extension page) is the
 * proof a notification was posted, by its name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGE_KEYS } from '../../src/shared/constants';
import { launchFirefox, waitFor, type FirefoxHarness } from './harness';

/** Firefox suspends the idle event page after this long (shortened; its default is 30 s). */
const IDLE_MS = 2_000;
/** With the test-only delay every pending reminder fires this long after it is scheduled. */
const REMINDER_DELAY_MS = 6_000;

type Posted = Window & { postedNotifications?: string[] };

let fx: FirefoxHarness;

beforeAll(async () => {
  fx = await launchFirefox({ backgroundIdleMs: IDLE_MS });
});

afterAll(async () => fx?.close());

const posted = () =>
  fx.control.evaluate(() => (window as Posted).postedNotifications ?? []) as Promise<string[]>;

describe('Firefox: follow-up reminders', () => {
  it('fire from their alarms after the event page was suspended, a notification each', async () => {
    await fx.control.evaluate(() => {
      const page = window as Posted;
      page.postedNotifications = [];
      chrome.notifications.onClosed.addListener((id) => page.postedNotifications?.push(id));
    });
    await fx.control.evaluate(
      (key, delay) => chrome.storage.local.set({ [key]: delay }),
      STORAGE_KEYS.testReminderDelayMs,
      REMINDER_DELAY_MS,
    );
    const { incidentId } = await fx.call<{ incidentId: string }>('recovery/start', {});
    await fx.call('incident/act', {
      incidentId,
      action: { kind: 'end', outcome: 'fixed-live' },
      key: crypto.randomUUID(),
    });
    const reminders = [
      `reminder:follow-up-soon:${incidentId}`,
      `reminder:follow-up-due:${incidentId}`,
    ];
    await waitFor(
      async () => {
        const alarms = await fx.control.evaluate(() => chrome.alarms.getAll());
        return reminders.every((name) => alarms.some((alarm) => alarm.name === name));
      },
      5_000,
      'both reminder alarms',
    );

    // Nothing else talks to it: the event page goes to sleep before the alarms are due
    // (about 4 s before, measured here), and nothing has been posted yet.
    await waitFor(async () => !(await fx.backgroundRunning()), 10_000, 'event page suspended');
    expect(await posted()).toEqual([]);

    const seen = await waitFor(
      async () => {
        const names = await posted();
        return reminders.every((name) => names.includes(name)) && names;
      },
      REMINDER_DELAY_MS + 10_000,
      'both follow-up reminder notifications',
    );
    expect(seen).toEqual(expect.arrayContaining(reminders));
    await fx.control.evaluate(
      (key) => chrome.storage.local.remove(key),
      STORAGE_KEYS.testReminderDelayMs,
    );
  });
});
