import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HttpEvidence } from '../../../src/domain/evidence';
import { DEFAULT_PLAYBOOK, PHASE_IDS } from '../../../src/domain/playbook';
import type { PlaceholderValues } from '../../../src/domain/placeholders';
import { PLACEHOLDERS, speakableLines, talkTrackValues } from '../../../src/domain/placeholders';

const RAW = /\{[a-zA-Z][\w-]*\}/;
const NAMES = Object.keys(PLACEHOLDERS) as (keyof typeof PLACEHOLDERS)[];
const failure: HttpEvidence = {
  kind: 'http',
  id: 'r1',
  at: 0,
  origin: 'https://api.acme-demo.com',
  path: '/api/orders',
  method: 'POST',
  status: 500,
  durationMs: 10,
  ids: [],
};

/** Every subset of the placeholders set (to plain words) or unset. */
const valuesArb = fc.record(
  Object.fromEntries(
    NAMES.map((name) => [name, fc.option(fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,20}$/))]),
  ) as Record<keyof typeof PLACEHOLDERS, fc.Arbitrary<string | null>>,
);

describe('lines shown for speaking', () => {
  it('never show a raw placeholder, for every default talk track and any values (property)', () => {
    fc.assert(
      fc.property(valuesArb, fc.boolean(), (values: PlaceholderValues, withEvidence) => {
        for (const phase of PHASE_IDS) {
          const tracks = DEFAULT_PLAYBOOK.phases[phase].talkTracks;
          const lines = speakableLines(tracks, values, withEvidence ? failure : null);
          expect(lines.length).toBeGreaterThan(0);
          for (const line of lines) {
            expect(line.text).not.toMatch(RAW);
            expect(line.parts.map((p) => p.text).join('')).toBe(line.text);
          }
        }
      }),
    );
  });

  it('fills {issue} from the latest evidence when nothing was typed', () => {
    const values = talkTrackValues(
      { pivot: null, eta: null, issue: null, evidence: [failure] },
      null,
    );
    const [line] = speakableLines(DEFAULT_PLAYBOOK.phases.diagnose.talkTracks, values);
    expect(line?.text).toBe(
      "I'm checking the logs for the request to /api/orders returned a 500 now. This is the same first step our support team would take with you in production.",
    );
  });

  it('falls back to a spoken stand-in, marked as a blank, when nothing is known', () => {
    const [line] = speakableLines(DEFAULT_PLAYBOOK.phases.diagnose.talkTracks, {});
    expect(line?.text).toBe(
      "I'm checking the logs for this error now. This is the same first step our support team would take with you in production.",
    );
    expect(line?.parts.find((p) => p.blank)).toEqual({ text: 'this error', blank: 'issue' });
  });

  it('skips "{prospect}, you just saw that fail" without a POC, keeping the other lines', () => {
    const lines = speakableLines(DEFAULT_PLAYBOOK.phases.acknowledge.talkTracks, {});
    expect(lines.map((l) => l.source)).toEqual([0, 2]);
    const withPoc = speakableLines(DEFAULT_PLAYBOOK.phases.acknowledge.talkTracks, {
      prospect: 'Acme',
    });
    expect(withPoc[1]?.text).toMatch(/^Acme, you just saw that fail/);
  });

  it('marks every blank when no line could be said without one', () => {
    const lines = speakableLines(['{prospect}, sorry.', 'On to {criterion} and {mood}.'], {});
    expect(lines.map((l) => l.text)).toEqual(['…, sorry.', 'On to … and ….']);
    expect(lines[1]?.blanks).toEqual(['criterion', 'mood']);
  });

  it('puts the line built from the evidence first', () => {
    const lines = speakableLines(DEFAULT_PLAYBOOK.phases.diagnose.talkTracks, {}, failure);
    expect(lines[0]).toMatchObject({ source: 'evidence' });
    expect(lines[0]?.text).toMatch(/^I can see the request to \/api\/orders returned a 500/);
  });
});

describe('parts of a line', () => {
  it('splits at blanks and at filled values, so user text can be isolated (bidi)', () => {
    const [line] = speakableLines(['Hi {prospect}, about {issue}: sorry.'], { prospect: 'Acme' });
    expect(line?.parts).toEqual([
      { text: 'Hi ' },
      { text: 'Acme', filled: true },
      { text: ', about ' },
      { text: 'this error', blank: 'issue' },
      { text: ': sorry.' },
    ]);
    expect(line?.text).toBe('Hi Acme, about this error: sorry.');
  });
});
