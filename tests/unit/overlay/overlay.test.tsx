import { fireEvent, render, screen, within } from '@testing-library/preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OverlayControls, OverlayMode } from '../../../src/recovery/components/Overlay';
import { OverlayView } from '../../../src/recovery/components/Overlay';
import { createOverlayStore, type OverlayStore } from '../../../src/recovery/store';
import type { IncidentEvent } from '../../../src/domain/incident';
import type { IncidentAction } from '../../../src/shared/messages';
import { STORAGE_KEYS } from '../../../src/shared/constants';
import { ETA_PRESETS } from '../../../src/domain/eta';
import { OVERLAY_CSS } from '../../../src/recovery/styles';
import { fakeBrowser } from '../fake-browser';
import { MINUTE, POC, SECOND, T0, activeIncident, scriptWorker, sent, started } from './fixtures';

let now = T0;
let events: IncidentEvent[];
let store: OverlayStore;
let controls: OverlayControls;

/** A worker that applies actions the way src/background/incidents.ts does. */
function eventFor(action: IncidentAction): IncidentEvent {
  switch (action.kind) {
    case 'acknowledge':
      return { type: 'acknowledged', at: now };
    case 'note':
      return { type: 'note', at: now, text: action.text };
    case 'describe-issue':
      return { type: 'issue-described', at: now, text: action.text };
    case 'checklist':
      return { type: 'checklist', at: now, item: action.item, done: action.done };
    case 'pivot': {
      const criterion = POC.criteria.find((c) => c.id === action.criterionId)!;
      return {
        type: 'pivoted',
        at: now,
        criterionId: criterion.id,
        criterionTitle: criterion.title,
      };
    }
    case 'escalate':
      return {
        type: 'escalated',
        at: now,
        eta: action.eta,
        etaDueAt: action.etaInMs === null ? null : now + action.etaInMs,
      };
    case 'end':
      return { type: 'ended', at: now, outcome: action.outcome };
    case 'select-poc':
      return { type: 'poc-selected', at: now, pocId: action.pocId };
    case 'diagnose':
      return { type: 'diagnosed', at: now, rootCause: action.rootCause };
  }
}

function setup(initial: IncidentEvent[], mode: OverlayMode = 'full') {
  events = initial;
  scriptWorker({
    'incident/act': ({ action }: { action: IncidentAction }) => {
      events = [...events, eventFor(action)];
      return activeIncident(events);
    },
    'report/open': () => null,
    'recovery/start': () => ({ incidentId: 'inc-1', resumed: true }),
  });
  store = createOverlayStore({ now: () => now });
  store.accept(activeIncident(initial));
  store.pocs.value = [POC];
  store.here.value = true;
  controls = { leave: vi.fn(), close: vi.fn(), startDrag: vi.fn(), moveBy: vi.fn() };
  return render(<OverlayView store={store} mode={mode} controls={controls} />);
}

async function settle() {
  await act(async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  });
}

function actions(): IncidentAction[] {
  return sent()
    .filter(([type]) => type === 'incident/act')
    .map(([, payload]) => (payload as { action: IncidentAction }).action);
}

const panel = () => screen.getByRole('dialog');
const phase = () => document.querySelector('.phase')?.textContent;

beforeEach(() => {
  now = T0 + 5 * SECOND;
});

afterEach(() => vi.useRealTimers());

describe('phase and clock', () => {
  it('shows the phase, the m:ss clock since the failure and the phase window', () => {
    setup([started()]);
    expect(phase()).toBe('Acknowledge');
    expect(screen.getByRole('timer').textContent).toBe('0:05');
    const bar = screen.getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('8');
    expect(bar.getAttribute('aria-valuetext')).toBe('8%, 0:55 left');
    expect(screen.getByText(/Next in 0:40: Say it plainly now/)).toBeTruthy();
  });

  it('moves on by the clock alone and raises the due nudges', async () => {
    setup([started()]);
    now = T0 + 2 * MINUTE + 5 * SECOND;
    await act(() => store.tick());
    expect(phase()).toBe('Diagnose');
    expect(screen.getByRole('timer').textContent).toBe('2:05');
    const nudges = screen.getByRole('list', { name: 'Nudges' });
    expect(within(nudges).getByText(/Say it plainly now/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'I said it: acknowledged' })).toBeTruthy();
  });

  it('shows hours past an hour', async () => {
    setup([started()]);
    now = T0 + 61 * MINUTE + 2 * SECOND;
    await act(() => store.tick());
    expect(screen.getByRole('timer').textContent).toBe('1:01:02');
    expect(phase()).toBe('Escalate');
  });
});

describe('first paint', () => {
  it('with firstPaint, renders only what the SE needs at a glance', () => {
    const { rerender } = setup([started()]);
    const panel = () => <OverlayView store={store} mode="full" controls={controls} firstPaint />;
    rerender(panel());
    expect(screen.getByRole('timer').textContent).toBe('0:05');
    expect(screen.getByRole('button', { name: /acknowledged/ })).toBeTruthy();
    expect(document.querySelector('[data-talk-track]')).not.toBeNull();
    expect(screen.getByText('That never happens')).toBeTruthy();
    expect(screen.queryByTitle('Notes')).toBeNull();
    expect(screen.queryByRole('button', { name: /Fixed live/ })).toBeNull();
    rerender(<OverlayView store={store} mode="full" controls={controls} />);
    expect(screen.getByTitle('Notes')).toBeTruthy();
    expect(screen.getByRole('button', { name: /Fixed live/ })).toBeTruthy();
  });
});

describe('talk tracks', () => {
  it('fills placeholders and cycles through the alternatives', async () => {
    now = T0 + 11 * MINUTE;
    setup([started()]);
    const say = () => document.querySelector('[data-talk-track]')!.textContent;
    // Before the pivot, {criterion} previews the best candidate (the first not proven).
    expect(say()).toContain('This needs our engineering team');
    // No timeline promised yet: a spoken stand-in, marked as a blank, never the raw {eta}.
    expect(say()).toContain('You will hear from us shortly with an update.');
    expect(say()).not.toContain('{');
    expect(document.querySelector('[data-talk-track] mark.blank')?.textContent).toBe('shortly');
    fireEvent.click(screen.getByRole('button', { name: /Next talk track \(1 of 3\)/ }));
    await settle();
    expect(say()).toContain('let me show you SSO login');
    fireEvent.click(screen.getByRole('button', { name: /Next talk track \(2 of 3\)/ }));
    fireEvent.click(screen.getByRole('button', { name: /Next talk track \(3 of 3\)/ }));
    await settle();
    expect(say()).toContain('This needs our engineering team');

    fireEvent.click(screen.getByRole('radio', { name: /Audit trail/ }));
    await settle();
    fireEvent.change(screen.getByRole('combobox', { name: 'Promise an update' }), {
      target: { value: '0' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Record escalation' }));
    await settle();
    expect(say()).toContain('You will hear from us within 30 minutes with an update.');
    fireEvent.click(screen.getByRole('button', { name: /Next talk track/ }));
    await settle();
    expect(say()).toContain('let me show you Audit trail');
  });

  it('shows the phase’s don’t-say phrases', () => {
    setup([started()]);
    expect(screen.getByText('That never happens')).toBeTruthy();
    expect(screen.getByText('Don’t say')).toBeTruthy();
  });
});

describe('actions', () => {
  it('acknowledges with one click', async () => {
    setup([started()]);
    fireEvent.click(screen.getByRole('button', { name: 'I said it: acknowledged' }));
    await settle();
    expect(actions()).toEqual([{ kind: 'acknowledge' }]);
    expect(phase()).toBe('Diagnose');
    expect(screen.queryByRole('button', { name: 'I said it: acknowledged' })).toBeNull();
  });

  it('ticks checklist items', async () => {
    setup([started(), { type: 'acknowledged', at: T0 + 2 * SECOND }]);
    const box = screen.getByRole('checkbox', { name: /Check the application or API logs/ });
    fireEvent.click(box);
    await settle();
    expect(actions()).toEqual([
      { kind: 'checklist', item: 'Check the application or API logs', done: true },
    ]);
    expect(screen.getByText('Checklist 1/6')).toBeTruthy();
  });

  it('takes free text only in private frames, and lists saved notes with their time', () => {
    setup([
      started(),
      { type: 'acknowledged', at: T0 + 2 * SECOND },
      { type: 'note', at: T0 + 65 * SECOND, text: 'token expired' },
    ]);
    // No text field of the overlay's own: the call page would hear what is typed there.
    expect(screen.queryAllByRole('textbox')).toEqual([]);
    const frames = [...document.querySelectorAll('iframe')];
    expect(frames.map((f) => [f.title, f.getAttribute('src')])).toEqual([
      [
        'What failed',
        'chrome-extension://test-extension-id/src/private-field/index.html?field=issue&size=regular',
      ],
      [
        'Notes',
        'chrome-extension://test-extension-id/src/private-field/index.html?field=note&size=regular',
      ],
    ]);
    const saved = screen.getByRole('list', { name: 'Saved notes' });
    expect(saved.textContent).toBe('+1:05token expired');
  });

  it('loads its own page again when someone navigates a private frame away', () => {
    setup([started()]);
    const notes = screen.getByTitle('Notes') as HTMLIFrameElement;
    const ours = notes.getAttribute('src');
    fireEvent.load(notes);
    notes.setAttribute('src', 'https://look-alike.example/');
    fireEvent.load(notes);
    expect(notes.getAttribute('src')).toBe(ours);
  });

  it('pivots only to criteria not yet proven, and needs an ETA to escalate', async () => {
    setup([started(), { type: 'acknowledged', at: T0 + 2 * SECOND }]);
    fireEvent.click(screen.getByRole('button', { name: 'Escalate now' }));
    await settle();
    const radios = screen.getAllByRole('radio').map((r) => r.getAttribute('value'));
    expect(radios).toEqual(['c-sso', 'c-audit']);
    fireEvent.click(screen.getByRole('radio', { name: /SSO login/ }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Promise an update' }), {
      target: { value: 'other' },
    });
    await settle();
    // The SE's own words go into their private frame, where Enter records the escalation.
    expect(screen.getByTitle('Your words').getAttribute('src')).toContain('?field=eta');
    expect(screen.queryByRole('button', { name: 'Record escalation' })).toBeNull();
    fireEvent.change(screen.getByRole('combobox', { name: 'Promise an update' }), {
      target: { value: '0' },
    });
    await settle();
    expect(screen.queryByTitle('Your words')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Record escalation' }));
    await settle();
    expect(actions()).toEqual([
      { kind: 'pivot', criterionId: 'c-sso' },
      { kind: 'escalate', eta: ETA_PRESETS[0]!.label, etaInMs: ETA_PRESETS[0]!.inMs },
    ]);
    expect(phase()).toBe('Escalate');
    expect(document.body.textContent).toContain('Update promised within 30 minutes');
  });

  it('without a POC, explains how to get pivot choices; picking one selects it', async () => {
    setup([started(null)]);
    fireEvent.click(screen.getByRole('button', { name: 'Escalate now' }));
    await settle();
    expect(screen.getByText(/Choose the POC above/)).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'POC' }), {
      target: { value: POC.id },
    });
    await settle();
    expect(actions()).toEqual([{ kind: 'select-poc', pocId: POC.id }]);
    expect(screen.getAllByRole('radio')).toHaveLength(2);
  });

  it('ends fixed live, then offers the report and a way to close', async () => {
    setup([started()]);
    fireEvent.click(screen.getByRole('button', { name: 'Fixed live' }));
    await settle();
    expect(actions()).toEqual([{ kind: 'end', outcome: 'fixed-live' }]);
    expect(screen.getByText('Fixed live after 0:05.')).toBeTruthy();
    now += SECOND;
    await act(() => store.tick());
    expect(
      screen.getByText(/Follow-up due in 24 h: root cause, resolution and prevention/),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Open the report' }));
    await settle();
    expect(sent().at(-1)).toEqual(['report/open', { incidentId: 'inc-1' }]);
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(controls.close).toHaveBeenCalled();
  });

  it('discards only after confirming', async () => {
    setup([started()]);
    fireEvent.click(screen.getByRole('button', { name: 'Discard…' }));
    await settle();
    expect(actions()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Keep it' }));
    await settle();
    expect(screen.queryByRole('button', { name: 'Discard it' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Discard…' }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Discard it' }));
    await settle();
    expect(actions()).toEqual([{ kind: 'end', outcome: 'discarded' }]);
    expect(screen.getByText('Nothing to follow up.')).toBeTruthy();
  });
});

describe('user text', () => {
  const RLO = '\u202E';
  const hostile = { ...POC, prospect: `Acme${RLO}`, name: `POC${RLO}` };

  it('is isolated, so bidi controls in it never reorder the text around it', async () => {
    setup([started(), { type: 'note', at: T0 + SECOND, text: `see ${RLO}log` }]);
    store.pocs.value = [hostile];
    await settle();
    // Markup holds it in <bdi>; an <option> (text only) in Unicode isolates.
    const note = screen.getByRole('list', { name: 'Saved notes' }).querySelector('bdi');
    expect(note?.textContent).toBe(`see ${RLO}log`);
    const option = screen.getByRole('option', { name: /Acme/ });
    expect(option.textContent).toBe(`\u2068Acme${RLO}\u2069 — \u2068POC${RLO}\u2069`);
    for (const item of document.querySelectorAll('.checklist label, .dont li')) {
      expect(item.querySelector('bdi')).not.toBeNull();
    }
  });

  it('fills a talk track with each value in its own <bdi>', async () => {
    setup([started()]);
    store.pocs.value = [hostile];
    await settle();
    fireEvent.keyDown(panel(), { key: 't' });
    await settle();
    const say = document.querySelector('[data-talk-track]')!;
    expect([...say.querySelectorAll('bdi')].map((b) => b.textContent)).toContain(`Acme${RLO}`);
  });

  it('wraps long unbroken text inside the panel', () => {
    expect(OVERLAY_CSS).toMatch(/\.panel[^{]*\{[^}]*overflow-wrap: anywhere/);
    expect(OVERLAY_CSS).toMatch(/\.body > \*[^{]*\{[^}]*min-width: 0/);
  });
});

describe('keyboard', () => {
  it('A acknowledges, 1–9 tick items, T cycles, ? shows the keys', async () => {
    setup([started()]);
    fireEvent.keyDown(panel(), { key: 'a' });
    await settle();
    fireEvent.keyDown(panel(), { key: '2' });
    await settle();
    fireEvent.keyDown(panel(), { key: '?' });
    await settle();
    expect(actions()).toEqual([
      { kind: 'acknowledge' },
      { kind: 'checklist', item: 'Check the application or API logs', done: true },
    ]);
    expect(screen.getByText('Keys (while the overlay has focus)')).toBeTruthy();
    expect(screen.getByText('Fixed live (ends the incident)')).toBeTruthy();
  });

  it('ignores letters typed in a field, and keeps keys from the page', async () => {
    setup([started()]);
    const pageKeys = vi.fn();
    document.addEventListener('keydown', pageKeys);
    fireEvent.click(screen.getByRole('button', { name: 'Escalate now' }));
    await settle();
    const field = screen.getByRole('combobox', { name: 'Promise an update' });
    fireEvent.keyDown(field, { key: 'f' });
    fireEvent.keyDown(field, { key: 'a' });
    await settle();
    document.removeEventListener('keydown', pageKeys);
    expect(actions()).toEqual([]);
    expect(pageKeys).not.toHaveBeenCalled();
  });

  it('N focuses the notes field, F ends fixed live', async () => {
    vi.useFakeTimers();
    setup([started()]);
    fireEvent.keyDown(panel(), { key: 'n' });
    vi.runAllTimers();
    // Into the notes frame, whose page puts the caret in its field.
    expect(document.activeElement).toBe(screen.getByTitle('Notes'));
    vi.useRealTimers();
    fireEvent.keyDown(panel(), { key: 'f' });
    await settle();
    expect(actions()).toEqual([{ kind: 'end', outcome: 'fixed-live' }]);
  });

  it('C collapses to a pill with only the clock, remembered; Esc hands focus back', async () => {
    setup([started()]);
    fireEvent.keyDown(panel(), { key: 'c' });
    await settle();
    const pill = screen.getByRole('button', {
      name: /Demo Rescue: Acknowledge, 0:05 since the failure/,
    });
    expect(pill.textContent).toBe('0:05');
    expect(screen.queryByRole('dialog')).toBeNull();
    const stored = await fakeBrowser.storage.local.get(STORAGE_KEYS.overlayLayout);
    expect(stored[STORAGE_KEYS.overlayLayout]).toEqual({ left: null, top: null, collapsed: true });
    fireEvent.keyDown(pill, { key: 'Escape' });
    expect(controls.leave).toHaveBeenCalledTimes(1);
    fireEvent.click(pill);
    await settle();
    expect(screen.getByRole('dialog')).toBeTruthy();
    fireEvent.keyDown(panel(), { key: 'Escape' });
    expect(controls.leave).toHaveBeenCalledTimes(2);
  });

  it('arrow keys on the handle move the overlay', () => {
    setup([started()]);
    fireEvent.keyDown(screen.getByRole('button', { name: 'Move the overlay (arrow keys)' }), {
      key: 'ArrowLeft',
    });
    expect(controls.moveBy).toHaveBeenCalledWith(-24, 0);
  });
});

describe('marker and live updates', () => {
  it('other call tabs get a marker that can bring the overlay here', async () => {
    setup([started()], 'marker');
    const marker = screen.getByRole('status', { name: 'Demo Rescue' });
    expect(marker.textContent).toContain('Incident active in another tab');
    fireEvent.click(screen.getByRole('button', { name: 'Show here' }));
    await settle();
    expect(sent()).toEqual([['recovery/start', {}]]);
  });

  it('follows the mirrored incident and playbook edits without a reload', async () => {
    setup([started()]);
    const stop = await store.follow();
    await fakeBrowser.storage.local.set({
      [STORAGE_KEYS.activeIncident]: activeIncident([
        started(),
        { type: 'acknowledged', at: T0 + SECOND },
      ]),
    });
    await settle();
    expect(phase()).toBe('Diagnose');
    const { DEFAULT_PLAYBOOK } = await import('../../../src/domain/playbook');
    const edited = structuredClone(DEFAULT_PLAYBOOK);
    edited.phases.diagnose.talkTracks = ['Looking at {issue} for {prospect} now.'];
    await fakeBrowser.storage.local.set({ [STORAGE_KEYS.playbook]: edited });
    await settle();
    expect(document.querySelector('[data-talk-track]')!.textContent).toBe(
      // Nothing typed as "What failed": a spoken stand-in, marked, never the raw {issue}.
      '“Looking at this error for Acme Corp now.”',
    );
    stop();
  });

  it('keeps its prefs as they are when storage holds the same values', async () => {
    setup([started()]);
    const { playbook, settings, layout } = {
      playbook: store.playbook.peek(),
      settings: store.settings.peek(),
      layout: store.layout.peek(),
    };
    // Stored copies of the defaults it already has: re-setting them would re-render the overlay.
    await fakeBrowser.storage.local.set({
      [STORAGE_KEYS.playbook]: structuredClone(playbook),
      [STORAGE_KEYS.settings]: structuredClone(settings),
    });
    const stop = await store.follow();
    expect(store.playbook.peek()).toBe(playbook);
    expect(store.settings.peek()).toBe(settings);
    expect(store.layout.peek()).toBe(layout);
    stop();
  });

  it('ignores a stale view with fewer events, and notices an incident ended elsewhere', async () => {
    setup([started(), { type: 'acknowledged', at: T0 + SECOND }]);
    store.accept(activeIncident([started()]));
    await settle();
    expect(phase()).toBe('Diagnose');
    store.accept(null);
    await settle();
    expect(screen.getByText('This incident was closed in another window.')).toBeTruthy();
  });
});
