/** The incident row kept for lists and search: a projection of the event log, never edited by hand. */
import type {
  FollowUpDraft,
  IncidentEvent,
  IncidentState,
  IncidentStatus,
  Outcome,
  Platform,
} from './incident';
import { evidenceSummary } from './evidence';
import { replay } from './incident';
import { DEFAULT_PLAYBOOK } from './playbook';
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
  /** What the demo tab saw fail, one line each; absent when nothing (and in older rows). */
  evidence?: string[];
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
    ...(state.evidence.length > 0 ? { evidence: state.evidence.map(evidenceSummary) } : {}),
    searchText,
    updatedAt: now,
  };
}

/**
 * An incident about to be started, as the store will hold it: its `started` event and the
 * record projected from it. The overlay paints it while the durable write is in flight; the
 * stored incident replaces it (same id and start time) once mirrored, its POC picked inside
 * the write.
 */
export function startedIncident(input: {
  incidentId: string;
  at: number;
  platform: Platform;
  meetingCode: string | null;
}): { record: IncidentRecord; events: IncidentEvent[] } {
  const events: IncidentEvent[] = [
    {
      type: 'started',
      at: input.at,
      platform: input.platform,
      meetingCode: input.meetingCode,
      pocId: null,
    },
  ];
  const record = projectRecord(input.incidentId, replay(events, DEFAULT_PLAYBOOK), null, input.at);
  return { record, events };
}
