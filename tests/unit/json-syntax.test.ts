import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeJsonSyntaxError, findJsonSyntaxError } from '../../src/shared/json-syntax';

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Pieces JSON is made of, valid and not, so random joins land near the grammar's edges. */
const FRAGMENTS = [
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '"',
  '"a"',
  '""',
  '\\',
  '\\"',
  '\\u00e9',
  '\\u12',
  '\\x',
  '0',
  '1',
  '-',
  '01',
  '1.',
  '.5',
  '1.5',
  'e',
  'E+',
  '1e5',
  '-0',
  'true',
  'tru',
  'false',
  'null',
  'nul',
  'NaN',
  ' ',
  '\n',
  '\t',
  '\r',
  '\u00a0',
  '\u0001',
  'é',
  '\ud800',
  '😀',
  '/',
  "'",
];

const fragments = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 3 })), { maxLength: 25 })
  .map((parts) => parts.join(''));

/** Valid JSON with one character inserted, removed or replaced somewhere. */
const nearlyValid = fc
  .tuple(fc.json(), fc.nat(), fc.constantFrom(...FRAGMENTS, ''), fc.nat({ max: 2 }))
  .map(([json, at, piece, cut]) => {
    const i = at % (json.length + 1);
    return json.slice(0, i) + piece + json.slice(i + cut);
  });

describe('findJsonSyntaxError', () => {
  it('agrees with JSON.parse on valid and invalid for text made of JSON fragments', () => {
    fc.assert(
      fc.property(fc.oneof(fragments, nearlyValid, fc.json()), (text) => {
        expect(findJsonSyntaxError(text) === null).toBe(parses(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('accepts every valid JSON document', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        expect(findJsonSyntaxError(JSON.stringify(value, null, pretty ? 2 : 0))).toBeNull();
      }),
    );
  });

  it('points at the first error, with line, column and what was expected', () => {
    expect(
      findJsonSyntaxError('{\n  "format": "demo-rescue-backup",\n  "version": 1,,\n}'),
    ).toEqual({
      offset: 51,
      line: 3,
      column: 16,
      expected: 'a property name in double quotes',
      found: '","',
      endsEarly: false,
    });
    expect(findJsonSyntaxError('{"format": "demo-')).toMatchObject({
      line: 1,
      column: 18,
      expected: 'a closing double quote',
      endsEarly: true,
    });
    expect(findJsonSyntaxError('[1, 2,]')).toMatchObject({ column: 7, found: '"]"' });
    expect(findJsonSyntaxError('[tru]')).toMatchObject({ column: 5, expected: '"true"' });
    expect(findJsonSyntaxError('"a\u0001"')).toMatchObject({
      found: 'a control character (U+0001)',
    });
  });

  it('copes with deep nesting without recursion', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(findJsonSyntaxError(deep)).toBeNull();
    expect(findJsonSyntaxError(deep.slice(0, -1))).toMatchObject({ endsEarly: true });
  });

  it('says it in one sentence, and "ends too early" only when it does', () => {
    const middle = findJsonSyntaxError('{"a": 1 "b": 2}')!;
    expect(describeJsonSyntaxError(middle)).toBe(
      'The file is not valid JSON: at line 1, column 9, expected "," or "}" but found "\\"".',
    );
    expect(describeJsonSyntaxError(findJsonSyntaxError('{"a": [1, 2')!)).toBe(
      'The file is not valid JSON: it ends too early (at line 1, column 12); expected "," or "]".',
    );
  });
});
