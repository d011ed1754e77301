import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../../src/domain/incident';
import { replay } from '../../../src/domain/incident';
import { DEFAULT_PLAYBOOK } from '../../../src/domain/playbook';
import { scorecard } from '../../../src/domain/scorecard';

const T0 = 1_800_000_000_000;
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const started: IncidentEvent = {
  type: 'started',
  at: T0,
  platform: 'zoom',
  meetingCode: '123456789',
  pocId: null,
};
const windows = DEFAULT_PLAYBOOK.windows;

function marks(events: IncidentEvent[], now: number) {
  const card = scorecard(replay([started, ...events], DEFAULT_PLAYBOOK), windows, now);
  return Object.fromEntries(card.marks.map((m) => [m.id, m]));
}

describe('scorecard', () => {
  it('passes an incident handled by the book, with reasons', () => {
    const m = marks(
      [
        { type: 'acknowledged', at: T0 + 20 * S },
        { type: 'escalated', at: T0 + 9 * MIN, eta: 'within the hour', etaDueAt: null },
        {
          type: 'pivoted',
          at: T0 + 9 * MIN + 30 * S,
          criterionId: 'c',
          criterionTitle: 'Audit log export',
        },
        { type: 'ended', at: T0 + 40 * MIN, outcome: 'escalated' },
        { type: 'follow-up-sent', at: T0 + 5 * H },
      ],
      T0 + 6 * H,
    );
    expect(m['acknowledged']).toMatchObject({ result: 'pass', reason: 'Acknowledged after 0:20.' });
    expect(m['resolved-or-escalated']).toMatchObject({
      result: 'pass',
      reason: 'Escalated after 9:00.',
    });
    expect(m['pivoted']).toMatchObject({
      result: 'pass',
      reason: 'Pivoted to "Audit log export".',
    });
    expect(m['follow-up']?.result).toBe('pass');
  });

  it('fails late acknowledgement, hacking past the window, escalation without pivot and a missed follow-up', () => {
    const m = marks(
      [
        { type: 'acknowledged', at: T0 + 90 * S },
        { type: 'ended', at: T0 + 14 * MIN, outcome: 'escalated' },
      ],
      T0 + 30 * H,
    );
    expect(m['acknowledged']).toMatchObject({
      result: 'fail',
      reason: 'Acknowledged late, after 1:30.',
    });
    expect(m['resolved-or-escalated']?.result).toBe('fail');
    expect(m['pivoted']?.result).toBe('fail');
    expect(m['follow-up']).toMatchObject({
      result: 'fail',
      reason: 'Not sent, and the deadline has passed.',
    });
  });

  it('is pending while the incident is still young', () => {
    const m = marks([], T0 + 30 * S);
    expect(Object.values(m).map((x) => x.result)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
  });

  it('fails the acknowledge mark once the window passes without one', () => {
    expect(marks([], T0 + 61 * S)['acknowledged']?.result).toBe('fail');
  });

  it('needs no pivot when fixed live, and marks nothing for a false alarm', () => {
    const fixed = marks(
      [
        { type: 'acknowledged', at: T0 + 5 * S },
        { type: 'ended', at: T0 + 3 * MIN, outcome: 'fixed-live' },
      ],
      T0 + H,
    );
    expect(fixed['resolved-or-escalated']).toMatchObject({
      result: 'pass',
      reason: 'Fixed live after 3:00.',
    });
    expect(fixed['pivoted']?.result).toBe('n/a');
    const discarded = scorecard(
      replay([started, { type: 'ended', at: T0 + MIN, outcome: 'discarded' }], DEFAULT_PLAYBOOK),
      windows,
      T0 + H,
    );
    expect(discarded.marks.every((x) => x.result === 'n/a')).toBe(true);
    expect(discarded.decided).toBe(0);
  });
});
