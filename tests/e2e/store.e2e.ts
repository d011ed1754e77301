/**
 * The incident store in the built extension: messages from an extension page, the worker
 * stopped between steps, reminders, backups.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionHarness } from './harness';
import type { BackupFile } from '../../src/shared/backup';
import {
  MEET_URL,
  launchExtension,
  openExtensionPage,
  routeCallPages,
  stopServiceWorker,
  waitFor,
  waitForServiceWorker,
} from './harness';
import { call, callError, samplePoc, sendFromContentScript } from './store-helpers';

let harness: ExtensionHarness;
let page: Page;

beforeAll(async () => {
  harness = await launchExtension();
  page = await openExtensionPage(harness.context, harness.extensionId, 'src/practice/index.html');
});

afterAll(async () => {
  await harness?.close();
});

describe('incident store', () => {
  it('starts a practice incident with the only POC pre-selected and records every action', async () => {
    const poc = await call(page, 'pocs/save', { poc: samplePoc('poc-1') });
    expect(poc.updatedAt).toBeGreaterThan(0);
    expect(await call(page, 'pocs/active', {})).toEqual([poc]);

    const started = await call(page, 'recovery/start', {});
    expect(started.resumed).toBe(false);
    expect(await call(page, 'recovery/start', {})).toEqual({ ...started, resumed: true });

    const active = await call(page, 'incident/active', {});
    expect(active.here).toBe(true);
    expect(active.incident?.record).toMatchObject({
      id: started.incidentId,
      platform: 'practice',
      pocId: 'poc-1',
      prospect: 'Acme Corp',
      status: 'active',
    });

    const acked = await call(page, 'incident/act', {
      incidentId: started.incidentId,
      action: { kind: 'acknowledge' },
      key: crypto.randomUUID(),
    });
    expect(acked.events.map((e) => e.type)).toEqual(['started', 'acknowledged']);
  });

  it('answers a message of the wrong shape with a typed error', async () => {
    const error = await callError(page, { type: 'incident/act', payload: { incidentId: 7 } });
    expect(error.code).toBe('invalid-message');
    expect(error.message).toContain('incidentId');
  });

  it('loses no event when the worker is stopped between every step', async () => {
    const { incident } = await call(page, 'incident/active', {});
    const incidentId = incident!.record.id;
    const steps = [
      { kind: 'note', text: 'Login returns 500' },
      { kind: 'checklist', item: 'Check the application or API logs', done: true },
      { kind: 'escalate', eta: 'within the hour', etaInMs: 3_600_000 },
      { kind: 'pivot', criterionId: 'sso' },
      { kind: 'end', outcome: 'escalated' },
    ] as const;
    const mark = () => ((globalThis as { storeMark?: number }).storeMark ??= Math.random());
    let lastMark = await (
      await waitForServiceWorker(harness.context, harness.extensionId)
    ).evaluate(mark);
    for (const action of steps) {
      await stopServiceWorker(harness.context, harness.extensionId);
      await call(page, 'incident/act', { incidentId, action, key: crypto.randomUUID() });
      // A fresh worker handled the step: module state from the previous one is gone.
      const worker = await waitForServiceWorker(harness.context, harness.extensionId);
      const fresh = await worker.evaluate(mark);
      expect(fresh).not.toBe(lastMark);
      lastMark = fresh;
    }
    await stopServiceWorker(harness.context, harness.extensionId);
    const stored = await call(page, 'incidents/get', { id: incidentId });
    expect(stored?.events.map((e) => e.type)).toEqual([
      'started',
      'acknowledged',
      'note',
      'checklist',
      'escalated',
      'pivoted',
      'ended',
    ]);
    expect(stored?.events.find((e) => e.type === 'pivoted')).toMatchObject({
      criterionTitle: 'Single sign-on with Okta',
    });
    expect(stored?.record.status).toBe('follow-up-due');
    const worker = await waitForServiceWorker(harness.context, harness.extensionId);
    const mirror = await worker.evaluate(() => chrome.storage.local.get('activeIncident'));
    expect(mirror).toEqual({ activeIncident: null });
  });

  it('fires a reminder: the badge counts follow-ups and a notification appears', async () => {
    await page.evaluate(() => chrome.storage.local.set({ testReminderDelayMs: 1500 }));
    const { incidentId } = await call(page, 'recovery/start', {});
    await call(page, 'incident/act', {
      incidentId,
      action: { kind: 'end', outcome: 'fixed-live' },
      key: crypto.randomUUID(),
    });
    const worker = await waitForServiceWorker(harness.context, harness.extensionId);
    // Both reminders come due together (the test delay); Chrome fires them in either order.
    const reminders = [
      `reminder:follow-up-soon:${incidentId}`,
      `reminder:follow-up-due:${incidentId}`,
    ];
    const notifications = await waitFor(
      async () => {
        const all = await worker.evaluate(() => chrome.notifications.getAll());
        return reminders.every((name) => name in all) ? all : null;
      },
      10_000,
      { message: 'both follow-up reminder notifications' },
    );
    expect(Object.keys(notifications)).toEqual(expect.arrayContaining(reminders));
    // This incident and the one ended above both have their follow-up due.
    expect(await worker.evaluate(() => chrome.action.getBadgeText({}))).toBe('2');
    await page.evaluate(() => chrome.storage.local.remove('testReminderDelayMs'));
  });

  it('refuses a page-only method called from the content script in a call tab', async () => {
    await routeCallPages(harness.context);
    const meet = await harness.context.newPage();
    await meet.goto(MEET_URL);
    const reply = await sendFromContentScript(meet, { type: 'backup/export', payload: {} });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message: '"backup/export" is only available to Demo Rescue\'s pages.',
      },
    });
    const allowed = await sendFromContentScript(meet, { type: 'pocs/active', payload: {} });
    expect(allowed).toMatchObject({ ok: true, value: [{ id: 'poc-1' }] });
    await meet.close();
  });

  it('export → wipe → import restores identical data', async () => {
    const before = await call(page, 'backup/export', {});
    const exported = JSON.parse(before) as BackupFile;
    expect(exported.incidents).toHaveLength(2);
    const { items } = await call(page, 'incidents/list', {
      query: { text: '', status: 'any', pocId: null, platform: 'any', from: null, to: null },
      cursor: null,
      limit: 200,
    });
    for (const { id } of items) await call(page, 'incidents/delete', { id });
    const wiped = JSON.parse(await call(page, 'backup/export', {})) as BackupFile;
    expect(wiped.incidents).toEqual([]);
    expect(wiped.events).toEqual([]);

    await stopServiceWorker(harness.context, harness.extensionId);
    const preview = await call(page, 'backup/preview-import', { text: before });
    expect(preview.incidents).toEqual({ add: 2, replace: 0 });
    await call(page, 'backup/import', { text: before, importId: 'restore-1' });
    const after = JSON.parse(await call(page, 'backup/export', {})) as BackupFile;
    expect({ ...after, exportedAt: 0 }).toEqual({ ...exported, exportedAt: 0 });
    const csv = await call(page, 'backup/export-csv', {});
    expect(csv.split('\r\n')).toHaveLength(4);
  });

  it('says exactly what is wrong with a bad backup and changes nothing', async () => {
    const before = await call(page, 'backup/export', {});
    const file = JSON.parse(before) as BackupFile;
    (file.incidents![1] as { startedAt: unknown }).startedAt = 'yesterday';
    const error = await callError(page, {
      type: 'backup/import',
      payload: { text: JSON.stringify(file), importId: 'bad-backup' },
    });
    expect(error).toMatchObject({
      code: 'invalid-input',
      problems: [{ path: 'incidents[1].startedAt' }],
    });
    expect(JSON.parse(await call(page, 'backup/export', {}))).toMatchObject({
      incidents: JSON.parse(before).incidents,
    });
  });
});
