import { render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { incidentIdFrom, ReportPage } from '../../../src/report/ReportPage';
import { ACME, escalatedEvents, fakeWorker, recordOf } from '../popup/fixtures';

vi.mock('../../../src/shared/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/shared/messaging')>()),
  send: vi.fn(),
}));

const events = escalatedEvents();
const record = recordOf('inc-7', events);

describe('report tab', () => {
  it('reads the incident id from the URL', () => {
    expect(incidentIdFrom('?incident=inc-7')).toBe('inc-7');
    expect(incidentIdFrom('?incident=a%2Fb')).toBe('a/b');
    expect(incidentIdFrom('')).toBeNull();
  });

  it('opens the composer for the incident, pre-filled', async () => {
    fakeWorker({
      'incidents/get': ({ id }) => (id === record.id ? { record, events } : null),
      'pocs/list': () => [ACME],
    });
    render(<ReportPage incidentId="inc-7" />);
    await screen.findByRole('heading', { level: 1, name: 'Follow-up for Acme Corp' });
    expect((screen.getByLabelText('Root cause') as HTMLTextAreaElement).value).toBe(
      'Expired sandbox token',
    );
    expect(screen.getByRole('region', { name: 'Preview' })).toBeTruthy();
    await waitFor(() =>
      expect(document.title).toBe('Follow-up for \u2068Acme Corp\u2069 – Demo Rescue'),
    );
  });

  it('explains a missing or deleted incident', async () => {
    fakeWorker({ 'incidents/get': () => null, 'pocs/list': () => [] });
    render(<ReportPage incidentId="gone" />);
    expect((await screen.findByRole('alert')).textContent).toContain('no longer exists');
  });

  it('explains a URL without an incident', () => {
    render(<ReportPage incidentId={null} />);
    expect(screen.getByRole('alert').textContent).toContain('No incident was given');
  });

  it('shows a load error with a retry', async () => {
    fakeWorker({ 'pocs/list': () => [] });
    render(<ReportPage incidentId="inc-7" />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load this incident');
    expect(alert.textContent).toContain('incidents/get: no fixture');
  });
});
