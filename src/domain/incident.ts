/**
 * An incident is an append-only list of timestamped events. Everything the UI shows (phase,
 * clock, nudges, deadline, scorecard) is derived from those events and an injected `now`, so a
 * worker restart or a tab reload can never lose the clock.
 */
import type { Evidence } from './evidence';
import { INCIDENT_EVIDENCE_MAX } from './evidence';
import type { PhaseId, Playbook, PhaseWindows } from './playbook';

export type Platform = 'meet' | 'zoom' | 'practice';
export type Outcome = 'fixed-live' | 'escalated' | 'discarded';

export const OUTCOME_LABELS: Record<Outcome, string> = {
  'fixed-live': 'Fixed live',
  escalated: 'Escalated',
  discarded: 'Discarded (false alarm)',
};

export interface FollowUpDraft {
  recipients: string[];
  subject: string;
  rootCause: string;
  resolution: string;
  resolutionKind: 'temporary' | 'permanent';
  prevention: string;
  preventionOwner: string;
  preventionDate: string;
}

export type IncidentEvent =
  | {
      type: 'started';
      at: number;
      platform: Platform;
      meetingCode: string | null;
      pocId: string | null;
    }
  | { type: 'acknowledged'; at: number }
  | { type: 'issue-described'; at: number; text: string }
  | { type: 'note'; at: number; text: string }
  | { type: 'checklist'; at: number; item: string; done: boolean }
  | { type: 'poc-selected'; at: number; pocId: string | null }
  | { type: 'diagnosed'; at: number; rootCause: string }
  | { type: 'escalated'; at: number; eta: string; etaDueAt: number | null }
  | { type: 'pivoted'; at: number; criterionId: string; criterionTitle: string }
  | {
      type: 'ended';
      at: number;
      outcome: Outcome;
      /**
       * The follow-up deadline fixed when the incident ended, so a later change to the
       * playbook's window never moves it. Absent only in events recorded without one.
       */
      followUpDueAt?: number | null;
    }
  | { type: 'follow-up-drafted'; at: number; draft: FollowUpDraft }
  | { type: 'follow-up-sent'; at: number }
  /**
   * A failure seen in the demo tab. `at` is when it was seen, which may be before `started`
   * (the hotkey takes the two minutes before it); deleting it removes the event itself.
   */
  | { type: 'evidence'; at: number; item: Evidence };

export type IncidentEventType = IncidentEvent['type'];

export type IncidentStatus = 'active' | 'follow-up-due' | 'closed';

export interface Nudge {
  id:
    | 'acknowledge-now'
    | 'escalate-soon'
    | 'stop-hacking'
    | 'pivot'
    | 'eta-due'
    | 'follow-up-soon'
    | 'follow-up-overdue';
  text: string;
  level: 'info' | 'warn' | 'urgent';
  /** When the nudge becomes (or became) due. */
  at: number;
}

export interface IncidentState {
  startedAt: number;
  platform: Platform;
  meetingCode: string | null;
  pocId: string | null;
  issue: string | null;
  status: IncidentStatus;
  acknowledgedAt: number | null;
  escalatedAt: number | null;
  eta: { text: string; dueAt: number | null } | null;
  pivot: { criterionId: string; criterionTitle: string; at: number } | null;
  rootCause: string | null;
  notes: { at: number; text: string }[];
  checklist: Record<string, boolean>;
  endedAt: number | null;
  outcome: Outcome | null;
  followUpDueAt: number | null;
  followUpDraft: FollowUpDraft | null;
  followUpSentAt: number | null;
  /** Failures seen in the demo tab, oldest first. */
  evidence: Evidence[];
}

export interface PhaseClock {
  phase: PhaseId | 'closed';
  /** Time since the failure (frozen when the incident ends). */
  elapsedMs: number;
  phaseStartedAt: number;
  /** Null when the phase has no end (escalate) or the incident is closed. */
  phaseEndsAt: number | null;
  phaseRemainingMs: number | null;
  /** 0..1 through the phase window; null when it has no window. */
  phaseProgress: number | null;
  /** Nudges due now, most urgent first. */
  dueNudges: Nudge[];
  /** The next nudge to come, if any. */
  nextNudge: Nudge | null;
}

export class IncidentEventError extends Error {}

/** The `ended` event for an outcome at `now`, with its follow-up deadline fixed. */
export function endedEvent(
  outcome: Outcome,
  now: number,
  windows: PhaseWindows,
): Extract<IncidentEvent, { type: 'ended' }> {
  return {
    type: 'ended',
    at: now,
    outcome,
    followUpDueAt: outcome === 'discarded' ? null : now + windows.followUpMs,
  };
}

export function emptyState(started: Extract<IncidentEvent, { type: 'started' }>): IncidentState {
  return {
    startedAt: started.at,
    platform: started.platform,
    meetingCode: started.meetingCode,
    pocId: started.pocId,
    issue: null,
    status: 'active',
    acknowledgedAt: null,
    escalatedAt: null,
    eta: null,
    pivot: null,
    rootCause: null,
    notes: [],
    checklist: {},
    endedAt: null,
    outcome: null,
    followUpDueAt: null,
    followUpDraft: null,
    followUpSentAt: null,
    evidence: [],
  };
}

/**
 * Applies one event. Events that make no sense in the current state (acknowledging twice, a
 * note after the incident closed) are ignored rather than thrown, so any order of events
 * replays to a valid state.
 */
export function applyEvent(
  state: IncidentState,
  event: IncidentEvent,
  windows: PhaseWindows,
): IncidentState {
  const active = state.endedAt === null;
  switch (event.type) {
    case 'started':
      return state;
    case 'acknowledged':
      return active && state.acknowledgedAt === null
        ? { ...state, acknowledgedAt: event.at }
        : state;
    case 'issue-described':
      return { ...state, issue: event.text };
    case 'note':
      return state.followUpSentAt === null
        ? { ...state, notes: [...state.notes, { at: event.at, text: event.text }] }
        : state;
    case 'checklist':
      return { ...state, checklist: { ...state.checklist, [event.item]: event.done } };
    case 'poc-selected':
      return { ...state, pocId: event.pocId };
    case 'diagnosed':
      return { ...state, rootCause: event.rootCause };
    case 'escalated':
      return active
        ? {
            ...state,
            escalatedAt: state.escalatedAt ?? event.at,
            eta: { text: event.eta, dueAt: event.etaDueAt },
          }
        : state;
    case 'pivoted':
      return active
        ? {
            ...state,
            pivot: {
              criterionId: event.criterionId,
              criterionTitle: event.criterionTitle,
              at: event.at,
            },
          }
        : state;
    case 'ended': {
      if (!active) return state;
      const discarded = event.outcome === 'discarded';
      return {
        ...state,
        endedAt: event.at,
        outcome: event.outcome,
        escalatedAt:
          event.outcome === 'escalated' ? (state.escalatedAt ?? event.at) : state.escalatedAt,
        followUpDueAt: discarded ? null : (event.followUpDueAt ?? event.at + windows.followUpMs),
      };
    }
    case 'follow-up-drafted':
      return { ...state, followUpDraft: event.draft };
    case 'evidence':
      return state.evidence.length >= INCIDENT_EVIDENCE_MAX ||
        state.evidence.some((e) => e.id === event.item.id)
        ? state
        : { ...state, evidence: [...state.evidence, event.item] };
    case 'follow-up-sent':
      return !active && state.outcome !== 'discarded' && state.followUpSentAt === null
        ? { ...state, followUpSentAt: event.at }
        : state;
  }
}

function statusOf(state: IncidentState): IncidentStatus {
  if (state.endedAt === null) return 'active';
  if (state.outcome === 'discarded' || state.followUpSentAt !== null) return 'closed';
  return 'follow-up-due';
}

/** Sorts by time (stable, so same-time events keep their recorded order). */
export function sortEvents(events: readonly IncidentEvent[]): IncidentEvent[] {
  return [...events].sort((a, b) => a.at - b.at);
}

/**
 * Replays events into a state. The first `started` event defines the incident; events before it
 * in time are treated as happening at the start.
 */
export function replay(events: readonly IncidentEvent[], playbook: Playbook): IncidentState {
  const started = events.find(
    (e): e is Extract<IncidentEvent, { type: 'started' }> => e.type === 'started',
  );
  if (!started) throw new IncidentEventError('An incident needs a "started" event.');
  let state = emptyState(started);
  for (const event of sortEvents(events)) {
    const at = Math.max(event.at, started.at);
    state = applyEvent(state, at === event.at ? event : { ...event, at }, playbook.windows);
  }
  return { ...state, status: statusOf(state) };
}

/** The protocol phase at `now`. Escalation is by the clock unless it was declared early. */
export function phaseOf(
  state: IncidentState,
  windows: PhaseWindows,
  now: number,
): PhaseId | 'closed' {
  if (state.endedAt !== null) {
    return state.outcome === 'discarded' || state.followUpSentAt !== null ? 'closed' : 'follow-up';
  }
  const elapsed = now - state.startedAt;
  if (state.escalatedAt !== null || elapsed >= windows.diagnoseMs) return 'escalate';
  if (state.acknowledgedAt !== null || elapsed >= windows.acknowledgeMs) return 'diagnose';
  return 'acknowledge';
}

const NUDGE_ORDER: Record<Nudge['level'], number> = { urgent: 0, warn: 1, info: 2 };
const ESCALATE_WARNING_MS = 2 * 60 * 1000;
const ACKNOWLEDGE_WARNING_MS = 15 * 1000;
const FOLLOW_UP_WARNING_MS = 2 * 60 * 60 * 1000;

/** Every nudge this incident will ever raise, with the time each becomes due. */
function nudgesFor(state: IncidentState, windows: PhaseWindows): Nudge[] {
  const nudges: Nudge[] = [];
  const start = state.startedAt;
  if (state.endedAt === null) {
    if (state.acknowledgedAt === null) {
      nudges.push({
        id: 'acknowledge-now',
        text: 'Say it plainly now: this failed, and you are looking into it.',
        level: 'urgent',
        at: start + Math.max(0, windows.acknowledgeMs - ACKNOWLEDGE_WARNING_MS),
      });
    }
    if (state.escalatedAt === null) {
      nudges.push({
        id: 'escalate-soon',
        text: 'Two minutes left to fix it live. Prepare to escalate.',
        level: 'warn',
        at: start + Math.max(0, windows.diagnoseMs - ESCALATE_WARNING_MS),
      });
      nudges.push({
        id: 'stop-hacking',
        text: 'Stop hacking. Escalate, give a timeline and pivot.',
        level: 'urgent',
        at: start + windows.diagnoseMs,
      });
    }
    if (state.pivot === null) {
      nudges.push({
        id: 'pivot',
        text: 'Pivot to another success criterion so the session still delivers.',
        level: 'warn',
        at: state.escalatedAt ?? start + windows.diagnoseMs,
      });
    }
    if (state.eta?.dueAt != null) {
      nudges.push({
        id: 'eta-due',
        text: `The update you promised (${state.eta.text}) is due.`,
        level: 'warn',
        at: state.eta.dueAt,
      });
    }
  } else if (state.followUpDueAt !== null && state.followUpSentAt === null) {
    nudges.push({
      id: 'follow-up-soon',
      text: 'The follow-up report is due soon.',
      level: 'warn',
      at: state.followUpDueAt - FOLLOW_UP_WARNING_MS,
    });
    nudges.push({
      id: 'follow-up-overdue',
      text: 'The follow-up report is overdue. Send it now.',
      level: 'urgent',
      at: state.followUpDueAt,
    });
  }
  return nudges;
}

export function clockAt(state: IncidentState, playbook: Playbook, now: number): PhaseClock {
  const windows = playbook.windows;
  const phase = phaseOf(state, windows, now);
  const start = state.startedAt;
  const elapsedMs = Math.max(0, (state.endedAt ?? now) - start);
  let phaseStartedAt = start;
  let phaseEndsAt: number | null = null;
  switch (phase) {
    case 'acknowledge':
      phaseEndsAt = start + windows.acknowledgeMs;
      break;
    case 'diagnose':
      phaseStartedAt = Math.min(state.acknowledgedAt ?? Infinity, start + windows.acknowledgeMs);
      phaseEndsAt = start + windows.diagnoseMs;
      break;
    case 'escalate':
      phaseStartedAt = Math.min(state.escalatedAt ?? Infinity, start + windows.diagnoseMs);
      break;
    case 'follow-up':
      phaseStartedAt = state.endedAt ?? now;
      phaseEndsAt = state.followUpDueAt;
      break;
    case 'closed':
      phaseStartedAt = state.followUpSentAt ?? state.endedAt ?? now;
      break;
  }
  const phaseRemainingMs = phaseEndsAt === null ? null : phaseEndsAt - now;
  const span = phaseEndsAt === null ? 0 : phaseEndsAt - phaseStartedAt;
  const phaseProgress =
    phaseEndsAt === null || span <= 0
      ? null
      : Math.min(1, Math.max(0, (now - phaseStartedAt) / span));
  const all = nudgesFor(state, windows);
  const dueNudges = all
    .filter((n) => n.at <= now)
    .sort((a, b) => NUDGE_ORDER[a.level] - NUDGE_ORDER[b.level] || b.at - a.at);
  const upcoming = all.filter((n) => n.at > now).sort((a, b) => a.at - b.at);
  return {
    phase,
    elapsedMs,
    phaseStartedAt,
    phaseEndsAt,
    phaseRemainingMs,
    phaseProgress,
    dueNudges,
    nextNudge: upcoming[0] ?? null,
  };
}
