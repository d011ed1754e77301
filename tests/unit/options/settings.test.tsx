import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/domain/settings';
import { STORAGE_KEYS } from '../../../src/shared/constants';
import { loadSettings } from '../../../src/shared/prefs';
import { syncStatusItem } from '../../../src/shared/storage/items';
import { syncStatusText } from '../../../src/options/settings/SettingsPanel';
import { fakeBrowser } from '../fake-browser';
import { fakeWorker, field, renderOptions } from './helpers';

vi.mock('../../../src/shared/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/shared/messaging')>()),
  send: vi.fn(),
}));

async function openSettings() {
  const view = renderOptions('#settings');
  await screen.findByRole('heading', { name: 'Settings' });
  return view;
}

beforeEach(() => {
  fakeBrowser.tabs.create.mockClear();
  fakeBrowser.commands.getAll.mockImplementation(async () => [
    { name: 'start-recovery', shortcut: 'Ctrl+Shift+9', description: 'Start recovery' },
  ]);
});

describe('shortcut', () => {
  it('shows the assigned shortcut and opens Chrome’s shortcut page', async () => {
    fakeWorker();
    await openSettings();
    expect(await screen.findByText('Ctrl+Shift+9')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Change shortcut' }));
    expect(fakeBrowser.tabs.create).toHaveBeenCalledWith({ url: 'chrome://extensions/shortcuts' });
  });

  it('in a build without global shortcuts, says so and opens the browser’s own settings', async () => {
    fakeWorker();
    const openShortcutSettings = vi.fn(async () => undefined);
    const commands = fakeBrowser.commands as { openShortcutSettings?: () => Promise<void> };
    commands.openShortcutSettings = openShortcutSettings;
    fakeBrowser.runtime.getManifest.mockReturnValue({
      version: '0.1.0',
      name: 'Demo Rescue',
      commands: { 'start-recovery': {} },
    });
    try {
      await openSettings();
      expect(await screen.findByText(/this browser has no global shortcuts/)).toBeTruthy();
      expect(screen.queryByText(/Global/)).toBeNull();
      fireEvent.click(screen.getByRole('button', { name: 'Change shortcut' }));
      expect(openShortcutSettings).toHaveBeenCalledOnce();
      expect(fakeBrowser.tabs.create).not.toHaveBeenCalled();
    } finally {
      delete commands.openShortcutSettings;
      fakeBrowser.runtime.getManifest.mockRestore();
    }
  });

  it('says clearly when no shortcut is assigned', async () => {
    fakeWorker();
    fakeBrowser.commands.getAll.mockImplementation(async () => [
      { name: 'start-recovery', shortcut: '', description: 'Start recovery' },
    ]);
    await openSettings();
    expect(await screen.findByText('Not assigned.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Assign a shortcut' })).toBeTruthy();
  });
});

describe('overlay, reminders, retention', () => {
  it('saves corner, size and opacity, with a matching preview', async () => {
    fakeWorker();
    await openSettings();
    fireEvent.click(screen.getByRole('radio', { name: 'Bottom left' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Large' }));
    fireEvent.input(field('Opacity'), { target: { value: '60' } });
    const preview = screen.getByRole('img', {
      name: 'Preview: a large overlay in the bottom left corner at 60 % opacity',
    });
    expect((preview.firstElementChild as HTMLElement).style.opacity).toBe('0.6');
    await waitFor(async () =>
      expect(await loadSettings()).toMatchObject({
        overlayCorner: 'bottom-left',
        overlaySize: 'large',
        overlayOpacity: 0.6,
      }),
    );
  });

  it('turns reminders off and sets their lead time', async () => {
    fakeWorker();
    await openSettings();
    fireEvent.change(field('When'), { target: { value: String(30 * 60_000) } });
    fireEvent.click(field('Remind me before a follow-up report is due'));
    expect((field('When') as unknown as HTMLSelectElement).disabled).toBe(true);
    await waitFor(async () =>
      expect(await loadSettings()).toMatchObject({
        remindersEnabled: false,
        reminderLeadMs: 30 * 60_000,
      }),
    );
  });

  it('sets retention and deletes old incidents only after confirmation', async () => {
    const worker = fakeWorker([], { 'retention/apply': () => ({ deleted: 3 }) });
    await openSettings();
    const deleteNow = screen.getByRole('button', { name: 'Delete old incidents now…' });
    expect((deleteNow as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(field('Keep incidents'), { target: { value: '12' } });
    await waitFor(async () => expect((await loadSettings()).retentionMonths).toBe(12));

    fireEvent.click(deleteNow);
    screen.getByRole('dialog', { name: 'Delete incidents older than 12 months?' });
    expect(worker.calls.some((c) => c.type === 'retention/apply')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Delete old incidents' }));
    expect(await screen.findByText('Deleted 3 incidents.')).toBeTruthy();
  });

  it('follows settings changed in another tab', async () => {
    fakeWorker();
    await openSettings();
    await fakeBrowser.storage.local.set({
      [STORAGE_KEYS.settings]: { ...DEFAULT_SETTINGS, overlayCorner: 'top-left' },
    });
    await waitFor(() =>
      expect((screen.getByRole('radio', { name: 'Top left' }) as HTMLInputElement).checked).toBe(
        true,
      ),
    );
  });
});

describe('sync', () => {
  it('turns sync on and shows what the worker reports', async () => {
    fakeWorker();
    await openSettings();
    const toggle = field('Sync the playbook and POCs to my other browsers');
    expect(
      screen.getByText('Sync is off: the playbook and POCs stay in this browser.'),
    ).toBeTruthy();
    fireEvent.click(toggle);
    await waitFor(async () => expect((await loadSettings()).syncEnabled).toBe(true));

    await syncStatusItem.set({ state: 'too-large', at: 1, bytes: 130 * 1024, limit: 102_400 });
    expect(
      await screen.findByText(
        /^Sync paused: your playbook and POCs are 130 KB; your browser's sync allows 100 KB\./,
      ),
    ).toBeTruthy();
  });

  it('words every sync state', () => {
    expect(syncStatusText({ state: 'waiting' }, true)).toBe('Waiting to sync…');
    expect(syncStatusText({ state: 'synced', at: 0, bytes: 2048 }, true)).toMatch(
      /^Synced at .+ \(2 KB of 100 KB\)\.$/,
    );
    expect(syncStatusText({ state: 'error', at: 0, reason: 'quota' }, true)).toBe(
      'Sync problem: quota',
    );
    expect(syncStatusText({ state: 'synced', at: 0, bytes: 1 }, false)).toBe(
      'Sync is off: the playbook and POCs stay in this browser.',
    );
  });
});
