/**
 * The side panel paints a press (written by the worker's command listener before it decides
 * anything) at once, but only a fresh, pending one, and never over the active incident; a
 * withdrawn press takes it back to the ready view with the reason; one not stored in time is
 * asked for again as the panel's own start.
 */
import { describe, expect, it, vi } from 'vitest';
import { createOverlayStore } from '../../../src/recovery/store';
import { STORAGE_KEYS } from '../../../src/shared/constants';
import { PRESS_FRESH_MS, newPress, type PanelPress } from '../../../src/shared/panel-press';
import { createPanelHost } from '../../../src/sidepanel/host';
import { fakeBrowser } from '../fake-browser';
import { activeIncident, started } from '../overlay/fixtures';

const writePress = (press: PanelPress) =>
  fakeBrowser.storage.session.set({ [STORAGE_KEYS.panelPress]: press });

function openPanel(askToStore = vi.fn(async () => null)) {
  const store = createOverlayStore({ askToStore, confirmAfterMs: 50 });
  const host = createPanelHost(store);
  return { store, host, askToStore };
}

describe('the side panel and the press', () => {
  it('paints a fresh pending press as it opens: its id, and its clock from the press', async () => {
    const press = newPress(Date.now() - 200);
    await writePress(press);
    const { store, host } = openPanel();
    await host.loaded;
    expect(store.incident.value?.record).toMatchObject({
      id: press.incidentId,
      startedAt: press.at,
      status: 'active',
    });
    expect(store.clock.value?.phase).toBe('acknowledge');
  });

  it('shows the active incident, not a press that only re-showed it', async () => {
    await fakeBrowser.storage.local.set({
      [STORAGE_KEYS.activeIncident]: activeIncident([started()], 'inc-running'),
    });
    await writePress(newPress(Date.now()));
    const { store, host } = openPanel();
    await host.loaded;
    expect(store.incident.value?.record.id).toBe('inc-running');
  });

  it('paints neither a press already started (its incident may have ended) nor an old one', async () => {
    await writePress({ ...newPress(Date.now()), status: 'started' });
    const first = openPanel();
    await first.host.loaded;
    expect(first.store.incident.value).toBeNull();

    await writePress(newPress(Date.now() - PRESS_FRESH_MS - 1));
    const second = openPanel();
    await second.host.loaded;
    expect(second.store.incident.value).toBeNull();
  });

  it('paints a press while open, and goes back to the ready view with the reason if withdrawn', async () => {
    const { store, host } = openPanel();
    await host.loaded;
    const press = newPress(Date.now());
    await writePress(press);
    expect(store.incident.value?.record.id).toBe(press.incidentId);
    await writePress({ ...press, status: 'withdrawn', reason: 'Open your call tab first.' });
    expect(store.incident.value).toBeNull();
    expect(host.withdrawn.value).toBe('Open your call tab first.');
    // The next press clears the reason.
    await writePress(newPress(Date.now()));
    expect(host.withdrawn.value).toBeNull();
  });

  it('asks the worker to store a painted press that was not stored in time (it may have stopped)', async () => {
    const { host, askToStore } = openPanel();
    await host.loaded;
    const press = newPress(Date.now());
    await writePress(press);
    await vi.waitFor(() =>
      expect(askToStore).toHaveBeenCalledWith(
        { incidentId: press.incidentId, at: press.at },
        expect.anything(),
      ),
    );
  });

  it('does not ask again once the stored incident (same id) arrives', async () => {
    const { host, askToStore } = openPanel();
    await host.loaded;
    const press = newPress(Date.now());
    await writePress(press);
    await fakeBrowser.storage.local.set({
      [STORAGE_KEYS.activeIncident]: activeIncident(
        [{ ...started(), at: press.at }],
        press.incidentId,
      ),
    });
    await new Promise((done) => setTimeout(done, 100));
    expect(askToStore).not.toHaveBeenCalled();
  });

  it('"Start recovery" paints its own press at once and sends it', async () => {
    const { store, host } = openPanel();
    await host.loaded;
    fakeBrowser.runtime.sendMessage.mockImplementation(async () => ({ ok: true, value: null }));
    await host.start();
    const [message] = fakeBrowser.runtime.sendMessage.mock.calls.at(-1) as [
      { type: string; payload: { press: { incidentId: string } } },
    ];
    expect(message.type).toBe('panel/start');
    expect(store.incident.value?.record.id).toBe(message.payload.press.incidentId);
  });
});
