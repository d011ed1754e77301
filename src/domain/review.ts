/**
 * What the incident list shows for one record: outcome, follow-up status and the compact
 * scorecard. Derived from the stored projection only, so a page of rows never needs the events.
 */
import type { IncidentState, Outcome } from './incident';
import { OUTCOME_LABELS } from './incident';
import type { PhaseWindows } from './playbook';
import type { IncidentRecord } from './record';
import type { ScoreMark } from './scorecard';
import { scorecard } from './scorecard';
import { formatDue } from './time';

export type FollowUpStatusKind = 'in-progress' | 'not-needed' | 'due' | 'overdue' | 'sent';

export interface FollowUpStatus {
  kind: FollowUpStatusKind;
  text: string;
}

export function followUpStatus(record: IncidentRecord, now: number): FollowUpStatus {
  if (record.followUpSentAt !== null) return { kind: 'sent', text: 'Follow-up sent' };
  if (record.endedAt === null) return { kind: 'in-progress', text: 'In progress' };
  if (record.followUpDueAt === null) return { kind: 'not-needed', text: 'No follow-up needed' };
  return {
    kind: record.followUpDueAt < now ? 'overdue' : 'due',
    text: `Follow-up ${formatDue(record.followUpDueAt, now)}`,
  };
}

export function outcomeLabel(outcome: Outcome | null): string {
  return outcome === null ? 'Active' : OUTCOME_LABELS[outcome];
}

/**
 * The state a record stands for, as far as the scorecard needs it. Records do not keep the
 * pivot, so the pivot mark is left out of the compact scorecard.
 */
function stateOfRecord(record: IncidentRecord): IncidentState {
  return {
    startedAt: record.startedAt,
    platform: record.platform,
    meetingCode: record.meetingCode,
    pocId: record.pocId,
    issue: record.issue,
    status: record.status,
    acknowledgedAt: record.acknowledgedAt,
    escalatedAt: record.escalatedAt,
    eta: null,
    pivot: null,
    rootCause: null,
    notes: [],
    checklist: {},
    endedAt: record.endedAt,
    outcome: record.outcome,
    followUpDueAt: record.followUpDueAt,
    followUpDraft: record.followUp,
    followUpSentAt: record.followUpSentAt,
    evidence: [],
  };
}

/** Acknowledged in time, fixed or escalated in time, follow-up in time. */
export function compactMarks(
  record: IncidentRecord,
  windows: PhaseWindows,
  now: number,
): ScoreMark[] {
  return scorecard(stateOfRecord(record), windows, now).marks.filter((m) => m.id !== 'pivoted');
}
