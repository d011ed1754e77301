import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NOT_SHARING,
  PRIVACY_OVERRIDES,
  SHARE_SURFACES,
  formatShareHint,
  parseShareHint,
  privacyView,
  type ShareHint,
} from '../../../src/domain/privacy';

const sharing = (surface: ShareHint['surface'], selfTab = false): ShareHint => ({
  sharing: true,
  surface,
  selfTab,
});

describe('privacyView (auto)', () => {
  it.each([
    ['nothing reported', null, 'normal', 'Not sharing', false],
    ['sharing stopped', NOT_SHARING, 'normal', 'Not sharing', false],
    ['another tab', sharing('browser'), 'normal', 'Private: you are sharing another tab', false],
    ['a window', sharing('window'), 'normal', 'Private: you are sharing a window', false],
    ['this tab', sharing('browser', true), 'discreet', 'Hidden: you are sharing this tab', true],
    [
      'the whole screen',
      sharing('monitor'),
      'discreet',
      'Hidden: you are sharing your whole screen',
      true,
    ],
    ['an unknown surface', sharing(null), 'discreet', 'Hidden: you are sharing your screen', true],
  ] as const)('%s → %s', (_what, share, mode, indicator, exposed) => {
    const view = privacyView(share, 'auto');
    expect(view).toEqual({
      mode,
      indicator,
      exposed,
      suggestion: exposed ? 'Share another tab or a window instead.' : null,
    });
  });
});

describe('privacyView where the browser cannot recognise its own tab (Firefox)', () => {
  const firefox = { recognisesOwnTab: false };
  const ELSEWHERE =
    'Share a window this tab is not in, then choose “Always show” for this meeting.';

  it('hides for a shared window: it may be the browser window this tab is in', () => {
    expect(privacyView(sharing('window'), 'auto', 'tab', firefox)).toEqual({
      mode: 'discreet',
      indicator: 'Hidden: you are sharing a window, maybe this one',
      exposed: true,
      suggestion: ELSEWHERE,
    });
    expect(privacyView(sharing('browser'), 'auto', 'tab', firefox)).toMatchObject({
      mode: 'discreet',
      indicator: 'Hidden: you are sharing a tab, maybe this one',
    });
  });

  it('hides for a screen or an unknown surface, with advice that works there', () => {
    for (const surface of ['monitor', null] as const) {
      expect(privacyView(sharing(surface), 'auto', 'tab', firefox)).toMatchObject({
        mode: 'discreet',
        exposed: true,
        suggestion: ELSEWHERE,
      });
    }
  });

  it('keeps a popped-out overlay private for a window, never for the screen', () => {
    expect(privacyView(sharing('window'), 'auto', 'pop-out', firefox)).toMatchObject({
      mode: 'normal',
      exposed: false,
    });
    expect(privacyView(sharing('monitor'), 'auto', 'pop-out', firefox)).toMatchObject({
      mode: 'discreet',
    });
  });

  it('still follows "always show" once the user says the window is another one', () => {
    expect(privacyView(sharing('window'), 'show', 'tab', firefox)).toMatchObject({
      mode: 'normal',
      indicator: 'Visible to your audience: you are sharing a window, maybe this one',
    });
  });
});

describe('privacyView with a per-meeting choice', () => {
  it('"always show" shows, and says plainly when the audience can see the overlay', () => {
    expect(privacyView(sharing('monitor'), 'show')).toMatchObject({
      mode: 'normal',
      indicator: 'Visible to your audience: you are sharing your whole screen',
      exposed: true,
      suggestion: 'Share another tab or a window instead.',
    });
    expect(privacyView(sharing('browser'), 'show')).toMatchObject({
      mode: 'normal',
      indicator: 'Private: you are sharing another tab',
    });
    expect(privacyView(null, 'show')).toMatchObject({ mode: 'normal', indicator: 'Not sharing' });
  });

  it('"always hide" hides whatever is shared, and says it was the user\'s choice', () => {
    expect(privacyView(null, 'hide')).toMatchObject({
      mode: 'discreet',
      indicator: 'Hidden by you: not sharing',
    });
    expect(privacyView(sharing('window'), 'hide')).toMatchObject({
      mode: 'discreet',
      indicator: 'Hidden by you: you are sharing a window',
      exposed: false,
      suggestion: null,
    });
    expect(privacyView(sharing('browser', true), 'hide')).toMatchObject({
      mode: 'discreet',
      indicator: 'Hidden: you are sharing this tab',
      exposed: true,
    });
  });

  it('never shows the overlay on an exposed share unless the user asked to', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SHARE_SURFACES, null),
        fc.boolean(),
        fc.constantFrom(...PRIVACY_OVERRIDES),
        fc.constantFrom('tab' as const, 'pop-out' as const),
        (surface, selfTab, override, place) => {
          const share = sharing(surface, selfTab && surface === 'browser');
          const view = privacyView(share, override, place);
          if (view.exposed && view.mode === 'normal') expect(override).toBe('show');
          if (override === 'hide') expect(view.mode).toBe('discreet');
        },
      ),
    );
  });
});

describe('privacyView for the popped-out overlay', () => {
  it('is private while the call tab itself is shared: the pop-out is another window', () => {
    expect(privacyView(sharing('browser', true), 'auto', 'pop-out')).toEqual({
      mode: 'normal',
      indicator: 'Private: you are sharing the call tab',
      exposed: false,
      suggestion: null,
    });
  });

  it('stays hidden while the whole screen, or something unknown, is shared', () => {
    expect(privacyView(sharing('monitor'), 'auto', 'pop-out')).toMatchObject({
      mode: 'discreet',
      indicator: 'Hidden: you are sharing your whole screen',
    });
    expect(privacyView(sharing(null), 'auto', 'pop-out').mode).toBe('discreet');
  });

  it('reads like the tab for every other share', () => {
    for (const share of [null, NOT_SHARING, sharing('browser'), sharing('window')]) {
      expect(privacyView(share, 'auto', 'pop-out')).toEqual(privacyView(share, 'auto'));
    }
  });
});

describe('parseShareHint', () => {
  it('reads what formatShareHint writes', () => {
    const hints = fc.oneof(
      fc.constant(NOT_SHARING),
      fc.record({
        sharing: fc.constant(true),
        surface: fc.constantFrom(...SHARE_SURFACES, null),
        selfTab: fc.constant(false),
      }),
      fc.constant(sharing('browser', true)),
    );
    fc.assert(
      fc.property(hints, (hint) => {
        expect(JSON.parse(formatShareHint(hint))).toEqual(hint);
        expect(parseShareHint(formatShareHint(hint))).toEqual(hint);
      }),
    );
  });

  it.each([
    ['an object instead of JSON text', { sharing: true, surface: 'monitor', selfTab: false }],
    ['null', null],
    ['a number', 42],
    ['text that is not JSON', '{sharing: true'],
    ['JSON null', 'null'],
    ['a JSON array', '[true, "monitor", false]'],
    ['a missing key', '{"sharing":true,"surface":"monitor"}'],
    ['an extra key', '{"sharing":true,"surface":"monitor","selfTab":false,"incident":"start"}'],
    ['a string boolean', '{"sharing":"true","surface":"monitor","selfTab":false}'],
    ['an unknown surface', '{"sharing":true,"surface":"application","selfTab":false}'],
    ['a surface without sharing', '{"sharing":false,"surface":"monitor","selfTab":false}'],
    ['this tab without sharing', '{"sharing":false,"surface":null,"selfTab":true}'],
    ['this tab as a screen', '{"sharing":true,"surface":"monitor","selfTab":true}'],
    [
      'an oversized detail',
      `{"sharing":true,"surface":"monitor","selfTab":false}${' '.repeat(200)}`,
    ],
  ])('ignores %s', (_what, detail) => {
    expect(parseShareHint(detail)).toBeNull();
  });

  it('never throws, whatever the page sends', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.anything()), (detail) => {
        const hint = parseShareHint(detail);
        if (hint) expect(parseShareHint(formatShareHint(hint))).toEqual(hint);
      }),
    );
  });
});
