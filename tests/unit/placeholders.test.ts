import { describe, expect, it } from 'vitest';
import {
  fillPlaceholders,
  placeholderParts,
  unknownPlaceholders,
} from '../../src/domain/placeholders';

describe('fillPlaceholders', () => {
  it('fills known placeholders and leaves unknown or unset ones visible', () => {
    expect(
      fillPlaceholders('Hi {prospect}, next: {criterion}. {eta} {mystery}', {
        prospect: 'Acme',
        criterion: 'SSO login',
      }),
    ).toBe('Hi Acme, next: SSO login. {eta} {mystery}');
  });

  it('never evaluates the template or the values', () => {
    const value = '${globalThis.process.exit()} {prospect}';
    expect(fillPlaceholders('{prospect}', { prospect: value })).toBe(value);
    expect(fillPlaceholders('{constructor} {__proto__}', {})).toBe('{constructor} {__proto__}');
  });

  it('lists unknown placeholders once each, in order', () => {
    expect(unknownPlaceholders('{foo} {prospect} {bar} {foo}')).toEqual(['foo', 'bar']);
    expect(unknownPlaceholders('{toString}')).toEqual(['toString']);
  });
});

describe('placeholderParts', () => {
  it('splits a template into its text and the values filled in, in order', () => {
    expect(placeholderParts('Hi {prospect}, {criterion} next {x}', { prospect: 'Acme' })).toEqual([
      { text: 'Hi ', filled: false },
      { text: 'Acme', filled: true },
      { text: ', {criterion} next {x}', filled: false },
    ]);
    expect(placeholderParts('{eta}', { eta: 'soon' })).toEqual([{ text: 'soon', filled: true }]);
    expect(placeholderParts('', {})).toEqual([{ text: '', filled: false }]);
  });
});
