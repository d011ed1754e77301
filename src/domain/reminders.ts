/** Which reminders an incident needs and when: before and at the follow-up deadline, and at a promised ETA. */
import type { IncidentState } from './incident';
import type { IncidentRecord } from './record';
import { formatDuration } from './time';

export type ReminderKind = 'follow-up-soon' | 'follow-up-due' | 'eta-due';

export interface Reminder {
  /** Unique per incident and kind; also the alarm's and the notification's name. */
  name: string;
  kind: ReminderKind;
  incidentId: string;
  at: number;
  title: string;
  message: string;
}

export type ReminderSubject = Pick<
  IncidentRecord,
  'id' | 'prospect' | 'status' | 'followUpDueAt' | 'followUpSentAt'
> &
  Pick<IncidentState, 'eta'>;

const PREFIX = 'reminder:';

export function reminderName(kind: ReminderKind, incidentId: string): string {
  return `${PREFIX}${kind}:${incidentId}`;
}

/** The incident a reminder (alarm or notification) is about, or null for other names. */
export function reminderIncident(name: string): string | null {
  const match = /^reminder:[a-z-]+:(.+)$/.exec(name);
  return match ? match[1]! : null;
}

export function remindersFor(subject: ReminderSubject, leadMs: number): Reminder[] {
  if (subject.status === 'closed' || subject.followUpSentAt !== null) return [];
  const who = subject.prospect ?? 'the prospect';
  const reminders: Reminder[] = [];
  const add = (kind: ReminderKind, at: number, title: string, message: string) =>
    reminders.push({
      name: reminderName(kind, subject.id),
      kind,
      incidentId: subject.id,
      at,
      title,
      message,
    });
  if (subject.eta?.dueAt != null) {
    add(
      'eta-due',
      subject.eta.dueAt,
      `Update due to ${who}`,
      `You promised ${who} an update ${subject.eta.text}. It is due now.`,
    );
  }
  const due = subject.followUpDueAt;
  if (subject.status === 'follow-up-due' && due !== null) {
    add(
      'follow-up-soon',
      due - leadMs,
      `Follow-up to ${who} due in ${formatDuration(leadMs)}`,
      'Send the incident report: root cause, resolution, prevention.',
    );
    add(
      'follow-up-due',
      due,
      `Follow-up to ${who} is due now`,
      'The prospect expects the incident report within a day. Send it now.',
    );
  }
  return reminders;
}
