/**
 * The overlay's state as signals, shared by the content overlay, the practice call and (later)
 * the pop-out window. Everything shown is derived from the stored incident events and `now`, so
 * a reload or a worker restart can never put the clock wrong; the worker is the only writer.
 */
import { batch, computed, signal, type Signal } from '@preact/signals';
import browser from 'webextension-polyfill';
import type { ActiveIncident, IncidentAction } from '../shared/messages';
import { STORAGE_KEYS } from '../shared/constants';
import { MessageError, send } from '../shared/messaging';
import { onPrefsChanged, playbookFrom, settingsFrom } from '../shared/prefs';
import type { PhaseId } from '../domain/playbook';
import { DEFAULT_PLAYBOOK } from '../domain/playbook';
import { DEFAULT_SETTINGS } from '../domain/settings';
import type { Poc } from '../domain/poc';
import { clockAt, replay } from '../domain/incident';
import { sameData } from '../domain/data';

export interface OverlayLayout {
  /** Where the SE dragged it, in CSS px from the viewport's top left; null = settings corner. */
  left: number | null;
  top: number | null;
  collapsed: boolean;
}

export const DEFAULT_LAYOUT: OverlayLayout = { left: null, top: null, collapsed: false };

export function layoutFrom(stored: unknown): OverlayLayout {
  if (!stored || typeof stored !== 'object') return DEFAULT_LAYOUT;
  const { left, top, collapsed } = stored as Record<string, unknown>;
  const coordinate = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const x = coordinate(left);
  const y = coordinate(top);
  return {
    left: x === null || y === null ? null : x,
    top: x === null || y === null ? null : y,
    collapsed: collapsed === true,
  };
}

/** Sets a signal holding plain data only when the data differs. */
function setIfChanged<T>(target: Signal<T>, next: T): void {
  if (!sameData(target.peek(), next)) target.value = next;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface OverlayStoreOptions {
  /** The clock; injected in tests. */
  now?: () => number;
}

export type OverlayStore = ReturnType<typeof createOverlayStore>;

export function createOverlayStore({ now: clockNow = Date.now }: OverlayStoreOptions = {}) {
  const incident = signal<ActiveIncident | null>(null);
  /** Whether the full overlay belongs in this tab (null until the worker said). */
  const here = signal<boolean | null>(null);
  /** The incident was ended or deleted elsewhere (popup, another tab) while shown here. */
  const vanished = signal(false);
  /** The SE closed the ended incident's summary. */
  const closed = signal(false);
  const playbook = signal(DEFAULT_PLAYBOOK);
  const settings = signal(DEFAULT_SETTINGS);
  const pocs = signal<Poc[] | null>(null);
  const pocsError = signal<string | null>(null);
  const layout = signal<OverlayLayout>(DEFAULT_LAYOUT);
  const now = signal(clockNow());
  const error = signal<string | null>(null);
  /** UI state the overlay's keys reach from anywhere in it. */
  const talkTrackIndex = signal<Partial<Record<PhaseId, number>>>({});
  const helpOpen = signal(false);
  const escalateOpen = signal(false);
  const confirmingDiscard = signal(false);

  const state = computed(() => {
    const current = incident.value;
    if (!current) return null;
    try {
      return replay(current.events, playbook.value);
    } catch {
      return null;
    }
  });
  const clock = computed(() =>
    state.value ? clockAt(state.value, playbook.value, now.value) : null,
  );
  const active = computed(() => state.value?.status === 'active' && !vanished.value);
  const poc = computed(() => {
    const id = state.value?.pocId;
    return id ? (pocs.value?.find((p) => p.id === id) ?? null) : null;
  });

  let actionsInFlight = 0;

  /** Takes a newer view of the incident; stale replies (fewer events) are ignored. */
  function accept(next: ActiveIncident | null): void {
    const current = incident.peek();
    if (next === null) {
      // Our own "end" mirrors null before its reply arrives; the reply settles it.
      if (current?.record.status === 'active' && actionsInFlight === 0) vanished.value = true;
      return;
    }
    const same = current?.record.id === next.record.id;
    if (same && next.events.length < current.events.length) return;
    batch(() => {
      if (!same) {
        closed.value = false;
        talkTrackIndex.value = {};
        escalateOpen.value = false;
        confirmingDiscard.value = false;
        error.value = null;
      }
      vanished.value = false;
      incident.value = next;
      now.value = clockNow();
    });
  }

  /** Drops a provisional incident the worker could not store. */
  function withdraw(incidentId: string): void {
    if (incident.peek()?.record.id === incidentId) incident.value = null;
  }

  async function refresh(): Promise<void> {
    try {
      const reply = await send('incident/active', {});
      batch(() => {
        here.value = reply.here;
        accept(reply.incident);
      });
    } catch (e) {
      error.value = `Demo Rescue could not load the incident: ${messageOf(e)}`;
    }
  }

  async function loadPocs(): Promise<void> {
    try {
      pocs.value = await send('pocs/active', {});
      pocsError.value = null;
    } catch (e) {
      pocsError.value = `POCs could not be loaded: ${messageOf(e)}`;
    }
  }

  /**
   * Loads the prefs, layout and mirrored incident in one storage read and follows their
   * changes (storage.onChanged: no polling). Returns the unsubscribe.
   */
  async function follow(): Promise<() => void> {
    const stopPrefs = onPrefsChanged((change) => {
      if (change.playbook) playbook.value = change.playbook;
      if (change.settings) settings.value = change.settings;
    });
    const onStorage = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== 'local') return;
      const mirrored = changes[STORAGE_KEYS.activeIncident];
      if (mirrored) accept((mirrored.newValue as ActiveIncident | null | undefined) ?? null);
      const moved = changes[STORAGE_KEYS.overlayLayout];
      if (moved) layout.value = layoutFrom(moved.newValue);
    };
    browser.storage.onChanged.addListener(onStorage);
    const stored = await browser.storage.local.get([
      STORAGE_KEYS.playbook,
      STORAGE_KEYS.settings,
      STORAGE_KEYS.overlayLayout,
      STORAGE_KEYS.activeIncident,
    ]);
    batch(() => {
      // Usually what the defaults already say: the same values must not re-render an overlay
      // that may be painting its first frame right now.
      setIfChanged(playbook, playbookFrom(stored[STORAGE_KEYS.playbook]));
      setIfChanged(settings, settingsFrom(stored[STORAGE_KEYS.settings]));
      setIfChanged(layout, layoutFrom(stored[STORAGE_KEYS.overlayLayout]));
      const mirrored = stored[STORAGE_KEYS.activeIncident] as ActiveIncident | null | undefined;
      if (mirrored) accept(mirrored);
    });
    return () => {
      stopPrefs();
      browser.storage.onChanged.removeListener(onStorage);
    };
  }

  async function act(action: IncidentAction): Promise<boolean> {
    const current = incident.peek();
    if (!current || !active.peek()) return false;
    actionsInFlight += 1;
    try {
      const updated = await send('incident/act', { incidentId: current.record.id, action });
      batch(() => {
        error.value = null;
        accept(updated);
      });
      return true;
    } catch (e) {
      batch(() => {
        if (e instanceof MessageError && e.code === 'no-active-incident') vanished.value = true;
        error.value = `Not saved: ${messageOf(e)}`;
      });
      return false;
    } finally {
      actionsInFlight -= 1;
    }
  }

  async function saveLayout(next: OverlayLayout): Promise<void> {
    layout.value = next;
    try {
      await browser.storage.local.set({ [STORAGE_KEYS.overlayLayout]: next });
    } catch {
      // Remembering the position is a convenience; the overlay works without it.
    }
  }

  async function openReport(): Promise<void> {
    const current = incident.peek();
    if (!current) return;
    try {
      await send('report/open', { incidentId: current.record.id });
    } catch (e) {
      error.value = `The report could not open: ${messageOf(e)}`;
    }
  }

  /** From the marker in another call tab: move the overlay to this tab. */
  async function showHere(): Promise<void> {
    try {
      await send('recovery/start', {});
    } catch (e) {
      error.value = messageOf(e);
    }
  }

  function tick(): void {
    now.value = clockNow();
  }

  function nextTalkTrack(): void {
    const phase = clock.peek()?.phase;
    if (!phase || phase === 'closed') return;
    const count = playbook.peek().phases[phase].talkTracks.length;
    if (count < 2) return;
    const index = talkTrackIndex.peek()[phase] ?? 0;
    talkTrackIndex.value = { ...talkTrackIndex.peek(), [phase]: (index + 1) % count };
  }

  return {
    incident,
    here,
    vanished,
    closed,
    playbook,
    settings,
    pocs,
    pocsError,
    layout,
    now,
    error,
    talkTrackIndex,
    helpOpen,
    escalateOpen,
    confirmingDiscard,
    state,
    clock,
    active,
    poc,
    accept,
    withdraw,
    refresh,
    loadPocs,
    follow,
    act,
    saveLayout,
    openReport,
    showHere,
    tick,
    nextTalkTrack,
  };
}
