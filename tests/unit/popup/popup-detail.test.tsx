import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { Popup } from '../../../src/popup/Popup';
import { fakeBrowser } from '../fake-browser';
import { ACME, HOUR, callsOf, escalatedEvents, fakeWorker, recordOf } from './fixtures';

vi.mock('../../../src/shared/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/shared/messaging')>()),
  send: vi.fn(),
}));

const events = escalatedEvents(Date.now() - 2 * HOUR);
const record = recordOf('inc-1', events);

function worker() {
  let deleted = false;
  return fakeWorker({
    'incidents/list': ({ query }) => ({
      items: query.status === 'overdue' || deleted ? [] : [record],
      nextCursor: null,
    }),
    'incidents/get': ({ id }) => (id === record.id && !deleted ? { record, events } : null),
    'incidents/delete': () => {
      deleted = true;
      return null;
    },
    'incidents/stats': () => [],
    'pocs/list': () => [ACME],
  });
}

async function openDetail() {
  worker();
  render(<Popup />);
  const row = await screen.findByRole('button', { name: /Acme Corp/ });
  fireEvent.click(row);
  await screen.findByRole('heading', { level: 1, name: 'Acme Corp' });
}

describe('popup incident detail', () => {
  it('shows the timeline relative to the failure', async () => {
    await openDetail();
    const items = within(
      screen.getByRole('heading', { name: /Timeline/ }).parentElement!,
    ).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      '+0:00The failure occurred during the session.',
      '+0:20We acknowledged the failure and began investigating.',
      '+0:30Symptom: Checkout API returned 500',
      '+2:00Note: Sandbox token looks expired',
      '+5:00Likely cause identified: Expired sandbox token',
      '+11:00Escalated to engineering; update promised within the hour.',
      '+12:00Continued the session with: SSO login.',
      '+15:00Incident closed in the session: escalated.',
    ]);
  });

  it('shows notes, pivot, ETA and the scorecard with the reason for each mark', async () => {
    await openDetail();
    expect(screen.getByText('Sandbox token looks expired')).toBeTruthy();
    expect(screen.getByText('SSO login')).toBeTruthy();
    expect(screen.getByText('within the hour')).toBeTruthy();
    expect(screen.getByText('Expired sandbox token')).toBeTruthy();

    const marks = within(screen.getByRole('list', { name: 'Scorecard' })).getAllByRole('listitem');
    const text = marks.map((m) => m.textContent);
    expect(text).toEqual([
      '✓Acknowledged within 1:00: passedAcknowledged after 0:20.',
      '✗Fixed or escalated within 10 min: missedEscalated after 11:00, past the window.',
      '✓Pivoted instead of dead air: passedPivoted to "SSO login".',
      '…Follow-up sent within 1 d: pendingNot sent yet.',
    ]);
  });

  it('opens the composer and the full report tab', async () => {
    await openDetail();
    fireEvent.click(screen.getByRole('button', { name: 'Open in a tab' }));
    expect(fakeBrowser.tabs.create).toHaveBeenLastCalledWith({
      url: 'chrome-extension://test-extension-id/src/report/index.html?incident=inc-1',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Write follow-up' }));
    await screen.findByRole('heading', { level: 1, name: 'Follow-up for Acme Corp' });
    expect((screen.getByLabelText('Root cause') as HTMLTextAreaElement).value).toBe(
      'Expired sandbox token',
    );
    fireEvent.click(screen.getByRole('button', { name: /Incident/ }));
    await screen.findByRole('heading', { level: 1, name: 'Acme Corp' });
  });

  it('deletes only after confirmation, then returns to the list', async () => {
    await openDetail();
    fireEvent.click(screen.getByRole('button', { name: 'Delete incident' }));
    expect(callsOf('incidents/delete')).toHaveLength(0);
    const confirm = screen.getByRole('group', { name: /cannot be undone/ });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group', { name: /cannot be undone/ })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Delete incident' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(callsOf('incidents/delete')).toEqual([{ id: 'inc-1' }]));
    expect(await screen.findByText('Incident deleted.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Acme Corp/ })).toBeNull();
  });

  it('says so when the incident no longer exists', async () => {
    fakeWorker({
      'incidents/list': ({ query }) => ({
        items: query.status === 'overdue' ? [] : [record],
        nextCursor: null,
      }),
      'incidents/get': () => null,
      'incidents/stats': () => [],
      'pocs/list': () => [ACME],
    });
    render(<Popup />);
    fireEvent.click(await screen.findByRole('button', { name: /Acme Corp/ }));
    expect(await screen.findByText(/no longer exists/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /All incidents/ }));
    await waitFor(() => expect(document.activeElement?.getAttribute('data-id')).toBe(record.id));
  });
});
