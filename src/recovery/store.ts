/**
 * The overlay's state as signals, shared by the content overlay, the practice call and (later)
 * the pop-out window. Everything shown is derived from the stored incident events and `now`, so
 * a reload or a worker restart can never put the clock wrong; the worker is the only writer.
 */
import { batch, computed, signal, type Signal } from '@preact/signals';
import type { ActiveIncident, IncidentAction } from '../shared/messages';
import { START_RETRY_WINDOW_MS } from '../shared/constants';
import { MessageError, SAVING_AGAIN, send, sendUntilAnswered } from '../shared/messaging';
import { onPrefsChanged } from '../shared/prefs';
import { readItems } from '../shared/storage/item';
import type { OverlayLayout } from '../shared/storage/items';
import {
  DEFAULT_LAYOUT,
  activeIncidentItem,
  overlayLayoutItem,
  playbookItem,
  settingsItem,
} from '../shared/storage/items';
import type { PhaseId } from '../domain/playbook';
import { DEFAULT_PLAYBOOK } from '../domain/playbook';
import { DEFAULT_SETTINGS } from '../domain/settings';
import type { Poc } from '../domain/poc';
import type { Platform } from '../domain/incident';
import { clockAt, replay } from '../domain/incident';
import type { Evidence } from '../domain/evidence';
import { issueFrom } from '../domain/evidence';
import { speakableLines, talkTrackValues } from '../domain/placeholders';
import { sameData } from '../domain/data';
import { startedIncident } from '../domain/record';

export type { OverlayLayout };
export { DEFAULT_LAYOUT };

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
  /**
   * How long a start the worker painted here may go unconfirmed before this overlay asks the
   * worker to store it itself (the worker may have stopped mid-write).
   */
  confirmAfterMs?: number;
  /**
   * How this host asks the worker to store an incident it painted, same id and start time.
   * By default the call tab's `recovery/start`; the side panel asks with its press.
   */
  askToStore?: (start: Start, options: { onRetry(): void }) => Promise<unknown>;
}

/** An incident painted before it was stored: the id and start time it must be stored with. */
interface Start {
  incidentId: string;
  at: number;
}

const askCallTabToStore: NonNullable<OverlayStoreOptions['askToStore']> = (started, options) =>
  sendUntilAnswered('recovery/start', { overlayLoaded: true, shownHere: { started } }, options);

/** The worker's durable write usually lands within tens of ms; this is far past that. */
const CONFIRM_AFTER_MS = 1_500;

/** An incident painted here that the worker has not confirmed as stored yet. */
interface PendingStart extends Start {
  /** Actions waiting to be sent once it is stored (or to fail if it never is). */
  waiters: { resolve(): void; reject(error: unknown): void }[];
  timer?: ReturnType<typeof setTimeout>;
}

export type OverlayStore = ReturnType<typeof createOverlayStore>;

/** A newer view of the same incident with only evidence events fewer: some was deleted. */
function evidenceDeleted(current: ActiveIncident, next: ActiveIncident): boolean {
  const others = (view: ActiveIncident) => view.events.filter((e) => e.type !== 'evidence').length;
  return next.record.updatedAt > current.record.updatedAt && others(next) >= others(current);
}

export function createOverlayStore({
  now: clockNow = Date.now,
  confirmAfterMs = CONFIRM_AFTER_MS,
  askToStore = askCallTabToStore,
}: OverlayStoreOptions = {}) {
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
  /** Something is being saved again after a worker restart; cleared with the outcome. */
  const notice = signal<string | null>(null);
  /** UI state the overlay's keys reach from anywhere in it. */
  const talkTrackIndex = signal<Partial<Record<PhaseId, number>>>({});
  const helpOpen = signal(false);
  const escalateOpen = signal(false);
  const confirmingDiscard = signal(false);

  const replayed = computed(() => {
    const current = incident.value;
    if (!current) return null;
    try {
      return { state: replay(current.events, playbook.value), problem: null };
    } catch (e) {
      // Logged once per change of the incident or playbook (computeds are cached).
      console.error('Demo Rescue: the incident could not be replayed', e);
      return { state: null, problem: messageOf(e) };
    }
  });
  const state = computed(() => replayed.value?.state ?? null);
  /** Why the incident shown cannot be read (a damaged record), or null. */
  const replayError = computed(() => replayed.value?.problem ?? null);
  const clock = computed(() =>
    state.value ? clockAt(state.value, playbook.value, now.value) : null,
  );
  const active = computed(() => state.value?.status === 'active' && !vanished.value);
  const poc = computed(() => {
    const id = state.value?.pocId;
    return id ? (pocs.value?.find((p) => p.id === id) ?? null) : null;
  });

  /** The current phase's lines to say, never with a raw placeholder (see speakableLines). */
  const spokenLines = computed(() => {
    const current = state.value;
    const phase = clock.value?.phase;
    if (!current || !phase || phase === 'closed') return [];
    const latest = phase === 'diagnose' ? (current.evidence.at(-1) ?? null) : null;
    return speakableLines(
      playbook.value.phases[phase].talkTracks,
      talkTrackValues(current, poc.value),
      latest,
    );
  });

  let actionsInFlight = 0;
  /** The incident painted here before the worker stored it, until it confirms. */
  let pending: PendingStart | null = null;
  /** What the error line says about a painted incident not stored, while it says it. */
  let startProblem: string | null = null;
  /** The last incident id seen as stored (from the mirror or a reply). */
  let storedId: string | null = null;

  /**
   * Takes a newer view of the incident; stale replies (fewer events) are ignored, except a newer
   * one where only evidence is gone (the log only grows, but evidence can be deleted).
   */
  function accept(next: ActiveIncident | null, { stored = true } = {}): void {
    const current = incident.peek();
    if (next === null) {
      // Our own "end" mirrors null before its reply arrives; the reply settles it. A painted
      // incident not stored yet is not what the mirror speaks of.
      const ours = actionsInFlight > 0 || pending !== null;
      if (current?.record.status === 'active' && !ours) vanished.value = true;
      return;
    }
    if (stored) {
      storedId = next.record.id;
      if (pending?.incidentId === storedId) settleStart();
    }
    const same = current?.record.id === next.record.id;
    if (same && next.events.length < current.events.length && !evidenceDeleted(current, next)) {
      return;
    }
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

  /** The painted incident is stored (or replaced by the worker's): send what waited for it. */
  function settleStart(problem?: unknown): void {
    const start = pending;
    if (!start) return;
    clearTimeout(start.timer);
    // A start that failed stays pending: the next hotkey asks again with the same id and time.
    if (problem === undefined) {
      pending = null;
      if (error.peek() === startProblem) error.value = null;
    }
    for (const waiter of start.waiters.splice(0)) {
      if (problem === undefined) waiter.resolve();
      else waiter.reject(problem);
    }
  }

  function whenStored(): Promise<void> {
    const start = pending;
    if (!start) return Promise.resolve();
    return new Promise((resolve, reject) => start.waiters.push({ resolve, reject }));
  }

  /**
   * Asks the worker to store the painted incident as painted: same id, same start time. Safe to
   * repeat: the worker stores an incident id once. Until it answers, actions wait for it.
   */
  async function storePainted(start: PendingStart): Promise<void> {
    clearTimeout(start.timer);
    try {
      await askToStore(
        { incidentId: start.incidentId, at: start.at },
        { onRetry: () => (notice.value = SAVING_AGAIN) },
      );
      if (pending === start) {
        notice.value = null;
        // Same id: stored. Another id: the worker showed the incident it keeps instead.
        settleStart();
      }
    } catch (e) {
      if (pending !== start) return;
      startProblem = `Not saved: ${messageOf(e)} This incident is not stored yet; press the hotkey to try again.`;
      batch(() => {
        notice.value = null;
        error.value = startProblem;
      });
      settleStart(e);
    }
  }

  /**
   * Paints an incident the worker is storing right now (its show request). If the stored one
   * does not follow in time, the worker may have stopped mid-write: this overlay asks again.
   */
  function paint(provisional: ActiveIncident): void {
    accept(provisional, { stored: false });
    const { id, startedAt } = provisional.record;
    if (id === storedId || pending?.incidentId === id) return;
    const start = replacePending(id, startedAt);
    start.timer = setTimeout(() => void storePainted(start), confirmAfterMs);
  }

  /** A new painting replaces the one not stored: what waited for that one waits for this. */
  function replacePending(incidentId: string, at: number): PendingStart {
    clearTimeout(pending?.timer);
    pending = { incidentId, at, waiters: pending?.waiters ?? [] };
    return pending;
  }

  /**
   * The hotkey in a tab whose overlay is loaded: returns the incident to show at once, without
   * waiting for the worker (asleep after 30 s idle, it takes ~25 ms to start), and tells the
   * worker what it shows. A new incident starts at the keydown: that time is what is stored,
   * even if the worker stops and the start must be sent again.
   */
  function startHere(where: { platform: Platform; meetingCode: string | null }): ActiveIncident {
    const current = incident.peek();
    const retry = pending !== null && clockNow() - pending.at <= START_RETRY_WINDOW_MS;
    if (current && active.peek() && (pending === null || retry)) {
      if (pending) void storePainted(pending);
      else
        void send('recovery/start', { overlayLoaded: true, shownHere: { started: null } }).catch(
          // The overlay already shows it; a lost re-show costs nothing.
          () => undefined,
        );
      return current;
    }
    const start = replacePending(crypto.randomUUID(), clockNow());
    void storePainted(start);
    const painted = startedIncident({ ...where, incidentId: start.incidentId, at: start.at });
    accept(painted, { stored: false });
    return painted;
  }

  /** Drops a provisional incident the worker could not store. */
  function withdraw(incidentId: string): void {
    if (pending?.incidentId === incidentId) {
      settleStart(new MessageError({ code: 'internal', message: 'The incident was not stored.' }));
      pending = null;
    }
    if (incident.peek()?.record.id === incidentId) incident.value = null;
  }

  async function refresh(): Promise<void> {
    try {
      const reply = await sendUntilAnswered('incident/active', {});
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
    const stopMirror = activeIncidentItem.watch((mirrored) => accept(mirrored));
    const stopLayout = overlayLayoutItem.watch((moved) => (layout.value = moved));
    const [storedPlaybook, storedSettings, storedLayout, mirrored] = await readItems('local', [
      playbookItem,
      settingsItem,
      overlayLayoutItem,
      activeIncidentItem,
    ]);
    batch(() => {
      // Usually what the defaults already say: the same values must not re-render an overlay
      // that may be painting its first frame right now.
      setIfChanged(playbook, storedPlaybook.value);
      setIfChanged(settings, storedSettings.value);
      setIfChanged(layout, storedLayout.value);
      if (mirrored.value) accept(mirrored.value);
    });
    return () => {
      stopPrefs();
      stopMirror();
      stopLayout();
    };
  }

  /** Actions sent and not answered yet, by content: the same command twice is sent once. */
  const inFlight = new Map<string, Promise<boolean>>();
  /** The last action whose outcome is unknown (its reply was lost): sent again, same key. */
  let unresolved: { action: IncidentAction; key: string } | null = null;

  /** What the store holds now, after a lost reply: the action may be stored after all. */
  async function reread(): Promise<void> {
    try {
      accept((await sendUntilAnswered('incident/active', {})).incident);
    } catch {
      // The error line already says the action may not be saved.
    }
  }

  async function perform(action: IncidentAction): Promise<boolean> {
    const key =
      unresolved && sameData(unresolved.action, action) ? unresolved.key : crypto.randomUUID();
    actionsInFlight += 1;
    try {
      // Typed before the painted incident was stored: sent once it is, never lost. If it never
      // is, the error line already says so (see storePainted).
      const ready = await whenStored().then(
        () => true,
        () => false,
      );
      const target = incident.peek();
      if (!ready || !target) return false;
      const updated = await sendUntilAnswered(
        'incident/act',
        { incidentId: target.record.id, action, key },
        { onRetry: () => (notice.value = SAVING_AGAIN) },
      );
      if (unresolved?.key === key) unresolved = null;
      batch(() => {
        error.value = null;
        notice.value = null;
        accept(updated);
      });
      return true;
    } catch (e) {
      const unknown = e instanceof MessageError && e.code === 'no-reply';
      if (unknown) unresolved = { action, key };
      batch(() => {
        notice.value = null;
        if (e instanceof MessageError && e.code === 'no-active-incident') vanished.value = true;
        error.value = unknown
          ? `Maybe not saved: ${messageOf(e)} Try again; it is never saved twice.`
          : `Not saved: ${messageOf(e)}`;
      });
      if (unknown) void reread();
      return false;
    } finally {
      actionsInFlight -= 1;
    }
  }

  /**
   * Sends an action with an idempotency key, sending it again (same key) while a worker
   * restart loses the reply. Resolves to whether it is stored.
   */
  function act(action: IncidentAction): Promise<boolean> {
    if (!incident.peek() || !active.peek()) return Promise.resolve(false);
    const id = JSON.stringify(action);
    const running = inFlight.get(id);
    if (running) return running;
    const done = perform(action).finally(() => inFlight.delete(id));
    inFlight.set(id, done);
    return done;
  }

  async function saveLayout(next: OverlayLayout): Promise<void> {
    layout.value = next;
    try {
      await overlayLayoutItem.set(next);
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

  /** Uses a failure from the demo tab as "What failed" ({issue}). */
  async function useEvidence(item: Evidence): Promise<boolean> {
    const text = issueFrom(item).slice(0, 500);
    if (state.peek()?.issue === text) return true;
    return act({ kind: 'describe-issue', text });
  }

  /** Deletes a failure from the running incident (and the recent-failures buffer). */
  async function deleteEvidence(item: Evidence): Promise<boolean> {
    const current = incident.peek();
    if (!current || !active.peek()) return false;
    try {
      const updated = await send('incident/delete-evidence', {
        incidentId: current.record.id,
        evidenceId: item.id,
      });
      batch(() => {
        error.value = null;
        accept(updated);
      });
      return true;
    } catch (e) {
      error.value = `That failure was not deleted: ${messageOf(e)}`;
      return false;
    }
  }

  function nextTalkTrack(): void {
    const phase = clock.peek()?.phase;
    if (!phase || phase === 'closed') return;
    const count = spokenLines.peek().length;
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
    notice,
    talkTrackIndex,
    helpOpen,
    escalateOpen,
    confirmingDiscard,
    state,
    replayError,
    clock,
    active,
    poc,
    spokenLines,
    accept,
    paint,
    startHere,
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
    useEvidence,
    deleteEvidence,
  };
}
