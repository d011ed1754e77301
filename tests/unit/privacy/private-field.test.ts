import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IncidentEvent } from '../../../src/domain/incident';
import { mountPrivateField, type PrivateFieldDeps } from '../../../src/private-field/field';
import type { ActiveIncident } from '../../../src/shared/messages';
import { MessageError } from '../../../src/shared/messaging';
import type { PrivateFieldKind } from '../../../src/shared/private-field';
import { activeIncident, started } from '../overlay/fixtures';

function setUp(
  kind: PrivateFieldKind,
  events: IncidentEvent[] = [started()],
  waitsForStore = false,
) {
  let incident: ActiveIncident | null = activeIncident(events);
  const drafts = new Map<string, string>();
  let keys = 0;
  let stored: (active: ActiveIncident) => void = () => undefined;
  const deps = {
    readActive: vi.fn(async () => incident),
    // Resolves when the test stores an incident, or at once with null (the timeout ran out).
    waitForActive: vi.fn(
      (_timeoutMs: number) =>
        new Promise<ActiveIncident | null>((resolve) => {
          stored = resolve;
          if (!waitsForStore) resolve(null);
        }),
    ),
    act: vi.fn(async (..._args: unknown[]): Promise<unknown> => incident),
    leave: vi.fn(async () => null),
    newKey: vi.fn(() => `key-${++keys}`),
    loadDraft: vi.fn(async (key: string) => drafts.get(key) ?? null),
    saveDraft: vi.fn(async (key: string, text: string | null) => {
      if (text) drafts.set(key, text);
      else drafts.delete(key);
    }),
  } satisfies PrivateFieldDeps;
  const field = mountPrivateField(document, kind, deps);
  const type = (text: string) => {
    field.input.value = text;
    field.input.dispatchEvent(new Event('input'));
  };
  const press = async (key: string) => {
    field.input.dispatchEvent(new KeyboardEvent('keydown', { key }));
    await field.saving();
  };
  return {
    ...field,
    deps,
    drafts,
    type,
    press,
    end: () => (incident = null),
    /** The worker stores the incident the overlay painted. */
    store: () => {
      incident = activeIncident(events);
      stored(incident);
    },
  };
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('the private text field', () => {
  it('is a labelled text field with its status line', async () => {
    const { input, status, ready } = setUp('note');
    await ready;
    expect(input.getAttribute('aria-label')).toBe('Notes');
    expect(input.maxLength).toBe(2000);
    expect(input.getAttribute('aria-describedby')).toBe(status.id);
  });

  it('saves a note on Enter, trimmed, then clears the field and its draft', async () => {
    const field = setUp('note');
    await field.ready;
    field.type('  token expired  ');
    expect([...field.drafts.values()]).toEqual(['  token expired  ']);
    await field.press('Enter');
    expect(field.deps.act).toHaveBeenCalledWith(
      'inc-1',
      { kind: 'note', text: 'token expired' },
      'key-1',
    );
    expect(field.input.value).toBe('');
    expect(field.drafts.size).toBe(0);
    expect(field.status.textContent).toBe('Saved.');
  });

  it('keeps what was typed and says why when saving fails, never the raw browser error', async () => {
    const field = setUp('note');
    await field.ready;
    field.deps.act.mockRejectedValueOnce(
      new MessageError({ code: 'quota-exceeded', message: 'The browser has no room left.' }),
    );
    field.type('retry worked');
    await field.press('Enter');
    expect(field.input.value).toBe('retry worked');
    expect(field.status.textContent).toBe('Not saved: The browser has no room left.');
    expect(field.input.getAttribute('aria-invalid')).toBe('true');

    field.deps.act.mockRejectedValueOnce(
      new Error('Could not establish connection. Receiving end does not exist.'),
    );
    await field.press('Enter');
    expect(field.status.textContent).not.toContain('Receiving end');
    expect(field.status.textContent).toMatch(/^Not saved: .*try again/i);
    expect(field.input.value).toBe('retry worked');
    // Every retry of the same note carried the same key: it is never stored twice.
    expect(new Set(field.deps.act.mock.calls.map((call) => call[2]))).toEqual(new Set(['key-1']));
    await field.press('Enter');
    field.type('another');
    await field.press('Enter');
    expect(field.deps.act.mock.calls.map((call) => call[2])).toEqual([
      'key-1',
      'key-1',
      'key-1',
      'key-2',
    ]);
  });

  it('keeps a draft across a reload of the frame (the overlay collapsed and came back)', async () => {
    const first = setUp('note');
    await first.ready;
    first.type('half a thought');
    document.body.replaceChildren();
    const again = mountPrivateField(document, 'note', first.deps);
    await again.ready;
    expect(again.input.value).toBe('half a thought');
  });

  it('describes what failed once, on Enter or on leaving it, starting from the saved text', async () => {
    const field = setUp('issue', [started(), { type: 'issue-described', at: 1, text: 'old' }]);
    await field.ready;
    expect(field.input.value).toBe('old');
    field.input.dispatchEvent(new Event('blur'));
    await field.saving();
    expect(field.deps.act).not.toHaveBeenCalled();
    field.type('export 500');
    await field.press('Enter');
    field.input.dispatchEvent(new Event('blur'));
    await field.saving();
    expect(field.deps.act.mock.calls).toEqual([
      ['inc-1', { kind: 'describe-issue', text: 'export 500' }, 'key-1'],
    ]);
  });

  it('records the escalation in the SE’s own words, and asks for them when empty', async () => {
    const field = setUp('eta');
    await field.ready;
    await field.press('Enter');
    expect(field.status.textContent).toContain('Say when they will hear from you');
    expect(field.deps.act).not.toHaveBeenCalled();
    field.type('by 3 pm today');
    await field.press('Enter');
    expect(field.deps.act).toHaveBeenCalledWith(
      'inc-1',
      { kind: 'escalate', eta: 'by 3 pm today', etaInMs: null },
      'key-1',
    );
    expect(field.status.textContent).toBe('Escalation recorded.');
  });

  it('says so when no incident is stored in time, keeping the text', async () => {
    const field = setUp('note');
    await field.ready;
    field.end();
    field.type('too late');
    await field.press('Enter');
    expect(field.deps.act).not.toHaveBeenCalled();
    expect(field.status.textContent).toContain('no incident is stored yet');
    expect(field.input.value).toBe('too late');
  });

  it('a note typed before the painted incident is stored is saved once it is', async () => {
    const field = setUp('note', [started()], true);
    await field.ready;
    field.end();
    field.type('typed at once');
    field.input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await vi.waitFor(() => expect(field.deps.waitForActive).toHaveBeenCalled());
    expect(field.status.textContent).toContain('as soon as this incident is stored');
    expect(field.deps.act).not.toHaveBeenCalled();
    field.store();
    await field.saving();
    expect(field.deps.act).toHaveBeenCalledTimes(1);
    expect(field.deps.act.mock.calls[0]?.[1]).toEqual({ kind: 'note', text: 'typed at once' });
    expect(field.input.value).toBe('');
  });

  it('puts the caret in the field for a click anywhere in the frame', async () => {
    const field = setUp('note');
    field.status.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    expect(document.activeElement).toBe(field.input);
  });

  it('hands the keyboard back on Esc', async () => {
    const field = setUp('note');
    await field.press('Escape');
    expect(field.deps.leave).toHaveBeenCalledTimes(1);
  });
});
