/** How an incident measured up against the recovery protocol, with the reason for each mark. */
import type { IncidentState } from './incident';
import type { PhaseWindows } from './playbook';
import { formatClock, formatDuration } from './time';

export type MarkResult = 'pass' | 'fail' | 'pending' | 'n/a';

export interface ScoreMark {
  id: 'acknowledged' | 'resolved-or-escalated' | 'pivoted' | 'follow-up';
  label: string;
  result: MarkResult;
  reason: string;
}

export interface Scorecard {
  marks: ScoreMark[];
  passed: number;
  /** Marks that have been decided (pass or fail). */
  decided: number;
}

export function scorecard(state: IncidentState, windows: PhaseWindows, now: number): Scorecard {
  const start = state.startedAt;
  const discarded = state.outcome === 'discarded';
  const ackLimit = formatClock(windows.acknowledgeMs);
  const fixLimit = formatDuration(windows.diagnoseMs);

  const acknowledged = ((): ScoreMark => {
    const base = { id: 'acknowledged', label: `Acknowledged within ${ackLimit}` } as const;
    if (discarded) return { ...base, result: 'n/a', reason: 'Discarded as a false alarm.' };
    if (state.acknowledgedAt !== null) {
      const took = state.acknowledgedAt - start;
      return took <= windows.acknowledgeMs
        ? { ...base, result: 'pass', reason: `Acknowledged after ${formatClock(took)}.` }
        : { ...base, result: 'fail', reason: `Acknowledged late, after ${formatClock(took)}.` };
    }
    const until = state.endedAt ?? now;
    return until - start > windows.acknowledgeMs
      ? { ...base, result: 'fail', reason: `Not acknowledged within ${ackLimit}.` }
      : { ...base, result: 'pending', reason: 'Not acknowledged yet.' };
  })();

  const resolved = ((): ScoreMark => {
    const base = {
      id: 'resolved-or-escalated',
      label: `Fixed or escalated within ${fixLimit}`,
    } as const;
    if (discarded) return { ...base, result: 'n/a', reason: 'Discarded as a false alarm.' };
    const fixedAt = state.outcome === 'fixed-live' ? state.endedAt : null;
    const decidedAt = [fixedAt, state.escalatedAt].filter((t): t is number => t !== null);
    if (decidedAt.length > 0) {
      const first = Math.min(...decidedAt);
      const how = first === fixedAt ? 'Fixed live' : 'Escalated';
      return first - start <= windows.diagnoseMs
        ? { ...base, result: 'pass', reason: `${how} after ${formatClock(first - start)}.` }
        : {
            ...base,
            result: 'fail',
            reason: `${how} after ${formatClock(first - start)}, past the window.`,
          };
    }
    const until = state.endedAt ?? now;
    return until - start > windows.diagnoseMs
      ? { ...base, result: 'fail', reason: `Still hacking after ${fixLimit} without escalating.` }
      : { ...base, result: 'pending', reason: 'Still diagnosing.' };
  })();

  const pivoted = ((): ScoreMark => {
    const base = { id: 'pivoted', label: 'Pivoted instead of dead air' } as const;
    if (discarded) return { ...base, result: 'n/a', reason: 'Discarded as a false alarm.' };
    if (state.pivot !== null)
      return { ...base, result: 'pass', reason: `Pivoted to "${state.pivot.criterionTitle}".` };
    if (state.escalatedAt === null) {
      return state.outcome === 'fixed-live'
        ? { ...base, result: 'n/a', reason: 'Fixed live; no pivot needed.' }
        : { ...base, result: 'pending', reason: 'Only needed after escalating.' };
    }
    return state.endedAt !== null
      ? { ...base, result: 'fail', reason: 'Escalated without pivoting to another criterion.' }
      : { ...base, result: 'pending', reason: 'Escalated; pivot to another criterion.' };
  })();

  const followUp = ((): ScoreMark => {
    const base = {
      id: 'follow-up',
      label: `Follow-up sent within ${formatDuration(windows.followUpMs)}`,
    } as const;
    if (discarded) return { ...base, result: 'n/a', reason: 'Discarded as a false alarm.' };
    if (state.endedAt === null || state.followUpDueAt === null)
      return { ...base, result: 'pending', reason: 'Due after the incident ends.' };
    if (state.followUpSentAt !== null) {
      const took = state.followUpSentAt - state.endedAt;
      return state.followUpSentAt <= state.followUpDueAt
        ? { ...base, result: 'pass', reason: `Sent ${formatDuration(took)} after the incident.` }
        : {
            ...base,
            result: 'fail',
            reason: `Sent late, ${formatDuration(took)} after the incident.`,
          };
    }
    return now > state.followUpDueAt
      ? { ...base, result: 'fail', reason: 'Not sent, and the deadline has passed.' }
      : { ...base, result: 'pending', reason: 'Not sent yet.' };
  })();

  const marks = [acknowledged, resolved, pivoted, followUp];
  return {
    marks,
    passed: marks.filter((m) => m.result === 'pass').length,
    decided: marks.filter((m) => m.result === 'pass' || m.result === 'fail').length,
  };
}
