import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPrivacyGuard } from '../../../src/content/privacy/guard';
import type { PrivacyGuard } from '../../../src/recovery/privacy-guard';
import {
  PrivacyIndicator,
  PrivacyOverrideControl,
} from '../../../src/recovery/components/PrivacyIndicator';
import type { ShareState } from '../../../src/shared/share-state';
import { fakeBrowser } from '../fake-browser';

let stored: ShareState | null = null;
let guard: PrivacyGuard;

beforeEach(() => {
  stored = null;
  fakeBrowser.runtime.sendMessage.mockImplementation(async () => ({ ok: true, value: stored }));
});
afterEach(() => guard.dispose());

async function loadedGuard(state: ShareState | null) {
  stored = state;
  guard = createPrivacyGuard({ url: 'https://meet.google.com/abc-defg-hij' });
  await guard.loaded;
  return guard;
}

describe('PrivacyIndicator', () => {
  it('says what is being checked until the share state is known', () => {
    guard = createPrivacyGuard({ url: 'https://meet.google.com/abc-defg-hij' });
    render(<PrivacyIndicator guard={guard} />);
    expect(screen.getByRole('status').textContent).toBe('Checking what you are sharing…');
  });

  it('tells the SE the overlay is private while another tab is shared', async () => {
    await loadedGuard({ sharing: true, surface: 'browser', selfTab: false, at: 1 });
    render(<PrivacyIndicator guard={guard} />);
    expect(screen.getByRole('status').textContent).toBe('Private: you are sharing another tab');
    expect(screen.queryByText(/instead/)).toBeNull();
  });

  it('warns and suggests a fix while the whole screen is shared, and follows changes', async () => {
    await loadedGuard({ sharing: true, surface: 'monitor', selfTab: false, at: 1 });
    render(<PrivacyIndicator guard={guard} />);
    expect(screen.getByRole('status').textContent).toBe(
      'Hidden: you are sharing your whole screen',
    );
    expect(screen.getByText('Share another tab or a window instead.')).toBeTruthy();
    fakeBrowser.runtime.onMessage.dispatch(
      {
        type: 'share/changed',
        state: { sharing: false, surface: null, selfTab: false, at: 2 },
      },
      { id: fakeBrowser.runtime.id },
    );
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Not sharing'));
  });
});

describe('PrivacyOverrideControl', () => {
  it('is a labelled choice that saves for this meeting', async () => {
    await loadedGuard({ sharing: true, surface: 'monitor', selfTab: false, at: 1 });
    render(<PrivacyOverrideControl guard={guard} id="privacy-choice" />);
    const select = screen.getByLabelText('Overlay in this meeting') as HTMLSelectElement;
    expect(select.value).toBe('auto');
    expect([...select.options].map((o) => o.text)).toEqual([
      'Hide while the audience could see it',
      'Always show',
      'Always hide',
    ]);
    fireEvent.change(select, { target: { value: 'show' } });
    await waitFor(() => expect(guard.view.value.mode).toBe('normal'));
    await waitFor(async () =>
      expect(await fakeBrowser.storage.local.get('privacyOverrides')).toMatchObject({
        privacyOverrides: { 'abc-defg-hij': { mode: 'show' } },
      }),
    );
  });

  it('says why a choice was not saved, and keeps the previous one', async () => {
    await loadedGuard(null);
    render(<PrivacyOverrideControl guard={guard} id="privacy-choice" />);
    fakeBrowser.storage.local.set.mockRejectedValueOnce(new Error('Disk full'));
    const select = screen.getByLabelText('Overlay in this meeting') as HTMLSelectElement;
    fireEvent.change(select, { target: { value: 'hide' } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Your choice was not saved: Disk full');
    expect(select.getAttribute('aria-describedby')).toBe('privacy-choice-error');
    expect(guard.override.value).toBe('auto');
    await waitFor(() => expect(select.value).toBe('auto'));
  });
});
