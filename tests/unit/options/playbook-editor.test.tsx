import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Playbook } from '../../../src/domain/playbook';
import { DEFAULT_PLAYBOOK } from '../../../src/domain/playbook';
import { STORAGE_KEYS } from '../../../src/shared/constants';
import { loadPlaybook } from '../../../src/shared/prefs';
import { fakeBrowser } from '../fake-browser';
import { ACME, fakeWorker, field, renderOptions, saveStatus } from './helpers';

vi.mock('../../../src/shared/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/shared/messaging')>()),
  send: vi.fn(),
}));

const ACK = DEFAULT_PLAYBOOK.phases.acknowledge;
const textarea = (label: string) => field<HTMLTextAreaElement>(label);
const playbookWrites = () =>
  fakeBrowser.storage.local.set.mock.calls.filter(([items]) => STORAGE_KEYS.playbook in items);
const type = (element: HTMLElement, value: string) =>
  fireEvent.input(element, { target: { value } });

async function openEditor() {
  const view = renderOptions();
  await screen.findByLabelText('Talk track 1');
  return view;
}

beforeEach(() => {
  fakeWorker([]);
  fakeBrowser.storage.local.set.mockClear();
});

describe('playbook editor: validation', () => {
  it('refuses an acknowledge window that is not shorter than the diagnose window, keeping the input', async () => {
    await openEditor();
    type(field('Acknowledge window (seconds)'), '600');
    type(field('Diagnose window (minutes)'), '10');

    expect(
      await screen.findByText('The diagnose window must be longer than the acknowledge window.'),
    ).toBeTruthy();
    expect(field('Diagnose window (minutes)').getAttribute('aria-invalid')).toBe('true');
    expect(field('Acknowledge window (seconds)').value).toBe('600');
    expect(saveStatus().textContent).toBe(
      'Not saved: Diagnose window: must be longer than the acknowledge window',
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(playbookWrites()).toHaveLength(0);
    expect((await loadPlaybook()).windows.acknowledgeMs).toBe(60_000);
  });

  it('explains empty and out-of-range windows with the schema limits', async () => {
    await openEditor();
    type(field('Acknowledge window (seconds)'), '');
    type(field('Follow-up deadline (hours)'), '200');
    expect(screen.getByText('Enter a number of seconds.')).toBeTruthy();
    expect(screen.getByText('The follow-up deadline must be at most 168 hours.')).toBeTruthy();
  });

  it('flags a talk track over 2,000 characters with a counter, and keeps the text', async () => {
    await openEditor();
    const long = 'x'.repeat(2_001);
    type(textarea('Talk track 2'), long);

    expect(screen.getByText('This talk track must be at most 2,000 characters.')).toBeTruthy();
    expect(screen.getByText('2,001 / 2,000 characters (1 over)')).toBeTruthy();
    expect(textarea('Talk track 2').value).toBe(long);
    expect(saveStatus().textContent).toBe(
      'Not saved: Acknowledge › Talk track 2: must be at most 2,000 characters',
    );
    expect(screen.getByRole('tab', { name: 'Acknowledge (1 problem)' })).toBeTruthy();
  });

  it('shows the character counter only near the limit', async () => {
    await openEditor();
    type(textarea('Talk track 1'), 'y'.repeat(1_500));
    expect(screen.queryByText(/\/ 2,000 characters/)).toBeNull();
    type(textarea('Talk track 1'), 'y'.repeat(1_900));
    expect(screen.getByText('1,900 / 2,000 characters')).toBeTruthy();
  });

  it('refuses more than 200 phrases in a list and names the line of a phrase too long', async () => {
    await openEditor();
    const lines = Array.from({ length: 201 }, (_, i) => `phrase ${i + 1}`);
    type(textarea("Don't say"), lines.join('\n'));
    expect(screen.getByText("Don't say: must have at most 200 items.")).toBeTruthy();
    expect(screen.getByText('201 phrases of 200')).toBeTruthy();

    type(textarea('Checklist'), `ok\n\n${'z'.repeat(301)}`);
    expect(screen.getByText('Line 3 must be at most 300 characters.')).toBeTruthy();
  });

  it('disables adding a 201st talk track', async () => {
    const full: Playbook = structuredClone(DEFAULT_PLAYBOOK);
    full.phases.acknowledge.talkTracks = Array.from({ length: 200 }, (_, i) => `Track ${i}`);
    await fakeBrowser.storage.local.set({ [STORAGE_KEYS.playbook]: full });
    await openEditor();
    const add = screen.getByRole('button', { name: 'Add talk track' }) as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    expect(screen.getByText('Acknowledge has 200 talk tracks, the most allowed.')).toBeTruthy();
  });
});

describe('playbook editor: talk tracks', () => {
  it('reorders with the move buttons, keeps focus on the moved track and saves the order', async () => {
    await openEditor();
    const down = screen.getByRole('button', { name: 'Move talk track 1 down' });
    down.focus();
    fireEvent.click(down);

    expect(textarea('Talk track 2').value).toBe(ACK.talkTracks[0]);
    expect(textarea('Talk track 1').value).toBe(ACK.talkTracks[1]);
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Move talk track 2 down');
    expect(screen.getByText('Talk track moved to position 2 of 3.')).toBeTruthy();

    await waitFor(async () =>
      expect((await loadPlaybook()).phases.acknowledge.talkTracks).toEqual([
        ACK.talkTracks[1],
        ACK.talkTracks[0],
        ACK.talkTracks[2],
      ]),
    );
  });

  it('moves the talk track being edited with Alt+ArrowUp', async () => {
    await openEditor();
    fireEvent.keyDown(textarea('Talk track 3'), { key: 'ArrowUp', altKey: true });
    expect(textarea('Talk track 2').value).toBe(ACK.talkTracks[2]);
    expect(document.activeElement).toBe(textarea('Talk track 2'));
    // Without Alt the arrow keys just move the caret.
    fireEvent.keyDown(textarea('Talk track 2'), { key: 'ArrowUp' });
    expect(textarea('Talk track 2').value).toBe(ACK.talkTracks[2]);
  });

  it('adds a talk track with focus in it, and removes one with undo', async () => {
    await openEditor();
    fireEvent.click(screen.getByRole('button', { name: 'Add talk track' }));
    expect(document.activeElement).toBe(textarea('Talk track 4'));

    fireEvent.click(screen.getByRole('button', { name: 'Remove talk track 1' }));
    expect(screen.queryByLabelText('Talk track 4')).toBeNull();
    expect(textarea('Talk track 1').value).toBe(ACK.talkTracks[1]);
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(textarea('Talk track 1').value).toBe(ACK.talkTracks[0]);
  });

  it('previews placeholders from the sample POC and flags unknown ones', async () => {
    await openEditor();
    type(textarea('Talk track 1'), 'Sorry {prospect}: {issue}. Next, {criterion} {eta}. {mood}');
    const preview = screen.getByRole('group', { name: 'Preview of talk track 1' });
    expect(preview.textContent).toBe(
      'PreviewSorry Acme Corp: the export API returned a 500 error. Next, Single sign-on with Okta within the hour. {mood}',
    );
    expect(within(preview).getByText('{mood}').tagName).toBe('MARK');
    expect(
      screen.getByText(
        'Unknown placeholder {mood}: the overlay cannot fill it, so it skips this line. Known placeholders: {prospect}, {criterion}, {eta}, {issue}.',
      ),
    ).toBeTruthy();
    // A warning, not an error: the track still saves.
    await waitFor(async () =>
      expect((await loadPlaybook()).phases.acknowledge.talkTracks[0]).toContain('{mood}'),
    );
  });

  it('previews with the first active POC and its first criterion not yet proven', async () => {
    fakeWorker([{ ...ACME, id: 'old', prospect: 'Initech', archived: true }, ACME]);
    await openEditor();
    type(textarea('Talk track 1'), '{prospect}: {criterion}');
    await waitFor(() =>
      expect(screen.getByRole('group', { name: 'Preview of talk track 1' }).textContent).toBe(
        'PreviewGlobex: Nightly export',
      ),
    );
    expect(screen.getByText('Globex')).toBeTruthy();
  });
});

describe('playbook editor: reset', () => {
  it('resets a phase only after confirmation', async () => {
    await openEditor();
    type(textarea('Goal'), 'My own goal');
    fireEvent.click(screen.getByRole('button', { name: 'Reset Acknowledge…' }));
    const dialog = screen.getByRole('dialog', { name: 'Reset Acknowledge to the defaults?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));

    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(textarea('Goal').value).toBe('My own goal');

    fireEvent.click(screen.getByRole('button', { name: 'Reset Acknowledge…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Reset Acknowledge' }));
    expect(textarea('Goal').value).toBe(ACK.goal);
    await waitFor(async () =>
      expect((await loadPlaybook()).phases.acknowledge.goal).toBe(ACK.goal),
    );
  });

  it('resets everything, windows included, after confirmation', async () => {
    await openEditor();
    type(field('Diagnose window (minutes)'), '15');
    fireEvent.click(screen.getByRole('tab', { name: 'Diagnose' }));
    type(textarea('Goal'), 'Custom diagnose goal');
    fireEvent.click(screen.getByRole('button', { name: 'Reset everything…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Reset everything' }));
    expect(field('Diagnose window (minutes)').value).toBe('10');
    expect(textarea('Goal').value).toBe(DEFAULT_PLAYBOOK.phases.diagnose.goal);
    await waitFor(async () => expect(await loadPlaybook()).toEqual(DEFAULT_PLAYBOOK));
  });
});

describe('playbook editor: saving', () => {
  it('saves once typing pauses and says so', async () => {
    await openEditor();
    const track = textarea('Talk track 1');
    type(track, 'A');
    type(track, 'Ab');
    type(track, 'Abc');
    expect(saveStatus().textContent).toBe('Saving…');
    const firstTracks = () =>
      playbookWrites().map(
        ([items]) => (items.playbook as Playbook).phases.acknowledge.talkTracks[0],
      );
    expect(firstTracks()).toEqual([]);

    await waitFor(() => expect(saveStatus().textContent).toBe('Saved'));
    expect(firstTracks()).toEqual(['Abc']);
    expect((await loadPlaybook()).phases.acknowledge.talkTracks[0]).toBe('Abc');
  });

  it('shows a change saved in another tab, and keeps its own unsaved input', async () => {
    await openEditor();
    const elsewhere = structuredClone(DEFAULT_PLAYBOOK);
    elsewhere.phases.acknowledge.goal = 'Edited in another tab';
    await fakeBrowser.storage.local.set({ [STORAGE_KEYS.playbook]: elsewhere });
    await waitFor(() => expect(textarea('Goal').value).toBe('Edited in another tab'));

    type(field('Acknowledge window (seconds)'), '');
    elsewhere.phases.acknowledge.goal = 'Edited again';
    await fakeBrowser.storage.local.set({ [STORAGE_KEYS.playbook]: elsewhere });
    await new Promise((r) => setTimeout(r, 50));
    expect(field('Acknowledge window (seconds)').value).toBe('');
    expect(screen.getByText('Enter a number of seconds.')).toBeTruthy();
    expect(textarea('Goal').value).toBe('Edited in another tab');
  });
});
