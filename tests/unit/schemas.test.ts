import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../src/domain/playbook';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import {
  PlaybookSchema,
  PocSchema,
  SettingsSchema,
  describeProblems,
  validate,
} from '../../src/shared/schemas';

describe('schemas', () => {
  it('quotes at most a short excerpt of a long invalid value', () => {
    const long = 'x'.repeat(2097);
    const result = validate(SettingsSchema, { ...DEFAULT_SETTINGS, overlayCorner: long });
    if (result.ok) throw new Error('expected a problem');
    const text = describeProblems(result.problems);
    expect(text).toContain('overlayCorner: Invalid type');
    expect(text).toContain('(2,097 characters)');
    expect(text.length).toBeLessThan(200);
  });

  it('accepts the default playbook', () => {
    expect(validate(PlaybookSchema, DEFAULT_PLAYBOOK).ok).toBe(true);
  });

  it('reports each problem with its path', () => {
    const playbook = structuredClone(DEFAULT_PLAYBOOK);
    playbook.phases.diagnose.talkTracks[1] = 'x'.repeat(2001);
    playbook.windows.acknowledgeMs = 5_000;
    const result = validate(PlaybookSchema, playbook);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toEqual([
        { path: 'phases.diagnose.talkTracks[1]', message: 'must be at most 2,000 characters' },
        { path: 'windows.acknowledgeMs', message: 'must be at least 10 seconds' },
      ]);
      expect(describeProblems(result.problems)).toBe(
        'phases.diagnose.talkTracks[1]: must be at most 2,000 characters; windows.acknowledgeMs: must be at least 10 seconds',
      );
    }
  });

  it('requires the acknowledge window to be shorter than the diagnose window', () => {
    const playbook = structuredClone(DEFAULT_PLAYBOOK);
    playbook.windows = { ...playbook.windows, acknowledgeMs: 5 * 60_000, diagnoseMs: 2 * 60_000 };
    const result = validate(PlaybookSchema, playbook);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toEqual([
        { path: 'windows.diagnoseMs', message: 'must be longer than the acknowledge window' },
      ]);
    }
  });

  it('checks contact emails and list sizes on POCs', () => {
    const result = validate(PocSchema, {
      id: 'p',
      prospect: 'Acme',
      name: 'Eval',
      contacts: [{ name: 'Dana', email: 'not-an-email' }],
      criteria: Array.from({ length: 101 }, (_, i) => ({
        id: `c${i}`,
        title: 't',
        howToShow: '',
        status: 'proven',
      })),
      archived: false,
      createdAt: 1,
      updatedAt: 1,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.path)).toEqual(['contacts[0].email', 'criteria']);
    }
  });
});
