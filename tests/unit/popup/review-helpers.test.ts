import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../../src/domain/playbook';
import { mailtoLink } from '../../../src/domain/mailto';
import type { FollowUpReport } from '../../../src/domain/report';
import { escapeHtml, reportToHtml } from '../../../src/domain/report-html';
import { compactMarks, followUpStatus } from '../../../src/domain/review';
import { weeklyChart, weeklyTrendSummary } from '../../../src/domain/weekly-chart';
import { HOUR, MIN, T0, escalatedEvents, recordOf } from './fixtures';

const report: FollowUpReport = {
  subject: 'Report: 500 & <timeout>',
  recipients: ['dana@acme.test', ' fox+poc@acme.test '],
  greeting: 'Hi Dana,',
  intro: 'Intro "quoted"',
  sections: [
    { heading: 'Timeline (relative to the failure)', lines: ['+0:00  <b>start</b>'] },
    { heading: 'Root cause', lines: ["Token's <expired>"] },
  ],
  closing: ['Thanks', '', 'Best regards,'],
  body: 'Hi Dana,\n\nLine two',
};

describe('mailtoLink', () => {
  it('encodes recipients, subject and a CRLF body', () => {
    const link = mailtoLink(report);
    expect(link).toEqual({
      fits: true,
      url: 'mailto:dana@acme.test,fox%2Bpoc@acme.test?subject=Report%3A%20500%20%26%20%3Ctimeout%3E&body=Hi%20Dana%2C%0D%0A%0D%0ALine%20two',
    });
  });

  it('refuses links longer than the limit and says how long they are', () => {
    const long = { ...report, body: 'é'.repeat(400) };
    const link = mailtoLink(long, 1900);
    expect(link.fits).toBe(false);
    if (!link.fits) expect(link.length).toBeGreaterThan(1900);
    expect(mailtoLink(long, 10_000).fits).toBe(true);
  });
});

describe('reportToHtml', () => {
  it('escapes every value', () => {
    const html = reportToHtml(report);
    expect(html).toContain('<ul><li>+0:00  &lt;b&gt;start&lt;/b&gt;</li></ul>');
    expect(html).toContain('<p>Token&#39;s &lt;expired&gt;</p>');
    expect(html).toContain('<p>Intro &quot;quoted&quot;</p>');
    expect(html).not.toMatch(/<b>|<expired>/);
    expect(escapeHtml('&<>"\'')).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});

describe('followUpStatus and compactMarks', () => {
  const record = recordOf('r', escalatedEvents());
  const ended = T0 + 15 * MIN;

  it('says when the follow-up is due, overdue or sent', () => {
    expect(followUpStatus(record, ended + HOUR)).toEqual({
      kind: 'due',
      text: 'Follow-up due in 23 h',
    });
    expect(followUpStatus(record, ended + 25 * HOUR)).toEqual({
      kind: 'overdue',
      text: 'Follow-up overdue by 1 h',
    });
    expect(followUpStatus({ ...record, followUpSentAt: ended + 2 * HOUR }, ended).kind).toBe(
      'sent',
    );
    const active = recordOf('a', escalatedEvents().slice(0, 3));
    expect(followUpStatus(active, T0).kind).toBe('in-progress');
  });

  it('scores acknowledge, fix-or-escalate and follow-up from the record alone', () => {
    const marks = compactMarks(record, DEFAULT_PLAYBOOK.windows, ended + HOUR);
    expect(marks.map((m) => [m.id, m.result])).toEqual([
      ['acknowledged', 'pass'],
      ['resolved-or-escalated', 'fail'],
      ['follow-up', 'pending'],
    ]);
  });
});

describe('weeklyChart', () => {
  const stats = [
    { weekStart: 1, incidents: 2, medianAcknowledgeMs: 80_000 },
    { weekStart: 2, incidents: 0, medianAcknowledgeMs: null },
    { weekStart: 3, incidents: 4, medianAcknowledgeMs: 40_000 },
  ];

  it('scales bars to the busiest week and skips weeks without acknowledgements', () => {
    const chart = weeklyChart(stats, { width: 300, height: 100, padding: 10 });
    expect(chart.bars.map((b) => b.height)).toEqual([40, 0, 80]);
    expect(chart.bars.every((b) => b.y + b.height === 90)).toBe(true);
    expect(chart.points.map((p) => [p.x, p.y])).toEqual([
      [50, 10],
      [250, 50],
    ]);
    expect(chart.line).toBe('M50 10 L250 50');
  });

  it('summarises the trend in words', () => {
    expect(weeklyTrendSummary(stats)).toBe(
      '6 incidents in the last 3 weeks. Median time to acknowledge improved from 1:20 to 0:40 (m:ss).',
    );
    expect(weeklyTrendSummary([{ weekStart: 1, incidents: 0, medianAcknowledgeMs: null }])).toBe(
      'No incidents in the last 1 week.',
    );
  });
});
