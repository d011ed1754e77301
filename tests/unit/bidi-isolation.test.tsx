/** Bidi controls in user text stay inside it, on every extension page that shows it. */
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { Poc } from '../../src/domain/poc';
import { Popup } from '../../src/popup/Popup';
import { ReportPage } from '../../src/report/ReportPage';
import { OVERRIDING, expectIsolated } from './bidi-helpers';
import { fakeWorker as fakeOptionsWorker, renderOptions } from './options/helpers';
import { ACME, escalatedEvents, fakeWorker, recordOf } from './popup/fixtures';

vi.mock('../../src/shared/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/shared/messaging')>()),
  send: vi.fn(),
}));

const HOSTILE: Poc = { ...ACME, prospect: OVERRIDING, name: 'Payments\u202E POC' };
const NOTE = 'token \u202Eexpired';
const events = [
  ...escalatedEvents(Date.now() - 3_600_000),
  { type: 'note' as const, at: Date.now() - 1_000_000, text: NOTE },
];
const record = recordOf('inc-1', events, HOSTILE);

function popupWorker() {
  return fakeWorker({
    'incidents/list': () => ({ items: [record], nextCursor: null }),
    'incidents/get': () => ({ record, events }),
    'incidents/stats': () => [],
    'pocs/list': () => [HOSTILE],
  });
}

describe('bidi isolation of user text', () => {
  it('in the options POC list and heading', async () => {
    fakeOptionsWorker([HOSTILE]);
    renderOptions('#pocs');
    const item = await screen.findByRole('button', { name: /Evil Corp/ });
    expectIsolated(item, OVERRIDING);
    expectIsolated(item, HOSTILE.name);
    fireEvent.click(item);
    const heading = await screen.findByRole('heading', { level: 3, name: /Evil Corp/ });
    expectIsolated(heading, OVERRIDING);
    expectIsolated(heading, HOSTILE.name);
  });

  it('in the popup list, filters and detail', async () => {
    popupWorker();
    render(<Popup />);
    const row = await screen.findByRole('button', { name: /Evil Corp/ });
    expectIsolated(row, OVERRIDING);
    fireEvent.click(screen.getByRole('button', { name: /^Filters/ }));
    expectIsolated(await screen.findByRole('combobox', { name: /POC/ }), OVERRIDING);
    fireEvent.click(screen.getByRole('button', { name: /^Filters/ }));
    fireEvent.click(row);
    const heading = await screen.findByRole('heading', { level: 1, name: /Evil Corp/ });
    expectIsolated(heading, OVERRIDING);
    await waitFor(() => expect(screen.getAllByText(/expired/).length).toBeGreaterThan(0));
    const detail = heading.closest('.popup')!;
    expectIsolated(detail.querySelector('dl')!, HOSTILE.name);
    expectIsolated(detail.querySelector('.notes')!, NOTE);
  });

  it('in the report page heading and the tab title', async () => {
    popupWorker();
    render(<ReportPage incidentId="inc-1" />);
    const heading = await screen.findByRole('heading', { level: 1, name: /Evil Corp/ });
    expectIsolated(heading, OVERRIDING);
    await waitFor(() => expect(document.title).toContain(`\u2068${OVERRIDING}\u2069`));
  });
});
