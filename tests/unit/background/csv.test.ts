import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, incidentsToCsv } from '../../../src/domain/csv';
import { replay } from '../../../src/domain/incident';
import { DEFAULT_PLAYBOOK } from '../../../src/domain/playbook';
import { projectRecord } from '../../../src/domain/record';

describe('CSV', () => {
  it('quotes cells as RFC 4180 asks', () => {
    expect(csvRow(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere', null, 42])).toBe(
      'plain,"a,b","say ""hi""","two\nlines","cr\rhere",,42',
    );
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      `"'\rx"`,
    ]);
    expect(csvCell(`=HYPERLINK("http://x", "y")`)).toBe(`"'=HYPERLINK(""http://x"", ""y"")"`);
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('writes ISO times and durations, one CRLF line per incident', () => {
    const at = Date.UTC(2026, 2, 10, 12);
    const state = replay(
      [
        { type: 'started', at, platform: 'zoom', meetingCode: '123456789', pocId: 'p' },
        { type: 'acknowledged', at: at + 42_000 },
        { type: 'issue-described', at: at + 50_000, text: '=cmd|calc' },
        { type: 'ended', at: at + 600_000, outcome: 'escalated' },
      ],
      DEFAULT_PLAYBOOK,
    );
    const csv = incidentsToCsv([projectRecord('inc-1', state, { prospect: 'Acme, Inc.' }, at)]);
    const [header, row, end] = csv.split('\r\n');
    expect(header!.split(',')).toHaveLength(18);
    expect(row).toBe(
      'inc-1,2026-03-10T12:00:00.000Z,2026-03-10T12:10:00.000Z,zoom,123456789,"Acme, Inc.",' +
        "'=cmd|calc,Escalated,follow-up-due,42,600,2026-03-11T12:10:00.000Z,,,,,,",
    );
    expect(end).toBe('');
  });
});
