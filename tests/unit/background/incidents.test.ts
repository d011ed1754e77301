import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  actOn,
  deleteIncidents,
  getActive,
  getIncident,
  markSent,
  reconcileActiveMirror,
  saveDraft,
  startOrResume,
} from '../../../src/background/incidents';
import { savePoc } from '../../../src/background/pocs';
import { replay } from '../../../src/domain/incident';
import { DEFAULT_PLAYBOOK } from '../../../src/domain/playbook';
import { projectRecord } from '../../../src/domain/record';
import { STORAGE_KEYS } from '../../../src/shared/constants';
import { fakeBrowser } from '../fake-browser';
import { HOUR, T0, clockAt, freshStore, poc } from './store-fixtures';

const meet = { platform: 'meet' as const, meetingCode: 'abc-defg-hij', tabId: 7 };

async function mirrored(): Promise<unknown> {
  return (await fakeBrowser.storage.local.get(STORAGE_KEYS.activeIncident))[
    STORAGE_KEYS.activeIncident
  ];
}

beforeEach(async () => {
  await freshStore();
  clockAt(T0);
});
afterEach(() => vi.restoreAllMocks());

describe('startOrResume', () => {
  it('starts one incident and resumes it on every later call', async () => {
    const first = await startOrResume(meet);
    expect(first.resumed).toBe(false);
    const again = await Promise.all([startOrResume(meet), startOrResume(meet)]);
    expect(again).toEqual([
      { incidentId: first.incidentId, resumed: true },
      { incidentId: first.incidentId, resumed: true },
    ]);
    const active = await getActive();
    expect(active?.record).toMatchObject({
      id: first.incidentId,
      platform: 'meet',
      meetingCode: 'abc-defg-hij',
      startedAt: T0,
      status: 'active',
    });
    expect(await mirrored()).toEqual(active);
  });

  it('never starts two incidents when started concurrently', async () => {
    const results = await Promise.all([startOrResume(meet), startOrResume(meet)]);
    expect(results.filter((r) => !r.resumed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.incidentId)).size).toBe(1);
  });

  it('pre-selects the POC last used in this meeting, else the only open POC', async () => {
    await savePoc(poc('acme'));
    expect((await getIncident((await startOrResume(meet)).incidentId))?.record.pocId).toBe('acme');
    await deleteIncidents([(await getActive())!.record.id]);

    await savePoc(poc('globex', 'Globex'));
    expect((await getIncident((await startOrResume(meet)).incidentId))?.record.pocId).toBeNull();
    await deleteIncidents([(await getActive())!.record.id]);

    await fakeBrowser.storage.local.set({
      [STORAGE_KEYS.meetingPocs]: { 'abc-defg-hij': 'globex' },
    });
    const remembered = await getIncident((await startOrResume(meet)).incidentId);
    expect(remembered?.record).toMatchObject({ pocId: 'globex', prospect: 'Globex' });
    await deleteIncidents([remembered!.record.id]);

    await savePoc(poc('globex', 'Globex', { archived: true }));
    const onlyOpen = await getIncident((await startOrResume(meet)).incidentId);
    expect(onlyOpen?.record.pocId).toBe('acme');
  });
});

describe('actOn', () => {
  it('stamps every event with the worker clock and re-projects the record from the log', async () => {
    await savePoc(poc('acme'));
    const { incidentId } = await startOrResume(meet);
    const steps = [
      { kind: 'acknowledge' },
      { kind: 'describe-issue', text: 'Login returns 500' },
      { kind: 'note', text: 'Token expired?' },
      { kind: 'checklist', item: 'Check the logs', done: true },
      { kind: 'diagnose', rootCause: 'Expired OAuth token' },
      { kind: 'escalate', eta: 'within the hour', etaInMs: HOUR },
      { kind: 'pivot', criterionId: 'sso' },
    ] as const;
    let last;
    for (const [i, action] of steps.entries()) {
      clockAt(T0 + (i + 1) * 1000);
      last = await actOn(incidentId, action);
    }
    expect(last!.events.map((e) => [e.type, e.at - T0])).toEqual([
      ['started', 0],
      ['acknowledged', 1000],
      ['issue-described', 2000],
      ['note', 3000],
      ['checklist', 4000],
      ['diagnosed', 5000],
      ['escalated', 6000],
      ['pivoted', 7000],
    ]);
    expect(last!.events.at(-2)).toMatchObject({ etaDueAt: T0 + 6000 + HOUR });
    // The title comes from the POC, never from the caller.
    expect(last!.events.at(-1)).toMatchObject({ criterionTitle: 'Single sign-on' });
    const stored = await getIncident(incidentId);
    expect(stored).toEqual(last);
    expect(stored!.record).toEqual(
      projectRecord(incidentId, replay(stored!.events, DEFAULT_PLAYBOOK), poc('acme'), T0 + 7000),
    );
    expect(stored!.record.searchText).toContain('expired oauth token');
    expect(await mirrored()).toEqual(stored);
  });

  it('ends with the follow-up due after the playbook window, and clears the mirror', async () => {
    const playbook = {
      ...DEFAULT_PLAYBOOK,
      windows: { ...DEFAULT_PLAYBOOK.windows, followUpMs: 48 * HOUR },
    };
    await fakeBrowser.storage.local.set({ [STORAGE_KEYS.playbook]: playbook });
    const { incidentId } = await startOrResume(meet);
    clockAt(T0 + 5 * 60_000);
    const endedIncident = await actOn(incidentId, { kind: 'end', outcome: 'fixed-live' });
    expect(endedIncident.record).toMatchObject({
      status: 'follow-up-due',
      endedAt: T0 + 5 * 60_000,
      followUpDueAt: T0 + 5 * 60_000 + 48 * HOUR,
    });
    expect(await getActive()).toBeNull();
    expect(await mirrored()).toBeNull();
    const again = await startOrResume(meet);
    expect(again.resumed).toBe(false);
    expect(again.incidentId).not.toBe(incidentId);
  });

  it('refuses actions on missing or ended incidents with clear errors', async () => {
    await expect(actOn('nope', { kind: 'acknowledge' })).rejects.toMatchObject({
      code: 'not-found',
    });
    const { incidentId } = await startOrResume(meet);
    await expect(actOn(incidentId, { kind: 'pivot', criterionId: 'sso' })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('Choose the POC first'),
    });
    await expect(actOn(incidentId, { kind: 'select-poc', pocId: 'gone' })).rejects.toMatchObject({
      code: 'not-found',
    });
    await actOn(incidentId, { kind: 'end', outcome: 'discarded' });
    await expect(actOn(incidentId, { kind: 'note', text: 'late' })).rejects.toMatchObject({
      code: 'no-active-incident',
    });
    // A refused action writes nothing.
    expect((await getIncident(incidentId))!.events.map((e) => e.type)).toEqual([
      'started',
      'ended',
    ]);
  });

  it('reads the playbook once, and again only after it was edited', async () => {
    const { incidentId } = await startOrResume(meet);
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    get.mockClear();
    const playbookReads = () =>
      get.mock.calls.filter(([keys]) => Array.isArray(keys) && keys.includes(STORAGE_KEYS.playbook))
        .length;
    await actOn(incidentId, { kind: 'note', text: 'one' });
    await actOn(incidentId, { kind: 'note', text: 'two' });
    console.log(get.mock.calls.map(([k]) => JSON.stringify(k)).join(' '));
    expect(playbookReads()).toBe(0);
    const longer = {
      ...DEFAULT_PLAYBOOK,
      windows: { ...DEFAULT_PLAYBOOK.windows, followUpMs: 48 * HOUR },
    };
    await fakeBrowser.storage.local.set({ [STORAGE_KEYS.playbook]: longer });
    const ended = await actOn(incidentId, { kind: 'end', outcome: 'fixed-live' });
    expect(playbookReads()).toBe(1);
    expect(ended.record.followUpDueAt).toBe(T0 + 48 * HOUR);
  });

  it('answers a stored action even when the mirror cannot be written', async () => {
    const { incidentId } = await startOrResume(meet);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValueOnce(new Error('IO error'));
    const noted = await actOn(incidentId, { kind: 'note', text: 'kept' });
    expect(noted.events.at(-1)).toMatchObject({ type: 'note', text: 'kept' });
    expect((await getIncident(incidentId))!.events.at(-1)).toMatchObject({ text: 'kept' });
    await vi.waitFor(() => expect(error).toHaveBeenCalled());
    // The next write brings the mirror up to date.
    await actOn(incidentId, { kind: 'acknowledge' });
    await vi.waitFor(async () => expect(await mirrored()).toEqual(await getActive()));
  });

  it('remembers the POC chosen for a meeting and projects its prospect', async () => {
    await savePoc(poc('acme'));
    await savePoc(poc('globex', 'Globex'));
    const { incidentId } = await startOrResume(meet);
    const selected = await actOn(incidentId, { kind: 'select-poc', pocId: 'globex' });
    expect(selected.record).toMatchObject({ pocId: 'globex', prospect: 'Globex' });
    expect(
      (await fakeBrowser.storage.local.get(STORAGE_KEYS.meetingPocs))[STORAGE_KEYS.meetingPocs],
    ).toEqual({ 'abc-defg-hij': 'globex' });
    await expect(
      actOn(incidentId, { kind: 'pivot', criterionId: 'missing' }),
    ).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('follow-up', () => {
  it('saves drafts and marks the follow-up sent', async () => {
    const { incidentId } = await startOrResume(meet);
    await expect(markSent(incidentId)).rejects.toMatchObject({ code: 'invalid-input' });
    await actOn(incidentId, { kind: 'end', outcome: 'escalated' });
    const draft = {
      recipients: ['dana@example.com'],
      subject: 'Incident report',
      rootCause: 'Expired token',
      resolution: 'Rotated it',
      resolutionKind: 'permanent' as const,
      prevention: 'Alert on expiry',
      preventionOwner: 'Platform team',
      preventionDate: '2026-03-20',
    };
    clockAt(T0 + HOUR);
    expect((await saveDraft(incidentId, draft)).followUp).toEqual(draft);
    clockAt(T0 + 2 * HOUR);
    const sent = await markSent(incidentId);
    expect(sent).toMatchObject({ status: 'closed', followUpSentAt: T0 + 2 * HOUR });
    await expect(saveDraft('missing', draft)).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('the active-incident mirror', () => {
  it('is repaired from IndexedDB', async () => {
    const { incidentId } = await startOrResume(meet);
    await fakeBrowser.storage.local.set({ [STORAGE_KEYS.activeIncident]: null });
    await reconcileActiveMirror();
    expect((await mirrored()) as { record: { id: string } }).toMatchObject({
      record: { id: incidentId },
    });
    const writes = fakeBrowser.storage.local.set.mock.calls.length;
    await reconcileActiveMirror();
    expect(fakeBrowser.storage.local.set.mock.calls.length).toBe(writes);
    await deleteIncidents([incidentId]);
    expect(await mirrored()).toBeNull();
    expect(await getIncident(incidentId)).toBeNull();
  });
});

describe('idempotency', () => {
  it('stores an action once however often its key is sent, and answers each time', async () => {
    const { incidentId } = await startOrResume(meet);
    clockAt(T0 + 1000);
    const first = await actOn(incidentId, { kind: 'note', text: 'Token expired' }, 'key-1');
    clockAt(T0 + 5000);
    const again = await actOn(incidentId, { kind: 'note', text: 'Token expired' }, 'key-1');
    expect(again).toEqual(first);
    expect((await getIncident(incidentId))!.events.map((e) => [e.type, e.at - T0])).toEqual([
      ['started', 0],
      ['note', 1000],
    ]);
    // A new key is a new note, even with the same text.
    await actOn(incidentId, { kind: 'note', text: 'Token expired' }, 'key-2');
    expect((await getIncident(incidentId))!.events.filter((e) => e.type === 'note')).toHaveLength(
      2,
    );
  });

  it('answers a retried end with the stored outcome, not an error', async () => {
    const { incidentId } = await startOrResume(meet);
    const ended = await actOn(incidentId, { kind: 'end', outcome: 'fixed-live' }, 'end-1');
    const retried = await actOn(incidentId, { kind: 'end', outcome: 'fixed-live' }, 'end-1');
    expect(retried.record).toEqual(ended.record);
    // Another window's end after this one: a no-op that tells the true outcome.
    const other = await actOn(incidentId, { kind: 'end', outcome: 'discarded' }, 'end-2');
    expect(other.record.outcome).toBe('fixed-live');
    // A retried note of an incident that ended since is answered too; a new one is refused.
    await expect(
      actOn(incidentId, { kind: 'note', text: 'late' }, 'note-late'),
    ).rejects.toMatchObject({ code: 'no-active-incident' });
    expect((await getIncident(incidentId))!.events.map((e) => e.type)).toEqual([
      'started',
      'ended',
    ]);
  });

  it('stores one copy of concurrent duplicates of one action', async () => {
    const { incidentId } = await startOrResume(meet);
    const note = { kind: 'note', text: 'once' } as const;
    const replies = await Promise.all([1, 2, 3].map(() => actOn(incidentId, note, 'same')));
    expect(new Set(replies.map((r) => r.events.length))).toEqual(new Set([2]));
    expect((await getIncident(incidentId))!.events.slice(1)).toEqual([
      { type: 'note', at: T0, text: 'once' },
    ]);
  });

  it('acknowledges once, however many keys ask at once', async () => {
    const { incidentId } = await startOrResume(meet);
    const keys = ['a1', 'a2', 'a3', 'a4', 'a5'];
    const replies = await Promise.all(
      keys.map((key) => actOn(incidentId, { kind: 'acknowledge' }, key)),
    );
    for (const reply of replies) expect(reply.record.acknowledgedAt).toBe(T0);
    const types = (await getIncident(incidentId))!.events.map((e) => e.type);
    expect(types).toEqual(['started', 'acknowledged']);
    // Once-only without a key too (a page that predates keys).
    await actOn(incidentId, { kind: 'acknowledge' });
    expect((await getIncident(incidentId))!.events).toHaveLength(2);
  });

  it('refuses a key that belongs to another incident', async () => {
    const first = await startOrResume(meet);
    await actOn(first.incidentId, { kind: 'note', text: 'one' }, 'shared');
    await actOn(first.incidentId, { kind: 'end', outcome: 'discarded' });
    const second = await startOrResume(meet);
    await expect(
      actOn(second.incidentId, { kind: 'note', text: 'two' }, 'shared'),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    expect((await getIncident(second.incidentId))!.events).toHaveLength(1);
  });

  it('stores a painted start once: a retry with its id resumes it, even after it ended', async () => {
    const painted = { ...meet, incidentId: 'painted-1', at: T0 - 400 };
    const results = await Promise.all([startOrResume(painted), startOrResume(painted)]);
    expect(results.map((r) => r.incidentId)).toEqual(['painted-1', 'painted-1']);
    expect(results.filter((r) => !r.resumed)).toHaveLength(1);
    expect((await getIncident('painted-1'))!.record.startedAt).toBe(T0 - 400);
    await actOn('painted-1', { kind: 'end', outcome: 'discarded' });
    expect(await startOrResume(painted)).toEqual({ incidentId: 'painted-1', resumed: true });
    const stored = await getIncident('painted-1');
    expect(stored!.events.map((e) => e.type)).toEqual(['started', 'ended']);
    expect(await getActive()).toBeNull();
  });

  it('marks a follow-up sent once', async () => {
    const { incidentId } = await startOrResume(meet);
    await actOn(incidentId, { kind: 'end', outcome: 'escalated' });
    clockAt(T0 + HOUR);
    const sent = await markSent(incidentId);
    clockAt(T0 + 2 * HOUR);
    expect(await markSent(incidentId)).toEqual(sent);
    const types = (await getIncident(incidentId))!.events.map((e) => e.type);
    expect(types.filter((t) => t === 'follow-up-sent')).toHaveLength(1);
  });
});
