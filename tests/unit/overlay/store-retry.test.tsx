/**
 * The overlay store against a worker that stops mid-request: every action carries a key and is
 * sent again with it, a command in flight is sent once, and an incident painted before the
 * worker stored it reaches the store with its id and start time, or the overlay says it did not.
 */
import { fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OverlayView } from '../../../src/recovery/components/Overlay';
import type { IncidentEvent } from '../../../src/domain/incident';
import { startedIncident } from '../../../src/domain/record';
import { STORAGE_KEYS } from '../../../src/shared/constants';
import type { ActiveIncident, Method } from '../../../src/shared/messages';
import { SAVING_AGAIN } from '../../../src/shared/messaging';
import { createOverlayStore, type OverlayStore } from '../../../src/recovery/store';
import { fakeBrowser } from '../fake-browser';
import { SECOND, T0, activeIncident, sent, started } from './fixtures';

const LOST =
  'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received';
const where = { platform: 'meet' as const, meetingCode: 'abc-defg-hij' };

let now = T0;
let store: OverlayStore;
/** The worker's log per incident id, and whether its next reply is lost after the work. */
let logs: Map<string, IncidentEvent[]>;
let loseReplies = 0;
let keysSeen: Set<string>;

function stored(id: string): ActiveIncident {
  return activeIncident(logs.get(id)!, id);
}

/** A worker like src/background: keys make actions idempotent; replies can be lost. */
function scriptFlakyWorker(extra: Partial<Record<Method, (payload: never) => unknown>> = {}) {
  fakeBrowser.runtime.sendMessage.mockImplementation(async (message: unknown) => {
    const { type, payload } = message as { type: Method; payload: Record<string, never> };
    let value: unknown;
    const handler = extra[type];
    if (handler) value = handler(payload as never);
    else if (type === 'incident/act') {
      const { incidentId, action, key } = payload as unknown as {
        incidentId: string;
        action: { kind: string; text?: string };
        key: string;
      };
      const log = logs.get(incidentId);
      if (!log) {
        return {
          ok: false,
          error: { code: 'not-found', message: 'That incident no longer exists.' },
        };
      }
      if (!keysSeen.has(key)) {
        keysSeen.add(key);
        const event: IncidentEvent =
          action.kind === 'note'
            ? { type: 'note', at: now, text: action.text! }
            : { type: 'acknowledged', at: now };
        log.push(event);
      }
      value = stored(incidentId);
    } else if (type === 'recovery/start') {
      const { shownHere } = payload as unknown as {
        shownHere?: { started: { incidentId: string; at: number } | null };
      };
      const painted = shownHere?.started;
      if (painted && !logs.has(painted.incidentId)) {
        logs.set(painted.incidentId, [{ ...started(null), at: painted.at }]);
      }
      value = { incidentId: painted?.incidentId ?? 'inc-1', resumed: true };
    } else if (type === 'incident/active') value = { incident: null, here: true };
    else return { ok: false, error: { code: 'internal', message: `no ${type}` } };
    if (loseReplies > 0) {
      loseReplies -= 1;
      throw new Error(LOST);
    }
    return { ok: true, value };
  });
}

function acts(): { action: unknown; key: string; incidentId: string }[] {
  return sent()
    .filter(([type]) => type === 'incident/act')
    .map(([, payload]) => payload as { action: unknown; key: string; incidentId: string });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  now = T0 + 5 * SECOND;
  logs = new Map([['inc-1', [started(null)]]]);
  keysSeen = new Set();
  loseReplies = 0;
  scriptFlakyWorker();
  store = createOverlayStore({ now: () => now, confirmAfterMs: 1_000 });
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('actions after a worker restart', () => {
  it('sends a note again with the same key when its reply is lost: stored once, said so', async () => {
    store.accept(stored('inc-1'));
    loseReplies = 1;
    const saving = store.act({ kind: 'note', text: 'Token expired' });
    await vi.waitFor(() => expect(store.notice.value).toBe(SAVING_AGAIN));
    await vi.advanceTimersByTimeAsync(0);
    expect(await saving).toBe(true);
    const [first, retry] = acts();
    expect(retry!.key).toBe(first!.key);
    expect(logs.get('inc-1')!.filter((e) => e.type === 'note')).toHaveLength(1);
    expect(store.state.value?.notes.map((n) => n.text)).toEqual(['Token expired']);
    expect(store.notice.value).toBeNull();
    expect(store.error.value).toBeNull();
  });

  it('when the worker never answers, says it may not be saved, then retries with the same key', async () => {
    store.accept(stored('inc-1'));
    loseReplies = 99;
    const saving = store.act({ kind: 'note', text: 'Token expired' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await saving).toBe(false);
    expect(store.error.value).toMatch(/^Maybe not saved: Demo Rescue stopped before it answered/);
    expect(store.error.value).not.toMatch(/listener|channel|port/);
    loseReplies = 0;
    expect(await store.act({ kind: 'note', text: 'Token expired' })).toBe(true);
    expect(new Set(acts().map((a) => a.key)).size).toBe(1);
    expect(logs.get('inc-1')!.filter((e) => e.type === 'note')).toHaveLength(1);
  });

  it('sends a command pressed five times while in flight once', async () => {
    store.accept(stored('inc-1'));
    const presses = [1, 2, 3, 4, 5].map(() => store.act({ kind: 'acknowledge' }));
    expect(await Promise.all(presses)).toEqual([true, true, true, true, true]);
    expect(acts()).toHaveLength(1);
  });

  it('keeps an incident it ends in view while the mirror already says none is active', async () => {
    store.accept(stored('inc-1'));
    loseReplies = 1;
    const ending = store.act({ kind: 'acknowledge' });
    await fakeBrowser.storage.local.set({ [STORAGE_KEYS.activeIncident]: null });
    store.accept(null);
    await vi.advanceTimersByTimeAsync(0);
    expect(await ending).toBe(true);
    expect(store.vanished.value).toBe(false);
  });
});

describe('an incident painted before the worker stored it', () => {
  it('is stored with the keydown’s id and time; notes typed meanwhile wait for it', async () => {
    loseReplies = 1; // the worker stops as the hotkey reaches it
    const painted = store.startHere(where);
    expect(painted.record.startedAt).toBe(now);
    expect(store.incident.value?.record.id).toBe(painted.record.id);
    const noting = store.act({ kind: 'note', text: 'typed at once' });
    expect(acts()).toHaveLength(0);
    now += 3 * SECOND;
    await vi.advanceTimersByTimeAsync(0);
    expect(await noting).toBe(true);
    const starts = sent().filter(([type]) => type === 'recovery/start');
    expect(starts).toHaveLength(2);
    for (const [, payload] of starts) {
      expect(payload).toEqual({
        overlayLoaded: true,
        shownHere: { started: { incidentId: painted.record.id, at: T0 + 5 * SECOND } },
      });
    }
    expect(acts()[0]!.incidentId).toBe(painted.record.id);
    expect(logs.get(painted.record.id)!.map((e) => e.type)).toEqual(['started', 'note']);
  });

  it('asks the worker to store what it painted when the stored incident never follows', async () => {
    const provisional = startedIncident({ ...where, incidentId: 'painted-1', at: T0 + 1 });
    store.paint(provisional);
    await vi.advanceTimersByTimeAsync(999);
    expect(sent()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent()).toContainEqual([
      'recovery/start',
      { overlayLoaded: true, shownHere: { started: { incidentId: 'painted-1', at: T0 + 1 } } },
    ]);
    expect(logs.has('painted-1')).toBe(true);
  });

  it('a note typed for a painting the worker replaced goes to the incident it shows instead', async () => {
    fakeBrowser.runtime.sendMessage.mockImplementationOnce(() => new Promise(() => undefined));
    store.startHere(where);
    const noting = store.act({ kind: 'note', text: 'for the one on screen' });
    const replaced = startedIncident({ ...where, incidentId: 'inc-1', at: T0 });
    store.paint(replaced);
    expect(acts()).toHaveLength(0);
    store.accept(stored('inc-1'));
    expect(await noting).toBe(true);
    expect(acts().map((a) => a.incidentId)).toEqual(['inc-1']);
  });

  it('asks nothing when the stored incident arrives through the mirror', async () => {
    const provisional = startedIncident({ ...where, incidentId: 'painted-1', at: T0 + 1 });
    store.paint(provisional);
    store.accept(activeIncident([{ ...started(null), at: T0 + 1 }], 'painted-1'));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sent()).toEqual([]);
  });

  it('says plainly that it is not saved when the worker never answers, and asks again on the hotkey', async () => {
    loseReplies = 99;
    const painted = store.startHere(where);
    const noting = store.act({ kind: 'note', text: 'kept for later' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await noting).toBe(false);
    expect(store.error.value).toMatch(/^Not saved: .*not stored yet; press the hotkey/);
    loseReplies = 0;
    now += 20 * SECOND;
    expect(store.startHere(where).record.id).toBe(painted.record.id);
    await vi.advanceTimersByTimeAsync(0);
    expect(logs.get(painted.record.id)![0]).toMatchObject({ at: T0 + 5 * SECOND });
  });
});

describe('a damaged incident', () => {
  it('is reported and logged, never a silently empty overlay', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    store.accept({ ...stored('inc-1'), events: [{ type: 'note', at: T0, text: 'orphan' }] });
    expect(store.state.value).toBeNull();
    expect(store.replayError.value).toMatch(/started/);
    expect(log).toHaveBeenCalled();
    const close = vi.fn();
    render(
      <OverlayView
        store={store}
        mode="full"
        controls={{ leave: vi.fn(), close, startDrag: vi.fn(), moveBy: vi.fn() }}
      />,
    );
    expect(screen.getByRole('alert').textContent).toMatch(/cannot show this incident/);
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(close).toHaveBeenCalledOnce();
  });
});
