import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Popup } from '../../../src/popup/Popup';
import type { IncidentRecord } from '../../../src/domain/record';
import { fakeBrowser } from '../fake-browser';
import {
  ACME,
  GLOBEX,
  HOUR,
  MIN,
  callsOf,
  escalatedEvents,
  fakeWorker,
  recordOf,
  type WorkerHandlers,
} from './fixtures';

vi.mock('../../../src/shared/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/shared/messaging')>()),
  send: vi.fn(),
}));

const now = Date.now();
/** Ended 1 h ago: follow-up due in about 23 h. */
const recent = recordOf('recent', escalatedEvents(now - HOUR - 15 * MIN));
/** Ended 2 days ago, never sent: overdue. */
const overdue = recordOf('overdue', escalatedEvents(now - 48 * HOUR));
/** Sent the next morning. */
const sent: IncidentRecord = {
  ...recordOf('sent', escalatedEvents(now - 72 * HOUR), GLOBEX),
  status: 'closed',
  followUpSentAt: now - 60 * HOUR,
};

function worker(extra: WorkerHandlers = {}) {
  return fakeWorker({
    'incidents/list': ({ query }) =>
      query.status === 'overdue'
        ? { items: [overdue], nextCursor: null }
        : { items: [recent, overdue, sent], nextCursor: null },
    'incidents/stats': () => [],
    'pocs/list': () => [ACME, GLOBEX],
    ...extra,
  });
}

const rowNames = () =>
  screen.getAllByRole('button').filter((b) => b.classList.contains('incident-row'));

describe('popup incident list', () => {
  beforeEach(() => {
    fakeBrowser.commands.getAll.mockResolvedValue([
      { name: 'start-recovery', shortcut: 'Ctrl+Shift+9', description: 'Start recovery' },
    ]);
  });

  it('pins overdue follow-ups on top and lists the rest newest first, without duplicates', async () => {
    worker();
    render(<Popup />);
    const pinned = await screen.findByRole('list', { name: 'Follow-up overdue' });
    expect(within(pinned).getAllByRole('button')).toHaveLength(1);
    expect(within(pinned).getByRole('button').textContent).toMatch(/Follow-up overdue by 2\d h/);

    const others = screen.getByRole('list', { name: 'Other incidents' });
    const rows = within(others).getAllByRole('button');
    expect(rows.map((r) => r.dataset.id)).toEqual(['recent', 'sent']);
    expect(rows[0]!.textContent).toContain('Acme Corp');
    expect(rows[0]!.textContent).toContain('Checkout API returned 500');
    expect(rows[0]!.textContent).toContain('Escalated');
    expect(rows[0]!.textContent).toMatch(/Follow-up due in 2\d h/);
    expect(rows[0]!.textContent).toContain('15:00');
    expect(rows[1]!.textContent).toContain('Follow-up sent');

    // Both queries asked for one page only, the overdue one first.
    const queries = callsOf('incidents/list');
    expect(queries.map((q) => q.query.status)).toEqual(['overdue', 'any']);
    expect(queries.every((q) => q.limit <= 25 && q.cursor === null)).toBe(true);
  });

  it('gives every scorecard mark a text alternative', async () => {
    worker();
    render(<Popup />);
    await screen.findByRole('list', { name: 'Other incidents' });
    const row = rowNames().find((r) => r.dataset.id === 'recent')!;
    expect(row.textContent).toContain('Acknowledged within 1:00: passed.');
    expect(row.textContent).toContain('Fixed or escalated within 10 min: missed.');
    expect(row.textContent).toContain('Follow-up sent within 1 d: pending.');
  });

  it('shows the welcome state with the assigned shortcut to a new user', async () => {
    worker({ 'incidents/list': () => ({ items: [], nextCursor: null }) });
    render(<Popup />);
    await screen.findByRole('heading', { name: 'No incidents yet' });
    await waitFor(() => expect(screen.getByText('Ctrl')).toBeTruthy());
    expect(screen.getByText('Shift')).toBeTruthy();
    expect(screen.getByText('9')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Try a practice call' }));
    expect(fakeBrowser.tabs.create).toHaveBeenLastCalledWith({
      url: 'chrome-extension://test-extension-id/src/practice/index.html',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Change shortcut' }));
    expect(fakeBrowser.tabs.create).toHaveBeenLastCalledWith({
      url: 'chrome://extensions/shortcuts',
    });
  });

  it('says clearly when no shortcut is assigned', async () => {
    fakeBrowser.commands.getAll.mockResolvedValue([
      { name: 'start-recovery', shortcut: '', description: 'Start recovery' },
    ]);
    worker({ 'incidents/list': () => ({ items: [], nextCursor: null }) });
    render(<Popup />);
    expect(await screen.findByText('not assigned')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Assign a shortcut' })).toBeTruthy();
  });

  it('shows the error with a retry that reloads', async () => {
    let fail = true;
    worker({
      'incidents/list': ({ query }) => {
        if (fail) throw new Error('The incident store is blocked by another tab.');
        return { items: query.status === 'overdue' ? [] : [recent], nextCursor: null };
      },
    });
    render(<Popup />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load incidents');
    expect(alert.textContent).toContain('The incident store is blocked by another tab.');
    fail = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await screen.findByRole('list', { name: 'Incidents' });
    expect(rowNames()).toHaveLength(1);
  });

  it('searches after a pause in typing and filters with the right query', async () => {
    worker();
    render(<Popup />);
    await screen.findByRole('list', { name: 'Other incidents' });
    vi.mocked((await import('../../../src/shared/messaging')).send).mockClear();

    const search = screen.getByRole('searchbox', { name: 'Search incidents' });
    fireEvent.input(search, { target: { value: 'tok' } });
    fireEvent.input(search, { target: { value: 'token' } });
    await waitFor(() => expect(callsOf('incidents/list').length).toBeGreaterThan(0));
    // One search for the final text, not one per keystroke.
    expect(callsOf('incidents/list').map((c) => c.query.text)).toEqual(['token', 'token']);

    fireEvent.click(screen.getByRole('button', { name: 'Filters' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), {
      target: { value: 'sent' },
    });
    await waitFor(() =>
      expect(callsOf('incidents/list').at(-1)!.query).toMatchObject({
        text: 'token',
        status: 'sent',
      }),
    );
    // Sent incidents cannot be overdue, so nothing is pinned: a single query.
    expect(callsOf('incidents/list').filter((c) => c.query.status === 'overdue')).toHaveLength(1);

    fireEvent.change(screen.getByRole('combobox', { name: 'POC' }), {
      target: { value: GLOBEX.id },
    });
    fireEvent.change(screen.getByRole('combobox', { name: 'Platform' }), {
      target: { value: 'zoom' },
    });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2025-03-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2025-03-31' } });
    await waitFor(() =>
      expect(callsOf('incidents/list').at(-1)!.query).toEqual({
        text: 'token',
        status: 'sent',
        pocId: GLOBEX.id,
        platform: 'zoom',
        from: new Date(2025, 2, 1).getTime(),
        to: new Date(2025, 3, 1).getTime() - 1,
      }),
    );
    expect(screen.getByRole('button', { name: 'Filters (4)' })).toBeTruthy();
  });

  it('refuses a date range that ends before it starts', async () => {
    worker();
    render(<Popup />);
    await screen.findByRole('list', { name: 'Other incidents' });
    fireEvent.click(screen.getByRole('button', { name: 'Filters' }));
    const before = callsOf('incidents/list').length;
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2025-03-10' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2025-03-01' } });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The start date is after the end date.',
    );
    expect(screen.getByLabelText('To').getAttribute('aria-invalid')).toBe('true');
    // Only the valid "from" date was queried.
    expect(
      callsOf('incidents/list')
        .slice(before)
        .every((c) => c.query.to === null),
    ).toBe(true);
  });

  it('loads the next page through the cursor', async () => {
    const page2 = recordOf('older', escalatedEvents(now - 200 * HOUR));
    worker({
      'incidents/list': ({ query, cursor }) =>
        query.status === 'overdue'
          ? { items: [], nextCursor: null }
          : cursor === null
            ? { items: [recent], nextCursor: 'cursor-1' }
            : { items: [recent, page2], nextCursor: null },
    });
    render(<Popup />);
    fireEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(rowNames().map((r) => r.dataset.id)).toEqual(['recent', 'older']));
    expect(callsOf('incidents/list').at(-1)!.cursor).toBe('cursor-1');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('moves between rows with the arrow keys, one tab stop for the list', async () => {
    worker();
    render(<Popup />);
    await screen.findByRole('list', { name: 'Other incidents' });
    const rows = rowNames();
    expect(rows.map((r) => r.tabIndex)).toEqual([0, -1, -1]);

    fireEvent.keyDown(screen.getByRole('searchbox'), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rows[0]);
    fireEvent.keyDown(rows[0]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rows[1]);
    expect(rows.map((r) => r.tabIndex)).toEqual([-1, 0, -1]);
    fireEvent.keyDown(rows[1]!, { key: 'End' });
    expect(document.activeElement).toBe(rows[2]);
    fireEvent.keyDown(rows[2]!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(rows[1]);
    fireEvent.keyDown(rows[1]!, { key: 'Home' });
    expect(document.activeElement).toBe(rows[0]);
  });

  it('clears search and filters when nothing matches', async () => {
    worker({
      'incidents/list': ({ query }) =>
        query.text || query.status === 'overdue'
          ? { items: [], nextCursor: null }
          : { items: [recent], nextCursor: null },
    });
    render(<Popup />);
    await screen.findByRole('list', { name: 'Incidents' });
    fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'nothing like this' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Clear search and filters' }));
    await screen.findByRole('list', { name: 'Incidents' });
    expect((screen.getByRole('searchbox') as HTMLInputElement).value).toBe('');
  });
});
