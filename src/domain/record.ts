/** The incident row kept for lists and search: a projection of the event log, never edited by hand. */
import type { FollowUpDraft, IncidentState, IncidentStatus, Outcome, Platform } from './incident';
import type { Poc } from './poc';

export interface IncidentRecord {
  id: string;
  pocId: string | null;
  prospect: string | null;
  platform: Platform;
  meetingCode: string | null;
  issue: string | null;
  startedAt: number;
  endedAt: number | null;
  outcome: Outcome | null;
  acknowledgedAt: number | null;
  escalatedAt: number | null;
  status: IncidentStatus;
  followUpDueAt: number | null;
  followUpSentAt: number | null;
  followUp: FollowUpDraft | null;
  /** Lower-cased prospect, issue, notes and root cause, for search. */
  searchText: string;
  updatedAt: number;
}

export function projectRecord(
  id: string,
  state: IncidentState,
  poc: Pick<Poc, 'prospect'> | null,
  now: number,
): IncidentRecord {
  const searchText = [
    poc?.prospect,
    state.issue,
    state.rootCause,
    state.followUpDraft?.rootCause,
    ...state.notes.map((n) => n.text),
  ]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
  return {
    id,
    pocId: state.pocId,
    prospect: poc?.prospect ?? null,
    platform: state.platform,
    meetingCode: state.meetingCode,
    issue: state.issue,
    startedAt: state.startedAt,
    endedAt: state.endedAt,
    outcome: state.outcome,
    acknowledgedAt: state.acknowledgedAt,
    escalatedAt: state.escalatedAt,
    status: state.status,
    followUpDueAt: state.followUpDueAt,
    followUpSentAt: state.followUpSentAt,
    followUp: state.followUpDraft,
    searchText,
    updatedAt: now,
  };
}
