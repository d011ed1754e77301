/**
 * Export and import. An import is checked in full (file, then against what is stored) before
 * one transaction writes it, so a bad record anywhere changes nothing.
 */
import browser from 'webextension-polyfill';
import { incidentsToCsv } from '../domain/csv';
import type { BackupFile } from '../shared/backup';
import { parseBackup } from '../shared/backup';
import { BACKUP_FORMAT, BACKUP_VERSION } from '../shared/constants';
import type { ImportPreview } from '../shared/messages';
import { loadPlaybook, loadSettings, savePlaybook, saveSettings } from '../shared/prefs';
import type { ValidationProblem } from '../shared/schemas';
import { describeProblems } from '../shared/schemas';
import { eventsOf, issueAll, read, stripOrder, withStatus, write } from './db';
import { HandlerError } from './errors';

export async function exportBackup(now: number): Promise<string> {
  const [playbook, settings] = await Promise.all([loadPlaybook(), loadSettings()]);
  const stored = await read(['incidents', 'events', 'pocs'], async (tx) => ({
    incidents: await tx.objectStore('incidents').index('by-startedAt').getAll(),
    events: await tx.objectStore('events').getAll(),
    pocs: await tx.objectStore('pocs').index('by-order').getAll(),
  }));
  const file: BackupFile = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: now,
    appVersion: browser.runtime.getManifest().version,
    incidents: stored.incidents,
    events: stored.events.map(({ incidentId, event }) => ({ incidentId, event })),
    pocs: stored.pocs.map(stripOrder),
    playbook,
    settings,
  };
  return JSON.stringify(file);
}

export async function exportCsv(): Promise<string> {
  const records = await read(['incidents'], (tx) =>
    tx.objectStore('incidents').index('by-startedAt').getAll(),
  );
  return incidentsToCsv(records);
}

function invalid(problems: ValidationProblem[]): HandlerError {
  return new HandlerError(
    'invalid-input',
    `Nothing was imported. ${describeProblems(problems)}`,
    problems,
  );
}

function parse(text: string): BackupFile {
  const parsed = parseBackup(text);
  if (!parsed.ok) throw invalid(parsed.problems);
  return parsed.value;
}

/** Counts what the file adds and replaces, and checks it against what is stored. */
async function plan(file: BackupFile): Promise<ImportPreview> {
  const { incidentKeys, pocKeys, activeId } = await read(['incidents', 'pocs'], async (tx) => ({
    incidentKeys: new Set(await tx.objectStore('incidents').getAllKeys()),
    pocKeys: new Set(await tx.objectStore('pocs').getAllKeys()),
    activeId: await tx.objectStore('incidents').index('by-status').getKey(withStatus('active')),
  }));
  const incidents = file.incidents ?? [];
  const pocs = file.pocs ?? [];
  const clash = incidents.findIndex((r) => r.status === 'active' && r.id !== activeId);
  if (clash >= 0 && activeId !== undefined) {
    throw invalid([
      {
        path: `incidents[${clash}].status`,
        message: 'is active, but another incident is in progress here. End it first.',
      },
    ]);
  }
  const replacedIncidents = incidents.filter((r) => incidentKeys.has(r.id)).length;
  const replacedPocs = pocs.filter((p) => pocKeys.has(p.id)).length;
  return {
    incidents: { add: incidents.length - replacedIncidents, replace: replacedIncidents },
    events: file.events?.length ?? 0,
    pocs: { add: pocs.length - replacedPocs, replace: replacedPocs },
    playbook: file.playbook !== undefined,
    settings: file.settings !== undefined,
    exportedAt: file.exportedAt,
    appVersion: file.appVersion,
  };
}

export async function previewImport(text: string): Promise<ImportPreview> {
  return plan(parse(text));
}

/**
 * Writes the file: replaced incidents lose their old events, POCs keep their place in the list
 * (new ones go last, in file order). The playbook and settings follow once the records are in.
 */
export async function importBackup(text: string): Promise<ImportPreview> {
  const file = parse(text);
  const preview = await plan(file);
  const records = file.incidents ?? [];
  await write(['incidents', 'events', 'pocs'], async (tx) => {
    const incidents = tx.objectStore('incidents');
    const events = tx.objectStore('events');
    const pocs = tx.objectStore('pocs');
    const [stored, orders, active] = await Promise.all([
      incidents.getAllKeys(),
      pocs.index('by-order').getAll(),
      incidents.index('by-status').getKey(withStatus('active')),
    ]);
    const storedIds = new Set(stored);
    const oldEvents = await Promise.all(
      records
        .filter((r) => storedIds.has(r.id))
        .map((r) => events.index('by-incident-time').getAllKeys(eventsOf(r.id))),
    );
    // Re-checked here: an incident may have started since the preview.
    if (active !== undefined && records.some((r) => r.status === 'active' && r.id !== active)) {
      throw new HandlerError(
        'invalid-input',
        'Nothing was imported: an incident is in progress here. End it first.',
      );
    }
    const orderOf = new Map(orders.map((p) => [p.id, p.order]));
    let nextOrder = Math.max(-1, ...orderOf.values()) + 1;
    // Requests run in the order they are made: old events go before the file's are added.
    await issueAll([
      ...oldEvents.flat().map((key) => () => events.delete(key)),
      ...records.map((record) => () => incidents.put(record)),
      ...(file.events ?? []).map(
        ({ incidentId, event }) =>
          () =>
            events.add({ incidentId, at: event.at, event }),
      ),
      ...(file.pocs ?? []).map(
        (poc) => () => pocs.put({ ...poc, order: orderOf.get(poc.id) ?? nextOrder++ }),
      ),
    ]);
  });
  if (file.playbook) await savePlaybook(file.playbook);
  if (file.settings) await saveSettings(file.settings);
  return preview;
}
