import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../../../src/domain/incident';
import { replay } from '../../../src/domain/incident';
import { DEFAULT_PLAYBOOK } from '../../../src/domain/playbook';
import type { Poc } from '../../../src/domain/poc';
import { draftFollowUp, initialDraft, reportToMarkdown } from '../../../src/domain/report';

const T0 = 1_800_000_000_000;
const MIN = 60_000;
const poc: Poc = {
  id: 'p1',
  prospect: 'Acme Corp',
  name: 'Q4 evaluation',
  contacts: [
    { name: 'Dana Smith', email: 'dana@acme.test' },
    { name: 'Lee', email: '' },
  ],
  criteria: [{ id: 'c1', title: 'SSO login', howToShow: 'Log in with Okta', status: 'not-shown' }],
  archived: false,
  createdAt: T0,
  updatedAt: T0,
};
const events: IncidentEvent[] = [
  { type: 'started', at: T0, platform: 'meet', meetingCode: 'abc-defg-hij', pocId: 'p1' },
  { type: 'issue-described', at: T0 + 10_000, text: 'the import API returned 500' },
  { type: 'acknowledged', at: T0 + 20_000 },
  { type: 'note', at: T0 + 2 * MIN, text: 'token expired at 14:02' },
  { type: 'diagnosed', at: T0 + 3 * MIN, rootCause: 'The sandbox session token expired.' },
  { type: 'escalated', at: T0 + 11 * MIN, eta: 'within the hour', etaDueAt: T0 + 71 * MIN },
  { type: 'pivoted', at: T0 + 12 * MIN, criterionId: 'c1', criterionTitle: 'SSO login' },
  { type: 'ended', at: T0 + 30 * MIN, outcome: 'escalated' },
];
const state = replay(events, DEFAULT_PLAYBOOK);
const formatTime = (at: number) => new Date(at).toISOString();

describe('report drafting', () => {
  it('starts the draft from what the overlay captured', () => {
    const draft = initialDraft(state, poc);
    expect(draft.recipients).toEqual(['dana@acme.test']);
    expect(draft.subject).toBe('Incident report: the import API returned 500 (Acme Corp POC)');
    expect(draft.rootCause).toBe('The sandbox session token expired.');
    expect(draft.resolutionKind).toBe('temporary');
  });

  it('writes impact, timeline, root cause, resolution and prevention', () => {
    const report = draftFollowUp({
      state,
      events,
      poc,
      formatTime,
      draft: {
        resolution: 'Token lifetime raised to 8 h.',
        prevention: 'Alert before sandbox tokens expire.',
        preventionOwner: 'Platform team',
        preventionDate: '2026-12-15',
      },
    });
    expect(report.body).toContain('Hi Dana,');
    expect(report.body).toContain('the import API returned 500');
    expect(report.body).toContain('It affected the session for 30:00');
    expect(report.body).toContain('We continued with "SSO login"');
    expect(report.body).toContain('+0:20  We acknowledged the failure');
    expect(report.body).toContain(
      '+11:00  Escalated to engineering; update promised within the hour.',
    );
    expect(report.body).toContain('ROOT CAUSE\nThe sandbox session token expired.');
    expect(report.body).toContain('RESOLUTION (TEMPORARY)\nToken lifetime raised to 8 h.');
    expect(report.body).toContain(
      'PREVENTION\nAlert before sandbox tokens expire.\nOwner: Platform team\nBy: 2026-12-15',
    );
  });

  it('is blameless: no blame words in the generated text', () => {
    const { body } = draftFollowUp({ state, events, poc, formatTime, draft: {} });
    expect(body).not.toMatch(/\b(fault|blame|your network|human error|careless)\b/i);
  });

  it('leaves visible prompts for what the SE has not written yet', () => {
    const { body } = draftFollowUp({
      state: replay(events.slice(0, 3), DEFAULT_PLAYBOOK),
      events: events.slice(0, 3),
      poc: null,
      formatTime,
      draft: {},
    });
    expect(body).toContain('Hi all,');
    expect(body).toContain('[What happened and why]');
    expect(body).toContain('[What was done to fix it]');
  });

  it('renders Markdown with headings and the timeline as a list', () => {
    const md = reportToMarkdown(
      draftFollowUp({ state, events, poc, formatTime, draft: { rootCause: 'Expired token' } }),
    );
    expect(md.startsWith('# Incident report: the import API returned 500 (Acme Corp POC)\n')).toBe(
      true,
    );
    expect(md).toContain('To: dana@acme.test');
    expect(md).toContain('## Root cause\n\nExpired token');
    expect(md).toContain('## Resolution (temporary)');
    expect(md).toContain('## Prevention');
    expect(md).toContain('- +0:20  We acknowledged the failure');
  });
});

describe('Markdown download with hostile text', () => {
  const hostile = '<img src=x onerror=alert(1)>';
  const hostilePoc: Poc = {
    ...poc,
    prospect: `Evil ${hostile}`,
    name: '[click](javascript:alert(1))',
    contacts: [{ name: '<script>alert(1)</script> Smith', email: 'x@y.test' }],
  };
  const hostileEvents: IncidentEvent[] = [
    ...events.slice(0, -1),
    { type: 'note', at: T0 + 13 * MIN, text: '![pixel](https://evil.test/t.png) `code` **bold**' },
    { type: 'note', at: T0 + 14 * MIN, text: '# not a heading\n- not a list\n1. nor this\n---' },
    { type: 'note', at: T0 + 15 * MIN, text: '&lt;b&gt; <https://evil.test> | a | b |' },
    events.at(-1)!,
  ];
  const hostileState = replay(hostileEvents, DEFAULT_PLAYBOOK);
  const markdownOf = (draft = {}) =>
    reportToMarkdown(
      draftFollowUp({
        state: hostileState,
        events: hostileEvents,
        poc: hostilePoc,
        formatTime,
        draft,
      }),
    );

  it('passes no HTML, link, image, code or heading through from user text', () => {
    const md = markdownOf({ subject: `Report ${hostile}`, rootCause: '## Injected\n<b>bold</b>' });
    expect(md).not.toContain('<');
    expect(md.split('\n')[0]).toBe('# Report &lt;img src=x onerror=alert(1)&gt;');
    expect(md).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(md).toContain('\\!\\[pixel\\](https://evil.test/t.png) \\`code\\` \\*\\*bold\\*\\*');
    expect(md).toContain('Note: # not a heading\n  \\- not a list\n  1\\. nor this\n  \\---');
    expect(md).toContain('&amp;lt;b&amp;gt; &lt;https://evil.test&gt; \\| a \\| b \\|');
    expect(md).toContain('\\## Injected\n&lt;b&gt;bold&lt;/b&gt;');
    // Only the headings this function writes start a line with "#".
    expect(md.split('\n').filter((line) => line.startsWith('#'))).toHaveLength(6);
  });

  it('keeps no "<" from any user text unescaped', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (subject, note, rootCause) => {
        const noted: IncidentEvent[] = [
          events[0]!,
          { type: 'note', at: T0 + 1, text: note },
          { type: 'ended', at: T0 + 2, outcome: 'fixed-live' },
        ];
        const md = reportToMarkdown(
          draftFollowUp({
            state: replay(noted, DEFAULT_PLAYBOOK),
            events: noted,
            poc: { ...poc, prospect: note, name: subject },
            formatTime,
            draft: { subject, rootCause },
          }),
        );
        expect(md).not.toContain('<');
        expect(md.split('\n').filter((line) => /^\s*#/.test(line))).toHaveLength(6);
      }),
    );
  });
});
