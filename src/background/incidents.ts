/**
 * Incidents in the worker: the event log is the truth, the incident row a projection of it.
 * Every append re-projects the row in the same transaction, so the two never disagree, and the
 * active incident is mirrored to chrome.storage.local (after IndexedDB commits) for overlays.
 */
import { sameData } from '../domain/data';
import type { Evidence } from '../domain/evidence';
import { INCIDENT_EVIDENCE_MAX } from '../domain/evidence';
import type { FollowUpDraft, IncidentEvent, Platform } from '../domain/incident';
import { endedEvent, replay, sortEvents } from '../domain/incident';
import type { PhaseWindows, Playbook } from '../domain/playbook';
import type { IncidentRecord } from '../domain/record';
import { projectRecord } from '../domain/record';
import type { ActiveIncident, IncidentAction } from '../shared/messages';
import { activeIncidentItem, meetingPocsItem } from '../shared/storage/items';
import type { StoredEvent, WriteTx } from './db';
import { eventsOf, issueAll, read, withStatus, write } from './db';
import { HandlerError } from './errors';
import { forgetEvidence, recentEvidence, serialized } from './evidence-buffer';
import { currentPlaybook } from './playbook-cache';

const INCIDENT_STORES: ['incidents', 'events', 'pocs'] = ['incidents', 'events', 'pocs'];
type IncidentTx = WriteTx<typeof INCIDENT_STORES>;

const loadMeetingPocs = () => meetingPocsItem.get();

async function rememberMeetingPoc(meetingCode: string, pocId: string | null): Promise<void> {
  const meetingPocs = { ...(await loadMeetingPocs()) };
  if (pocId === null) delete meetingPocs[meetingCode];
  else meetingPocs[meetingCode] = pocId;
  await meetingPocsItem.set(meetingPocs);
}

/** Mirrors the active incident for overlays; null once nothing is active. */
async function mirror(active: ActiveIncident | null): Promise<void> {
  await activeIncidentItem.set(active);
}

/** After a worker restart the mirror may lag a commit it never saw: IndexedDB wins. */
export async function reconcileActiveMirror(): Promise<void> {
  const [active, stored] = await Promise.all([getActive(), activeIncidentItem.read()]);
  // Rewriting an unchanged mirror would wake every overlay's storage listener for nothing.
  if (stored.repairs.length > 0 || !sameData(stored.value, active)) await mirror(active);
}

const eventsFrom = (stored: StoredEvent[]): IncidentEvent[] => stored.map((s) => s.event);

/**
 * Appends an event to an incident and re-projects its row from the whole log, inside `tx`.
 * `existing` is the log as read in the same transaction; `key` is the caller's idempotency key.
 */
async function append(
  tx: IncidentTx,
  incidentId: string,
  existing: readonly IncidentEvent[],
  added: IncidentEvent | readonly IncidentEvent[],
  playbook: Playbook,
  now: number,
  key?: string,
): Promise<ActiveIncident> {
  // Several at once only from the worker itself (a start with its evidence), never keyed.
  const list: readonly IncidentEvent[] = Array.isArray(added) ? added : [added as IncidentEvent];
  const events = sortEvents([...existing, ...list]);
  const state = replay(events, playbook);
  const poc = state.pocId === null ? undefined : await tx.objectStore('pocs').get(state.pocId);
  const record = projectRecord(incidentId, state, poc ?? null, now);
  const stored = list.map((event): StoredEvent => {
    const row: StoredEvent = { incidentId, at: event.at, event };
    if (key !== undefined) row.key = key;
    return row;
  });
  await issueAll([
    ...stored.map((row) => () => tx.objectStore('events').add(row)),
    () => tx.objectStore('incidents').put(record),
  ]);
  return { record, events };
}

/**
 * Starts an incident, or returns the one already active (one per browser profile). `tabId` is
 * part of the recovery seam's contract; the store keeps no tab (showOverlay records the
 * overlay's tab in session storage).
 */
export interface StartInput {
  platform: Platform;
  meetingCode: string | null;
  tabId: number | null;
  /** Fixed by a caller that shows the incident before it is stored (see startedIncident). */
  incidentId?: string;
  at?: number;
}

/**
 * A new incident takes the failures of the two minutes before it from the buffer. Run in the
 * evidence queue, so a failure being stored right now lands either in the buffer it reads or,
 * once the incident exists, in the incident itself: never in neither.
 */
export function startOrResume(
  input: StartInput,
): Promise<{ incidentId: string; resumed: boolean }> {
  return serialized(() => startOrResumeNow(input));
}

async function startOrResumeNow(
  input: StartInput,
): Promise<{ incidentId: string; resumed: boolean }> {
  const now = input.at ?? Date.now();
  const [playbook, meetingPocs, recent] = await Promise.all([
    currentPlaybook(),
    loadMeetingPocs(),
    recentEvidence(Date.now()),
  ]);
  // Checking for an active incident and creating one share a transaction, so a double press
  // of the hotkey can never start two.
  const result = await write(INCIDENT_STORES, async (tx) => {
    const incidents = tx.objectStore('incidents');
    const [active, same] = await Promise.all([
      incidents.index('by-status').getKey(withStatus('active')),
      // A retry of a start whose reply was lost: that incident is stored already.
      input.incidentId === undefined ? undefined : incidents.getKey(input.incidentId),
    ]);
    if (same !== undefined) return { incidentId: same, resumed: true, created: null };
    if (active !== undefined) return { incidentId: active, resumed: true, created: null };
    const pocs = await tx.objectStore('pocs').getAll();
    const open = pocs.filter((p) => !p.archived);
    const remembered = input.meetingCode === null ? undefined : meetingPocs[input.meetingCode];
    const pocId =
      open.find((p) => p.id === remembered)?.id ?? (open.length === 1 ? open[0]!.id : null);
    const incidentId = input.incidentId ?? crypto.randomUUID();
    const started: IncidentEvent = {
      type: 'started',
      at: now,
      platform: input.platform,
      meetingCode: input.meetingCode,
      pocId,
    };
    const before: IncidentEvent[] = recent
      .filter((item) => item.at <= now)
      .map((item) => ({ type: 'evidence', at: item.at, item }));
    const created = await append(tx, incidentId, [], [started, ...before], playbook, now);
    return { incidentId, resumed: false, created };
  });
  if (result.created) await mirror(result.created);
  return { incidentId: result.incidentId, resumed: result.resumed };
}

/** The event one action appends, stamped with the worker's clock. */
async function eventFor(
  tx: IncidentTx,
  action: IncidentAction,
  pocId: string | null,
  now: number,
  windows: PhaseWindows,
): Promise<IncidentEvent> {
  switch (action.kind) {
    case 'acknowledge':
      return { type: 'acknowledged', at: now };
    case 'describe-issue':
      return { type: 'issue-described', at: now, text: action.text };
    case 'note':
      return { type: 'note', at: now, text: action.text };
    case 'checklist':
      return { type: 'checklist', at: now, item: action.item, done: action.done };
    case 'diagnose':
      return { type: 'diagnosed', at: now, rootCause: action.rootCause };
    case 'escalate':
      return {
        type: 'escalated',
        at: now,
        eta: action.eta,
        etaDueAt: action.etaInMs === null ? null : now + action.etaInMs,
      };
    case 'end':
      return endedEvent(action.outcome, now, windows);
    case 'select-poc': {
      if (action.pocId !== null && !(await tx.objectStore('pocs').getKey(action.pocId))) {
        throw new HandlerError('not-found', 'That POC no longer exists. Pick another one.');
      }
      return { type: 'poc-selected', at: now, pocId: action.pocId };
    }
    case 'pivot': {
      const poc = pocId === null ? undefined : await tx.objectStore('pocs').get(pocId);
      if (!poc) {
        throw new HandlerError(
          'invalid-input',
          'Choose the POC first: a pivot moves to one of its success criteria.',
        );
      }
      const criterion = poc.criteria.find((c) => c.id === action.criterionId);
      if (!criterion) {
        throw new HandlerError(
          'not-found',
          `"${poc.name}" has no such success criterion any more. Pick another one.`,
        );
      }
      return {
        type: 'pivoted',
        at: now,
        criterionId: criterion.id,
        criterionTitle: criterion.title,
      };
    }
  }
}

/**
 * Commands the protocol runs once: repeated (a key pressed five times, two windows), they
 * change nothing and answer with what is stored.
 */
function alreadyDone(action: IncidentAction, record: IncidentRecord): boolean {
  if (action.kind === 'acknowledge') return record.acknowledgedAt !== null;
  if (action.kind === 'end') return record.status !== 'active';
  return false;
}

/**
 * Applies one action to an incident. `key` is the caller's idempotency key: an action whose
 * key is stored already (its reply was lost to a worker restart, and it is sent again) is
 * answered with the stored incident and appends nothing. The key is checked in the same
 * transaction that appends, so two copies of one action in flight store it once.
 */
export async function actOn(
  incidentId: string,
  action: IncidentAction,
  key?: string,
): Promise<ActiveIncident> {
  const playbook = await currentPlaybook();
  const now = Date.now();
  const { incident, appended } = await write(INCIDENT_STORES, async (tx) => {
    const events = tx.objectStore('events');
    // All at once: each is a round trip to the browser's IndexedDB backend.
    const [record, existing, seen] = await Promise.all([
      tx.objectStore('incidents').get(incidentId),
      events.index('by-incident-time').getAll(eventsOf(incidentId)),
      key === undefined ? undefined : events.index('by-key').get(key),
    ]);
    if (!record) throw new HandlerError('not-found', 'That incident no longer exists.');
    if (seen && seen.incidentId !== incidentId) {
      throw new HandlerError('invalid-input', 'This action key belongs to another incident.');
    }
    const stored = { record, events: eventsFrom(existing) };
    if (seen || alreadyDone(action, record)) return { incident: stored, appended: false };
    if (record.status !== 'active') {
      throw new HandlerError(
        'no-active-incident',
        'That incident has already ended. Press the hotkey to start a new one.',
      );
    }
    const added = await eventFor(tx, action, record.pocId, now, playbook.windows);
    const updated = await append(tx, incidentId, stored.events, added, playbook, now, key);
    return { incident: updated, appended: true };
  });
  if (!appended) return incident;
  // The action is stored: reply without waiting for the mirror. Any later storage call (another
  // tab's read, the next hotkey's) still runs after this write, since Chrome runs an
  // extension's storage calls in order; a failed mirror is repaired by the next write or at the
  // next worker start (reconcileActiveMirror), and must not report a stored note as lost.
  void mirror(incident.record.status === 'active' ? incident : null).catch((error: unknown) =>
    console.error('Demo Rescue: the active incident mirror was not updated', error),
  );
  if (action.kind === 'select-poc' && incident.record.meetingCode !== null) {
    await rememberMeetingPoc(incident.record.meetingCode, action.pocId);
  }
  return incident;
}

export async function activeIncidentId(): Promise<string | null> {
  return read(['incidents'], async (tx) => {
    const key = await tx.objectStore('incidents').index('by-status').getKey(withStatus('active'));
    return key ?? null;
  });
}

/** Adds failures seen while the incident runs (repeats and any past the cap are dropped). */
export async function addEvidence(incidentId: string, items: readonly Evidence[]): Promise<void> {
  const playbook = await currentPlaybook();
  const now = Date.now();
  const updated = await write(INCIDENT_STORES, async (tx) => {
    const [record, existing] = await Promise.all([
      tx.objectStore('incidents').get(incidentId),
      tx.objectStore('events').index('by-incident-time').getAll(eventsOf(incidentId)),
    ]);
    if (!record || record.status !== 'active') return null;
    const events = eventsFrom(existing);
    const known = new Set(events.flatMap((e) => (e.type === 'evidence' ? [e.item.id] : [])));
    const room = INCIDENT_EVIDENCE_MAX - known.size;
    const added: IncidentEvent[] = items
      .filter((item) => !known.has(item.id))
      .slice(0, Math.max(0, room))
      .map((item) => ({ type: 'evidence', at: Math.max(item.at, record.startedAt), item }));
    if (added.length === 0) return null;
    return append(tx, incidentId, events, added, playbook, now);
  });
  if (updated) await mirror(updated);
}

/** Deletes one piece of evidence: its event leaves the log, and the buffer forgets it. */
export async function deleteEvidence(id: string, evidenceId: string): Promise<IncidentRecord> {
  const playbook = await currentPlaybook();
  const now = Date.now();
  const updated = await serialized(async () => {
    const result = await write(INCIDENT_STORES, async (tx) => {
      const record = await tx.objectStore('incidents').get(id);
      if (!record) throw new HandlerError('not-found', 'That incident no longer exists.');
      const index = tx.objectStore('events').index('by-incident-time');
      const kept: IncidentEvent[] = [];
      let found = false;
      for (let c = await index.openCursor(eventsOf(id)); c; c = await c.continue()) {
        const event = c.value.event;
        if (event.type === 'evidence' && event.item.id === evidenceId) {
          found = true;
          await c.delete();
        } else kept.push(event);
      }
      if (!found) throw new HandlerError('not-found', 'That evidence was already deleted.');
      return append(tx, id, kept, [], playbook, now);
    });
    await forgetEvidence(evidenceId, Date.now());
    return result;
  });
  if (updated.record.status === 'active') await mirror(updated);
  return updated.record;
}

export async function getActive(): Promise<ActiveIncident | null> {
  return read(['incidents', 'events'], async (tx) => {
    const record = await tx.objectStore('incidents').index('by-status').get(withStatus('active'));
    if (!record) return null;
    const events = await tx
      .objectStore('events')
      .index('by-incident-time')
      .getAll(eventsOf(record.id));
    return { record, events: eventsFrom(events) };
  });
}

export async function getIncident(id: string): Promise<ActiveIncident | null> {
  return read(['incidents', 'events'], async (tx) => {
    const record = await tx.objectStore('incidents').get(id);
    if (!record) return null;
    const events = await tx.objectStore('events').index('by-incident-time').getAll(eventsOf(id));
    return { record, events: eventsFrom(events) };
  });
}

/**
 * Appends a page's follow-up edit (or the sent mark) to an incident, re-projecting its row.
 * `event` returns null when there is nothing to append (the mark is there already).
 */
async function appendFollowUp(
  id: string,
  event: (now: number, record: IncidentRecord) => IncidentEvent | null,
): Promise<IncidentRecord> {
  const playbook = await currentPlaybook();
  const now = Date.now();
  const { record, updated } = await write(INCIDENT_STORES, async (tx) => {
    const stored = await tx.objectStore('incidents').get(id);
    if (!stored) throw new HandlerError('not-found', 'That incident no longer exists.');
    const added = event(now, stored);
    if (added === null) return { record: stored, updated: null };
    const existing = await tx.objectStore('events').index('by-incident-time').getAll(eventsOf(id));
    const incident = await append(tx, id, eventsFrom(existing), added, playbook, now);
    return { record: incident.record, updated: incident };
  });
  if (updated?.record.status === 'active') await mirror(updated);
  return record;
}

export function saveDraft(id: string, draft: FollowUpDraft): Promise<IncidentRecord> {
  return appendFollowUp(id, (at) => ({ type: 'follow-up-drafted', at, draft }));
}

/** Marks the follow-up sent, once: marking it again changes nothing. */
export function markSent(id: string): Promise<IncidentRecord> {
  return appendFollowUp(id, (at, record) => {
    if (record.status === 'active') {
      throw new HandlerError('invalid-input', 'End the incident before sending its follow-up.');
    }
    if (record.outcome === 'discarded') {
      throw new HandlerError('invalid-input', 'A discarded incident has no follow-up to send.');
    }
    return record.followUpSentAt === null ? { type: 'follow-up-sent', at } : null;
  });
}

/** Deletes incidents and their events in one transaction; returns how many existed. */
export async function deleteIncidents(ids: readonly string[]): Promise<number> {
  const { deleted, wasActive } = await write(['incidents', 'events'], async (tx) => {
    const incidents = tx.objectStore('incidents');
    const byIncident = tx.objectStore('events').index('by-incident-time');
    let count = 0;
    let active = false;
    for (const id of ids) {
      const record = await incidents.get(id);
      if (!record) continue;
      count += 1;
      active ||= record.status === 'active';
      await incidents.delete(id);
      for (let c = await byIncident.openKeyCursor(eventsOf(id)); c; c = await c.continue()) {
        await tx.objectStore('events').delete(c.primaryKey);
      }
    }
    return { deleted: count, wasActive: active };
  });
  if (wasActive) await mirror(null);
  return deleted;
}
