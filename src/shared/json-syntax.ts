/**
 * Finds the first syntax error in JSON text, with its line and column and what was expected,
 * without relying on the wording of the engine's JSON.parse errors (V8's changed and no longer
 * carries a position). Iterative, so a deeply nested file cannot overflow the stack. It only
 * locates errors: parsing stays with JSON.parse.
 */

export interface JsonSyntaxError {
  /** UTF-16 offset of the offending character (text.length when the text ends too early). */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in characters from the start of the line. */
  column: number;
  expected: string;
  /** What is there instead: a quoted character, or "the end of the file". */
  found: string;
  /** True when the text is a valid start of JSON that stops too early. */
  endsEarly: boolean;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX = /^[0-9a-fA-F]{4}$/;
const DIGIT = /[0-9]/;

/**
 * What the scanner expects next. The stack holds what follows each open value: a member's
 * value pushes "comma-or-}" at its colon, an array item "comma-or-]".
 */
type Expect = 'value' | 'key-or-end' | 'key' | 'colon' | 'comma-or-}' | 'comma-or-]' | 'eof';

const DESCRIPTIONS: Record<Expect, string> = {
  value: 'a value (an object, array, string, number, true, false or null)',
  'key-or-end': 'a property name in double quotes, or "}"',
  key: 'a property name in double quotes',
  colon: '":"',
  'comma-or-}': '"," or "}"',
  'comma-or-]': '"," or "]"',
  eof: 'the end of the file',
};

function describeFound(text: string, offset: number): string {
  if (offset >= text.length) return 'the end of the file';
  const code = text.codePointAt(offset)!;
  if (code < 0x20) return `a control character (U+${code.toString(16).padStart(4, '0')})`;
  return JSON.stringify(String.fromCodePoint(code));
}

function errorAt(text: string, offset: number, expected: string): JsonSyntaxError {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return {
    offset,
    line,
    column: offset - lineStart + 1,
    expected,
    found: describeFound(text, offset),
    endsEarly: offset >= text.length,
  };
}

/** Scans a string starting at its opening quote; returns the offset after it, or an error. */
function scanString(text: string, start: number): number | JsonSyntaxError {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') return i + 1;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === undefined) return errorAt(text, i + 1, 'an escape character after "\\"');
      if (next === 'u') {
        if (!HEX.test(text.slice(i + 2, i + 6))) {
          let bad = i + 2;
          while (bad < i + 6 && bad < text.length && /[0-9a-fA-F]/.test(text[bad]!)) bad++;
          return errorAt(text, bad, 'four hex digits after "\\u"');
        }
        i += 6;
        continue;
      }
      if (!ESCAPES.has(next)) {
        return errorAt(text, i + 1, 'one of " \\ / b f n r t u after "\\"');
      }
      i += 2;
      continue;
    }
    if (c.charCodeAt(0) < 0x20) {
      return errorAt(text, i, 'a closing double quote, or an escape such as \\n');
    }
    i += 1;
  }
  return errorAt(text, i, 'a closing double quote');
}

const digitAt = (text: string, i: number) => i < text.length && DIGIT.test(text[i]!);

/** Scans a number; returns the offset after it, or an error. */
function scanNumber(text: string, start: number): number | JsonSyntaxError {
  let i = start;
  if (text[i] === '-') i++;
  if (text[i] === '0') i++;
  else if (digitAt(text, i)) while (digitAt(text, i)) i++;
  else return errorAt(text, i, 'a digit');
  if (text[i] === '.') {
    i++;
    if (!digitAt(text, i)) return errorAt(text, i, 'a digit after "."');
    while (digitAt(text, i)) i++;
  }
  if (text[i] === 'e' || text[i] === 'E') {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    if (!digitAt(text, i)) return errorAt(text, i, 'a digit in the exponent');
    while (digitAt(text, i)) i++;
  }
  return i;
}

/** Null when `text` is valid JSON (as JSON.parse reads it); otherwise its first error. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  // The continuation of each open container, innermost last.
  const stack: Expect[] = ['eof'];
  let expect: Expect = 'value';
  let i = 0;
  for (;;) {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
    const c = text[i];
    const fail = () => errorAt(text, i, DESCRIPTIONS[expect]);
    if (expect === 'eof') return c === undefined ? null : fail();
    if (c === undefined) return fail();
    switch (expect) {
      case 'value':
      case 'key-or-end':
      case 'key': {
        if (expect !== 'value' && c !== '"') {
          if (expect === 'key-or-end' && c === '}') {
            i++;
            expect = stack.pop()!;
            continue;
          }
          return fail();
        }
        if (c === '{') {
          i++;
          expect = 'key-or-end';
          continue;
        }
        if (c === '[') {
          i++;
          while (i < text.length && WHITESPACE.has(text[i]!)) i++;
          if (text[i] === ']') {
            i++;
            expect = stack.pop()!;
          } else {
            stack.push('comma-or-]');
            expect = 'value';
          }
          continue;
        }
        let end: number | JsonSyntaxError;
        if (c === '"') end = scanString(text, i);
        else if (c === '-' || DIGIT.test(c)) end = scanNumber(text, i);
        else {
          const word = ['true', 'false', 'null'].find((w) => w[0] === c);
          if (!word) return fail();
          let k = 1;
          while (k < word.length && text[i + k] === word[k]) k++;
          if (k < word.length) return errorAt(text, i + k, `"${word}"`);
          end = i + word.length;
        }
        if (typeof end !== 'number') return end;
        i = end;
        expect = expect === 'value' ? stack.pop()! : 'colon';
        continue;
      }
      case 'colon':
        if (c !== ':') return fail();
        i++;
        stack.push('comma-or-}');
        expect = 'value';
        continue;
      case 'comma-or-}':
      case 'comma-or-]': {
        const close: '}' | ']' = expect === 'comma-or-}' ? '}' : ']';
        if (c === close) {
          i++;
          expect = stack.pop()!;
        } else if (c === ',') {
          i++;
          // An object's continuation is pushed again at its next colon.
          if (close === ']') stack.push(expect);
          expect = close === '}' ? 'key' : 'value';
        } else return fail();
        continue;
      }
    }
  }
}

/** One sentence for a person: where the file breaks and what should be there. */
export function describeJsonSyntaxError(error: JsonSyntaxError): string {
  const where = `line ${error.line}, column ${error.column}`;
  return error.endsEarly
    ? `The file is not valid JSON: it ends too early (at ${where}); expected ${error.expected}.`
    : `The file is not valid JSON: at ${where}, expected ${error.expected} but found ${error.found}.`;
}
