import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Poc } from '../../../src/domain/poc';
import { STORAGE_KEYS } from '../../../src/shared/constants';
import { fakeBrowser } from '../fake-browser';
import { ACME, fakeWorker, field, renderOptions, saveStatus } from './helpers';

vi.mock('../../../src/shared/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/shared/messaging')>()),
  send: vi.fn(),
}));

const ARCHIVED: Poc = { ...ACME, id: 'poc-old', prospect: 'Initech', name: '', archived: true };
const type = (element: HTMLElement, value: string) =>
  fireEvent.input(element, { target: { value } });
const saves = (worker: ReturnType<typeof fakeWorker>) =>
  worker.calls.filter((c) => c.type === 'pocs/save').map((c) => (c.payload as { poc: Poc }).poc);

async function openPocs(pocs: Poc[] = [ACME, ARCHIVED]) {
  const worker = fakeWorker(pocs);
  const view = renderOptions('#pocs');
  await waitFor(() => expect(screen.queryByText('Loading POCs…')).toBeNull());
  return { ...view, worker };
}

const select = (name: RegExp) => fireEvent.click(screen.getByRole('button', { name }));

beforeEach(() => {
  fakeBrowser.storage.local.set.mockClear();
});

describe('POC list', () => {
  it('hides archived POCs until asked', async () => {
    await openPocs();
    const list = screen.getByRole('list', { name: 'POCs' });
    expect(
      within(list)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Globex — Analytics pilot3 criteria, 2 not proven']);
    fireEvent.click(field('Show archived (1)'));
    expect(within(list).getAllByRole('button')).toHaveLength(2);
    expect(within(list).getByText('Initech')).toBeTruthy();
  });

  it('says so when there are no POCs yet', async () => {
    await openPocs([]);
    expect(
      screen.getByText('No POCs yet. Add one to give the overlay its prospect and criteria.'),
    ).toBeTruthy();
  });

  it('adds a POC, saves it at once, then saves what is typed into it', async () => {
    const { worker } = await openPocs([]);
    fireEvent.click(screen.getByRole('button', { name: 'Add POC' }));
    await waitFor(() => expect(saves(worker)).toHaveLength(1));
    type(field('Prospect'), 'Umbrella');
    expect(saveStatus().textContent).toBe('Saving…');
    await waitFor(() => expect(saveStatus().textContent).toBe('Saved'));
    expect(saves(worker).at(-1)).toMatchObject({ prospect: 'Umbrella', archived: false });
    expect(within(screen.getByRole('list', { name: 'POCs' })).getByText('Umbrella')).toBeTruthy();
    // The worker stamps the change for other tabs and sync; the page never does.
    expect(
      fakeBrowser.storage.local.set.mock.calls.some(
        ([items]) => STORAGE_KEYS.pocsChangedAt in items,
      ),
    ).toBe(false);
  });
});

describe('POC editor', () => {
  it('reorders criteria by preference with the move buttons and saves the order', async () => {
    const { worker } = await openPocs();
    select(/^Globex/);
    const up = screen.getByRole('button', { name: 'Move criterion 3 up' });
    up.focus();
    fireEvent.click(up);
    expect((field('Criterion 2 Title') as HTMLInputElement).value).toBe('Audit trail');
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Move criterion 2 up');
    await waitFor(() =>
      expect(
        saves(worker)
          .at(-1)
          ?.criteria.map((c) => c.id),
      ).toEqual(['c-1', 'c-3', 'c-2']),
    );
  });

  it('edits a criterion title, how to show it and its status', async () => {
    const { worker } = await openPocs();
    select(/^Globex/);
    type(field('Criterion 2 Title'), 'Nightly export to S3');
    type(field('Criterion 2: How to show it (one line)'), 'Trigger the job by hand');
    fireEvent.change(field('Criterion 2 Status'), { target: { value: 'at-risk' } });
    await waitFor(() =>
      expect(saves(worker).at(-1)?.criteria[1]).toEqual({
        id: 'c-2',
        title: 'Nightly export to S3',
        howToShow: 'Trigger the job by hand',
        status: 'at-risk',
      }),
    );
  });

  it('keeps an invalid email in its field with the reason, and saves nothing', async () => {
    const { worker } = await openPocs();
    select(/^Globex/);
    type(field('Contact 1 Email'), 'dana-at-globex');
    expect(screen.getByText('Must be an email address.')).toBeTruthy();
    expect(field('Contact 1 Email').value).toBe('dana-at-globex');
    expect(field('Contact 1 Email').getAttribute('aria-invalid')).toBe('true');
    expect(saveStatus().textContent).toBe(
      'Not saved: Globex — Analytics pilot: Contact 1 email: must be an email address',
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(saves(worker)).toHaveLength(0);

    type(field('Contact 1 Email'), 'dana@globex.test');
    await waitFor(() => expect(saveStatus().textContent).toBe('Saved'));
  });

  it('adds and removes contacts and criteria', async () => {
    const { worker } = await openPocs();
    select(/^Globex/);
    fireEvent.click(screen.getByRole('button', { name: 'Add contact' }));
    expect(document.activeElement).toBe(field('Contact 2 Name'));
    type(field('Contact 2 Name'), 'Sam');
    fireEvent.click(screen.getByRole('button', { name: 'Remove contact 1' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add criterion' }));
    expect(document.activeElement).toBe(field('Criterion 4 Title'));
    type(field('Criterion 4 Title'), 'SAML');
    await waitFor(() => {
      const saved = saves(worker).at(-1);
      expect(saved?.contacts).toEqual([{ name: 'Sam', email: '' }]);
      expect(saved?.criteria.map((c) => c.title)).toEqual([
        'Row-level security',
        'Nightly export',
        'Audit trail',
        'SAML',
      ]);
    });
  });

  it('archives instead of deleting, and unarchives', async () => {
    const { worker } = await openPocs();
    select(/^Globex/);
    fireEvent.click(screen.getByRole('button', { name: 'Archive' }));
    await waitFor(() =>
      expect(saves(worker).at(-1)).toMatchObject({ id: ACME.id, archived: true }),
    );
    expect(screen.getByText('Every POC is archived.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Unarchive' }));
    await waitFor(() =>
      expect(saves(worker).at(-1)).toMatchObject({ id: ACME.id, archived: false }),
    );
  });
});

describe('POCs across tabs', () => {
  it('re-fetches the list when another tab signals a change', async () => {
    const { worker } = await openPocs();
    worker.pocs[0] = { ...ACME, prospect: 'Globex International' };
    await fakeBrowser.storage.local.set({ [STORAGE_KEYS.pocsChangedAt]: 123 });
    await waitFor(() =>
      expect([...document.querySelectorAll('.poc-name')].map((el) => el.textContent)).toContain(
        'Globex International — Analytics pilot',
      ),
    );
  });

  it('keeps an unsaved edit of this tab over the re-fetched copy', async () => {
    const { worker } = await openPocs();
    select(/^Globex/);
    type(field('Contact 1 Email'), 'not-an-email');
    worker.pocs[0] = { ...ACME, prospect: 'Changed elsewhere' };
    await fakeBrowser.storage.local.set({ [STORAGE_KEYS.pocsChangedAt]: 456 });
    await new Promise((r) => setTimeout(r, 50));
    expect(field('Contact 1 Email').value).toBe('not-an-email');
    expect(field('Prospect').value).toBe('Globex');
  });
});
