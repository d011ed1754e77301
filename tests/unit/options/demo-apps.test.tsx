/** The POC's "Demo app" addresses: each asks Chrome for exactly its origin, removing gives it back. */
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Poc } from '../../../src/domain/poc';
import { fakeBrowser } from '../fake-browser';
import { ACME, fakeWorker, renderOptions } from './helpers';

vi.mock('../../../src/shared/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/shared/messaging')>()),
  send: vi.fn(),
}));

const saves = (worker: ReturnType<typeof fakeWorker>) =>
  worker.calls.filter((c) => c.type === 'pocs/save').map((c) => (c.payload as { poc: Poc }).poc);

async function open(pocs: Poc[]) {
  const worker = fakeWorker(pocs);
  renderOptions('#pocs');
  await waitFor(() => expect(screen.queryByText('Loading POCs…')).toBeNull());
  fireEvent.click(
    within(screen.getByRole('list', { name: 'POCs' })).getByRole('button', { name: /Globex/ }),
  );
  return worker;
}

const address = () => screen.getByRole('textbox', { name: 'Demo app address' });
const listed = () => screen.getByRole('list', { name: 'Demo app addresses' });

beforeEach(() => {
  fakeBrowser.permissions.request.mockClear();
  fakeBrowser.permissions.remove.mockClear();
});

describe('Demo app addresses', () => {
  it('adds an origin, asks Chrome for exactly that origin on the click, and shows it granted', async () => {
    const worker = await open([ACME]);
    fireEvent.input(address(), { target: { value: 'app.acme-demo.com/login?x=1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add and allow access' }));
    expect(fakeBrowser.permissions.request).toHaveBeenCalledWith({
      origins: ['https://app.acme-demo.com/*'],
    });
    await waitFor(() => expect(within(listed()).getByText('Access granted')).toBeTruthy());
    await waitFor(() =>
      expect(saves(worker).at(-1)?.demoApps).toEqual(['https://app.acme-demo.com']),
    );
    expect(worker.calls.some((c) => c.type === 'evidence/refresh')).toBe(true);
  });

  it('refuses what is no address, saying why', async () => {
    await open([ACME]);
    fireEvent.input(address(), { target: { value: 'ftp://files.example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add and allow access' }));
    expect(screen.getByRole('alert').textContent).toBe(
      'Type an address like https://app.acme-demo.com (http or https).',
    );
    expect(fakeBrowser.permissions.request).not.toHaveBeenCalled();
  });

  it('offers one click to grant a missing one, and removing revokes it', async () => {
    await open([{ ...ACME, demoApps: ['https://app.acme-demo.com'] }]);
    await waitFor(() => expect(within(listed()).getByText('No access yet')).toBeTruthy());
    fireEvent.click(
      screen.getByRole('button', { name: 'Grant access to https://app.acme-demo.com' }),
    );
    await waitFor(() => expect(within(listed()).getByText('Access granted')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Remove https://app.acme-demo.com' }));
    await waitFor(() =>
      expect(fakeBrowser.permissions.remove).toHaveBeenCalledWith({
        origins: ['https://app.acme-demo.com/*'],
      }),
    );
    expect(fakeBrowser.permissions.granted.size).toBe(0);
  });

  it('captures console.error only when turned on, saying that it wraps it on the page', async () => {
    const worker = await open([{ ...ACME, demoApps: ['https://app.acme-demo.com'] }]);
    const box = screen.getByRole('checkbox', {
      name: 'Also capture console.error on these demo pages',
    });
    expect((box as HTMLInputElement).checked).toBe(false);
    expect(screen.getByText(/wraps console\.error on these pages/).id).toBe(
      box.getAttribute('aria-describedby'),
    );
    expect(screen.getByText(/could tell it was wrapped/)).toBeTruthy();
    fireEvent.click(box);
    await waitFor(() => expect(saves(worker).at(-1)?.consoleErrors).toBe(true));
    fireEvent.click(box);
    await waitFor(() => expect(saves(worker).at(-1)?.consoleErrors).toBe(false));
  });
});
