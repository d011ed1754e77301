/** The recovery's failures from the demo tab: one fills "What failed", each can be deleted. */
import { fireEvent, render, screen } from '@testing-library/preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { HttpEvidence } from '../../../src/domain/evidence';
import type { IncidentEvent } from '../../../src/domain/incident';
import { OverlayView } from '../../../src/recovery/components/Overlay';
import { createOverlayStore } from '../../../src/recovery/store';
import { POC, SECOND, T0, activeIncident, scriptWorker, sent, started } from './fixtures';

const failure = (id: string, path: string): HttpEvidence => ({
  kind: 'http',
  id,
  at: T0 - 3 * SECOND,
  origin: 'https://app.acme-demo.com',
  path,
  method: 'POST',
  status: 500,
  durationMs: 40,
  ids: [],
});

async function settle() {
  await act(async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  });
}

function setup(handler: (payload: { incidentId: string; evidenceId: string }) => unknown) {
  const events: IncidentEvent[] = [
    started(),
    { type: 'evidence', at: T0, item: failure('req-1', '/api/orders') },
    { type: 'evidence', at: T0, item: failure('req-2', '/api/stock') },
  ];
  scriptWorker({ 'incident/delete-evidence': handler as never });
  const store = createOverlayStore({ now: () => T0 + 5 * SECOND });
  store.accept(activeIncident(events));
  store.pocs.value = [POC];
  store.here.value = true;
  const controls = { leave: vi.fn(), close: vi.fn(), startDrag: vi.fn(), moveBy: vi.fn() };
  render(<OverlayView store={store} mode="full" controls={controls} />);
  return events;
}

describe('evidence in the recovery', () => {
  it('deletes one failure from the running incident on a click', async () => {
    const events = setup(({ evidenceId }) => {
      const kept = activeIncident(
        events.filter((e) => e.type !== 'evidence' || e.item.id !== evidenceId),
      );
      return { ...kept, record: { ...kept.record, updatedAt: T0 + 6 * SECOND } };
    });
    expect(screen.getByText('Seen failing in the demo (2)')).toBeTruthy();
    fireEvent.click(
      screen.getByRole('button', { name: /^Delete this evidence: POST \/api\/orders → 500/ }),
    );
    await settle();
    expect(sent().filter(([type]) => type === 'incident/delete-evidence')).toEqual([
      ['incident/delete-evidence', { incidentId: 'inc-1', evidenceId: 'req-1' }],
    ]);
    expect(screen.getByText('Seen failing in the demo (1)')).toBeTruthy();
    expect(screen.queryByText(/POST \/api\/orders/)).toBeNull();
  });

  it('says so when the worker could not delete it, and keeps it listed', async () => {
    setup(() => {
      throw { code: 'forbidden', message: 'Only the running incident’s evidence is deleted here.' };
    });
    fireEvent.click(
      screen.getByRole('button', { name: /^Delete this evidence: POST \/api\/stock → 500/ }),
    );
    await settle();
    expect(screen.getByText(/That failure was not deleted/)).toBeTruthy();
    expect(screen.getByText('Seen failing in the demo (2)')).toBeTruthy();
  });

  it('still ignores a stale view with fewer events', () => {
    const events: IncidentEvent[] = [
      started(),
      { type: 'evidence', at: T0, item: failure('req-1', '/api/orders') },
    ];
    const store = createOverlayStore({ now: () => T0 + 5 * SECOND });
    store.accept(activeIncident(events));
    store.accept(activeIncident(events.slice(0, 1)));
    expect(store.incident.value?.events).toHaveLength(2);
  });
});
