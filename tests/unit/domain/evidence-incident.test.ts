import { describe, expect, it } from 'vitest';
import type { HttpEvidence } from '../../../src/domain/evidence';
import { INCIDENT_EVIDENCE_MAX } from '../../../src/domain/evidence';
import type { IncidentEvent } from '../../../src/domain/incident';
import { replay } from '../../../src/domain/incident';
import { DEFAULT_PLAYBOOK } from '../../../src/domain/playbook';
import { draftFollowUp } from '../../../src/domain/report';

const T0 = Date.UTC(2026, 2, 10, 12);
const item = (id: string, at: number): HttpEvidence => ({
  kind: 'http',
  id,
  at,
  origin: 'https://api.acme-demo.com',
  path: '/api/orders',
  method: 'POST',
  status: 500,
  durationMs: 80,
  ids: [{ name: 'x-request-id', value: 'req-42' }],
});
const started: IncidentEvent = {
  type: 'started',
  at: T0,
  platform: 'meet',
  meetingCode: null,
  pocId: null,
};

describe('evidence in an incident', () => {
  it('keeps each failure once, oldest first, up to the cap', () => {
    const events: IncidentEvent[] = [
      started,
      { type: 'evidence', at: T0 - 3_000, item: item('a', T0 - 3_000) },
      { type: 'evidence', at: T0 - 3_000, item: item('a', T0 - 3_000) },
      { type: 'evidence', at: T0 + 1_000, item: item('b', T0 + 1_000) },
    ];
    expect(replay(events, DEFAULT_PLAYBOOK).evidence.map((e) => e.id)).toEqual(['a', 'b']);
    const flood: IncidentEvent[] = Array.from({ length: INCIDENT_EVIDENCE_MAX + 20 }, (_, i) => ({
      type: 'evidence',
      at: T0 + i,
      item: item(`f${i}`, T0 + i),
    }));
    expect(replay([started, ...flood], DEFAULT_PLAYBOOK).evidence).toHaveLength(
      INCIDENT_EVIDENCE_MAX,
    );
  });

  it('shows in the follow-up: timeline (before the hotkey too) and a root-cause suggestion', () => {
    const events: IncidentEvent[] = [
      { type: 'evidence', at: T0 - 3_000, item: item('a', T0 - 3_000) },
      started,
    ];
    const report = draftFollowUp({
      state: replay(events, DEFAULT_PLAYBOOK),
      events,
      poc: null,
      draft: {},
      formatTime: (at) => new Date(at).toISOString(),
    });
    const timeline = report.sections.find((s) => s.heading.startsWith('Timeline'))!;
    expect(timeline.lines[0]).toBe(
      '-0:03  Seen in the demo: POST /api/orders → 500 (x-request-id req-42)',
    );
    const rootCause = report.sections.find((s) => s.heading === 'Root cause')!;
    expect(rootCause.lines[0]).toBe(
      'First failure seen: POST /api/orders → 500 (x-request-id req-42). [Confirm the cause with engineering]',
    );
  });
});
