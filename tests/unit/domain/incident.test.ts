import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../../src/domain/incident';
import { clockAt, endedEvent, replay } from '../../../src/domain/incident';
import { DEFAULT_PLAYBOOK } from '../../../src/domain/playbook';

const T0 = Date.UTC(2026, 10, 29, 15, 0, 0);
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const playbook = DEFAULT_PLAYBOOK;
const started: IncidentEvent = {
  type: 'started',
  at: T0,
  platform: 'meet',
  meetingCode: 'abc-defg-hij',
  pocId: 'poc-1',
};

function at(events: IncidentEvent[], now: number) {
  return clockAt(replay(events, playbook), playbook, now);
}

describe('phase clock', () => {
  it('starts in acknowledge with the 60 s window', () => {
    const clock = at([started], T0 + 15 * S);
    expect(clock.phase).toBe('acknowledge');
    expect(clock.elapsedMs).toBe(15 * S);
    expect(clock.phaseRemainingMs).toBe(45 * S);
    expect(clock.phaseProgress).toBeCloseTo(0.25);
    expect(clock.dueNudges).toEqual([]);
    expect(clock.nextNudge?.id).toBe('acknowledge-now');
    expect(clock.nextNudge?.at).toBe(T0 + 45 * S);
  });

  it('nudges to acknowledge at 45 s and keeps nudging until acknowledged', () => {
    expect(at([started], T0 + 45 * S).dueNudges.map((n) => n.id)).toEqual(['acknowledge-now']);
    const late = at([started], T0 + 3 * MIN);
    expect(late.phase).toBe('diagnose');
    expect(late.dueNudges.map((n) => n.id)).toContain('acknowledge-now');
  });

  it('moves to diagnose as soon as the failure is acknowledged', () => {
    const events: IncidentEvent[] = [started, { type: 'acknowledged', at: T0 + 20 * S }];
    const clock = at(events, T0 + 30 * S);
    expect(clock.phase).toBe('diagnose');
    expect(clock.phaseStartedAt).toBe(T0 + 20 * S);
    expect(clock.phaseEndsAt).toBe(T0 + 10 * MIN);
    expect(clock.dueNudges).toEqual([]);
    expect(clock.nextNudge?.id).toBe('escalate-soon');
  });

  it('says stop hacking at 10 minutes and enters escalate by the clock', () => {
    const events: IncidentEvent[] = [started, { type: 'acknowledged', at: T0 + 20 * S }];
    const clock = at(events, T0 + 10 * MIN);
    expect(clock.phase).toBe('escalate');
    expect(clock.phaseEndsAt).toBeNull();
    expect(clock.phaseProgress).toBeNull();
    expect(clock.dueNudges[0]?.id).toBe('stop-hacking');
    expect(clock.dueNudges.map((n) => n.id)).toContain('pivot');
  });

  it('escalates early when declared, and the pivot nudge clears once pivoted', () => {
    const escalated: IncidentEvent[] = [
      started,
      { type: 'acknowledged', at: T0 + 10 * S },
      { type: 'escalated', at: T0 + 4 * MIN, eta: 'within the hour', etaDueAt: T0 + 64 * MIN },
    ];
    const clock = at(escalated, T0 + 5 * MIN);
    expect(clock.phase).toBe('escalate');
    expect(clock.dueNudges.map((n) => n.id)).toEqual(['pivot']);
    const pivoted = at(
      [
        ...escalated,
        { type: 'pivoted', at: T0 + 6 * MIN, criterionId: 'c2', criterionTitle: 'SSO' },
      ],
      T0 + 7 * MIN,
    );
    expect(pivoted.dueNudges).toEqual([]);
    expect(pivoted.nextNudge?.id).toBe('eta-due');
  });

  it('freezes the clock when the incident ends and counts down to the follow-up', () => {
    const events: IncidentEvent[] = [
      started,
      { type: 'acknowledged', at: T0 + 10 * S },
      { type: 'ended', at: T0 + 8 * MIN, outcome: 'fixed-live' },
    ];
    const state = replay(events, playbook);
    expect(state.status).toBe('follow-up-due');
    expect(state.followUpDueAt).toBe(T0 + 8 * MIN + 24 * H);
    const clock = clockAt(state, playbook, T0 + 2 * H);
    expect(clock.phase).toBe('follow-up');
    expect(clock.elapsedMs).toBe(8 * MIN);
    expect(clock.phaseRemainingMs).toBe(8 * MIN + 22 * H);
    const overdue = clockAt(state, playbook, T0 + 25 * H);
    expect(overdue.dueNudges[0]?.id).toBe('follow-up-overdue');
  });

  it('closes once the follow-up is sent, and a discarded incident needs no follow-up', () => {
    const sent = replay(
      [
        started,
        { type: 'ended', at: T0 + 5 * MIN, outcome: 'escalated' },
        { type: 'follow-up-sent', at: T0 + 3 * H },
      ],
      playbook,
    );
    expect(sent.status).toBe('closed');
    expect(sent.followUpSentAt).toBe(T0 + 3 * H);
    expect(clockAt(sent, playbook, T0 + 4 * H).phase).toBe('closed');
    const discarded = replay(
      [started, { type: 'ended', at: T0 + MIN, outcome: 'discarded' }],
      playbook,
    );
    expect(discarded.status).toBe('closed');
    expect(discarded.followUpDueAt).toBeNull();
  });

  it('uses the playbook windows', () => {
    const fast = {
      ...playbook,
      windows: { acknowledgeMs: 30 * S, diagnoseMs: 5 * MIN, followUpMs: 4 * H },
    };
    const state = replay([started], fast);
    expect(clockAt(state, fast, T0 + 31 * S).phase).toBe('diagnose');
    expect(clockAt(state, fast, T0 + 5 * MIN).phase).toBe('escalate');
  });

  it('ignores events that make no sense in the current state', () => {
    const state = replay(
      [
        started,
        { type: 'acknowledged', at: T0 + 10 * S },
        { type: 'acknowledged', at: T0 + 50 * S },
        { type: 'ended', at: T0 + 2 * MIN, outcome: 'fixed-live' },
        { type: 'ended', at: T0 + 3 * MIN, outcome: 'discarded' },
        { type: 'escalated', at: T0 + 4 * MIN, eta: 'later', etaDueAt: null },
        { type: 'follow-up-sent', at: T0 + 5 * MIN },
        { type: 'follow-up-sent', at: T0 + 6 * MIN },
      ],
      playbook,
    );
    expect(state.acknowledgedAt).toBe(T0 + 10 * S);
    expect(state.outcome).toBe('fixed-live');
    expect(state.endedAt).toBe(T0 + 2 * MIN);
    expect(state.escalatedAt).toBeNull();
    expect(state.followUpSentAt).toBe(T0 + 5 * MIN);
  });

  it('requires a started event', () => {
    expect(() => replay([{ type: 'acknowledged', at: T0 }], playbook)).toThrow(/started/);
  });
});

const laterEvent: fc.Arbitrary<IncidentEvent> = fc.oneof(
  fc.record({
    type: fc.constant('acknowledged' as const),
    at: fc.integer({ min: -MIN, max: 2 * H }),
  }),
  fc.record({
    type: fc.constant('note' as const),
    at: fc.integer({ min: 0, max: 2 * H }),
    text: fc.string(),
  }),
  fc.record({
    type: fc.constant('checklist' as const),
    at: fc.integer({ min: 0, max: 2 * H }),
    item: fc.constantFrom('logs', 'token', 'config'),
    done: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('escalated' as const),
    at: fc.integer({ min: 0, max: 2 * H }),
    eta: fc.constantFrom('within the hour', 'by end of day'),
    etaDueAt: fc.option(fc.integer({ min: 0, max: 30 * H }), { nil: null }),
  }),
  fc.record({
    type: fc.constant('pivoted' as const),
    at: fc.integer({ min: 0, max: 2 * H }),
    criterionId: fc.constantFrom('c1', 'c2'),
    criterionTitle: fc.constantFrom('SSO', 'Audit log'),
  }),
  fc.record({
    type: fc.constant('ended' as const),
    at: fc.integer({ min: 0, max: 2 * H }),
    outcome: fc.constantFrom('fixed-live' as const, 'escalated' as const, 'discarded' as const),
  }),
  fc.record({
    type: fc.constant('follow-up-sent' as const),
    at: fc.integer({ min: 0, max: 48 * H }),
  }),
  fc.record({
    type: fc.constant('diagnosed' as const),
    at: fc.integer({ min: 0, max: 2 * H }),
    rootCause: fc.string(),
  }),
);
const shifted = laterEvent.map((e) => ({ ...e, at: T0 + e.at }) as IncidentEvent);

describe('reducer properties', () => {
  it('any order of events yields a valid state', () => {
    fc.assert(
      fc.property(
        fc.array(shifted, { maxLength: 30 }),
        fc.integer({ min: 0, max: 72 * H }),
        (events, offset) => {
          const state = replay([started, ...events], playbook);
          const now = T0 + offset;
          const clock = clockAt(state, playbook, now);
          // Times never precede the failure, and the incident ends at most once.
          for (const t of [
            state.acknowledgedAt,
            state.escalatedAt,
            state.endedAt,
            state.followUpSentAt,
          ]) {
            if (t !== null) expect(t).toBeGreaterThanOrEqual(T0);
          }
          if (state.followUpSentAt !== null) {
            expect(state.endedAt).not.toBeNull();
            expect(state.outcome).not.toBe('discarded');
            expect(state.followUpSentAt).toBeGreaterThanOrEqual(state.endedAt!);
          }
          expect(state.followUpDueAt === null).toBe(
            state.endedAt === null || state.outcome === 'discarded',
          );
          expect((state.endedAt === null) === (state.status === 'active')).toBe(true);
          expect(clock.elapsedMs).toBeGreaterThanOrEqual(0);
          if (clock.phaseProgress !== null) {
            expect(clock.phaseProgress).toBeGreaterThanOrEqual(0);
            expect(clock.phaseProgress).toBeLessThanOrEqual(1);
          }
          expect(clock.dueNudges.every((n) => n.at <= now)).toBe(true);
          if (clock.nextNudge) expect(clock.nextNudge.at).toBeGreaterThan(now);
          expect(['acknowledge', 'diagnose', 'escalate', 'follow-up', 'closed']).toContain(
            clock.phase,
          );
        },
      ),
    );
  });

  it('replaying the same events gives the same state, whatever order they were stored in', () => {
    fc.assert(
      fc.property(fc.array(shifted, { maxLength: 25 }), (events) => {
        // Distinct times make the order fully defined by time.
        const unique = events.map((e, i) => ({ ...e, at: e.at * 100 + i }) as IncidentEvent);
        const start = { ...started, at: T0 * 100 } as IncidentEvent;
        const once = replay([start, ...unique], playbook);
        const again = replay([start, ...unique], playbook);
        const shuffled = replay([...unique].reverse().concat(start), playbook);
        expect(again).toEqual(once);
        expect(shuffled).toEqual(once);
      }),
    );
  });
});

describe('follow-up deadline', () => {
  it('is fixed when the incident ends, so a later playbook change never moves it', () => {
    const ended = endedEvent('fixed-live', T0 + 5 * MIN, playbook.windows);
    expect(ended.followUpDueAt).toBe(T0 + 5 * MIN + 24 * H);
    const shorter = { ...playbook, windows: { ...playbook.windows, followUpMs: 2 * H } };
    expect(replay([started, ended], shorter).followUpDueAt).toBe(T0 + 5 * MIN + 24 * H);
    expect(endedEvent('discarded', T0, playbook.windows).followUpDueAt).toBeNull();
  });
});
