// STUB owned by the incident-store work (issue 3): replace entirely.
import type { Alarms } from 'webextension-polyfill';

export async function onAlarm(_alarm: Alarms.Alarm): Promise<void> {}
export async function onNotificationClicked(_id: string): Promise<void> {}
export async function syncReminders(): Promise<void> {}
