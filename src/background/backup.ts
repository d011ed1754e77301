/**
 * Export and import. An import is checked in full (file, then against what is stored) before
 * one transaction writes it, so a bad record anywhere changes nothing. Incidents this browser
 * already has are merged, never replaced: their append-only logs are joined (see mergeLogs) and
 * the row re-projected, so an event that exists only here (a note taken since the backup) is
 * never lost. Importing the same file twice adds nothing the second time.
 */
import type { IDBPTransaction } from 'idb';
import browser from 'webextension-polyfill';
import { incidentsToCsv } from '../domain/csv';
import { replay } from '../domain/incident';
import type { MergedLog } from '../domain/merge-log';
import { mergeLogs } from '../domain/merge-log';
import type { Playbook } from '../domain/playbook';
import type { IncidentRecord } from '../domain/record';
import { projectRecord } from '../domain/record';
import type { BackupFile } from '../shared/backup';
import { readBackup } from '../shared/backup';
import type { StoredContext } from '../shared/backup-links';
import { checkLinks } from '../shared/backup-links';
import { BACKUP_FORMAT, BACKUP_VERSION } from '../shared/constants';
import type { ImportPreview } from '../shared/messages';
import { loadPlaybook, loadSettings } from '../shared/prefs';
import type { ValidationProblem } from '../shared/schemas';
import { describeProblems } from '../shared/schemas';
import type { RescueSchema, StoredPoc } from './db';
import { eventsOf, issueAll, read, stripOrder, withStatus, write } from './db';
import { HandlerError } from './errors';
import { applyPendingPrefs, journalImport } from './import-journal';
import { reconcileActiveMirror } from './incidents';
import { currentPlaybook } from './playbook-cache';

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

type BackupStores = ['incidents', 'events', 'pocs', 'imports'];
const BACKUP_STORES: BackupStores = ['incidents', 'events', 'pocs', 'imports'];
type AnyTx = IDBPTransaction<RescueSchema, BackupStores, 'readonly' | 'readwrite'>;

/** What is stored that the file touches. */
interface Stored {
  here: StoredContext;
  pocs: Map<string, StoredPoc>;
  rows: Map<string, IncidentRecord>;
  logs: Map<string, MergedLog['events']>;
}

async function readStored(tx: AnyTx, file: BackupFile): Promise<Stored> {
  const incidents = tx.objectStore('incidents');
  const byIncident = tx.objectStore('events').index('by-incident-time');
  const ids = (file.incidents ?? []).map((r) => r.id);
  const [pocs, activeId, rows] = await Promise.all([
    tx.objectStore('pocs').getAll(),
    incidents.index('by-status').getKey(withStatus('active')),
    Promise.all(ids.map((id) => incidents.get(id))),
  ]);
  const existing = rows.filter((r): r is IncidentRecord => r !== undefined);
  const logs = await Promise.all(existing.map((r) => byIncident.getAll(eventsOf(r.id))));
  return {
    here: {
      pocs: new Map(pocs.map((p) => [p.id, p.criteria.map((c) => c.id)])),
      activeIncidentId: activeId ?? null,
    },
    pocs: new Map(pocs.map((p) => [p.id, p])),
    rows: new Map(existing.map((r) => [r.id, r])),
    logs: new Map(existing.map((r, i) => [r.id, logs[i]!.map((s) => s.event)])),
  };
}

interface IncidentPlan {
  row: IncidentRecord;
  /** Absent for an incident new to this browser. */
  storedRow?: IncidentRecord;
  merged: MergedLog;
}

interface Plan {
  preview: ImportPreview;
  incidents: IncidentPlan[];
}

/** Checks the file against what is stored and works out every change; throws if any is wrong. */
function planImport(file: BackupFile, stored: Stored): Plan {
  const problems = checkLinks(file, stored.here);
  const byIncident = new Map<string, BackupFile['events'] & object>();
  for (const entry of file.events ?? []) {
    const log = byIncident.get(entry.incidentId);
    if (log) log.push(entry);
    else byIncident.set(entry.incidentId, [entry]);
  }
  const incidents: IncidentPlan[] = (file.incidents ?? []).map((row, i) => {
    const incoming = (byIncident.get(row.id) ?? []).map((e) => e.event);
    const storedRow = stored.rows.get(row.id);
    const merged = mergeLogs(stored.logs.get(row.id) ?? [], incoming);
    if (storedRow && merged.added.some((e) => e.type === 'started')) {
      problems.push({
        path: `incidents[${i}]`,
        message: `starts differently from this browser's incident "${row.id}" (started ${new Date(storedRow.startedAt).toISOString()}): it is not the same incident`,
      });
    }
    return { row, storedRow, merged };
  });
  if (problems.length > 0) throw invalid(problems);
  const pocs = file.pocs ?? [];
  const replacedPocs = pocs.filter((p) => stored.pocs.has(p.id)).length;
  const merges = incidents.flatMap(({ row, storedRow, merged }) =>
    storedRow
      ? [
          {
            id: row.id,
            startedAt: storedRow.startedAt,
            prospect: storedRow.prospect,
            adds: merged.added.length,
            keeps: merged.onlyHere,
          },
        ]
      : [],
  );
  return {
    incidents,
    preview: {
      incidents: { add: incidents.length - merges.length, replace: merges.length },
      events: incidents.reduce((sum, i) => sum + i.merged.added.length, 0),
      merges,
      pocs: { add: pocs.length - replacedPocs, replace: replacedPocs },
      playbook: file.playbook !== undefined,
      settings: file.settings !== undefined,
      exportedAt: file.exportedAt,
      appVersion: file.appVersion,
    },
  };
}

async function parse(text: string): Promise<{ file: BackupFile; plan: Plan }> {
  // Links are checked by planImport, against what is stored.
  const parsed = readBackup(text);
  if (!parsed.ok) throw invalid(parsed.problems);
  const file = parsed.value;
  const stored = await read(BACKUP_STORES, (tx) => readStored(tx, file));
  return { file, plan: planImport(file, stored) };
}

export async function previewImport(text: string): Promise<ImportPreview> {
  return (await parse(text)).plan.preview;
}

/** The row an incident gets from its (merged) log, with the POC as it will be after import. */
function projectRow(
  { row, storedRow, merged }: IncidentPlan,
  pocs: Map<string, { prospect: string }>,
  playbook: Playbook,
  now: number,
): IncidentRecord {
  const state = replay(merged.events, playbook);
  const poc = state.pocId === null ? null : (pocs.get(state.pocId) ?? null);
  // A new incident keeps the time its row last changed; a merged one changes now.
  return projectRecord(row.id, state, poc, storedRow ? now : row.updatedAt);
}

/**
 * Writes the file in one transaction, with its journal entry (`importId`), then writes the
 * playbook and settings the entry carries (retried at start-up if this worker stops first).
 * POCs keep their place in the list (new ones go last, in file order). Importing with an id
 * already journaled returns what that import did, without importing again.
 */
export async function importBackup(text: string, importId: string): Promise<ImportPreview> {
  const { file } = await parse(text);
  const playbook = file.playbook ?? (await currentPlaybook());
  const now = Date.now();
  const preview = await write(BACKUP_STORES, async (tx) => {
    const done = await tx.objectStore('imports').get(importId);
    if (done) return done.preview;
    // Planned again here: the store may have changed since the preview (a note was taken).
    const stored = await readStored(tx, file);
    const plan = planImport(file, stored);
    const incidents = tx.objectStore('incidents');
    const events = tx.objectStore('events');
    const pocs = tx.objectStore('pocs');
    let nextOrder = Math.max(-1, ...[...stored.pocs.values()].map((p) => p.order)) + 1;
    const pocsAfter = new Map<string, { prospect: string }>(stored.pocs);
    for (const poc of file.pocs ?? []) pocsAfter.set(poc.id, poc);
    const changed = plan.incidents.filter((i) => !i.storedRow || i.merged.added.length > 0);
    await issueAll([
      ...changed.map((i) => () => incidents.put(projectRow(i, pocsAfter, playbook, now))),
      ...changed.flatMap(({ row, merged }) =>
        merged.added.map((event) => () => events.add({ incidentId: row.id, at: event.at, event })),
      ),
      ...(file.pocs ?? []).map(
        (poc) => () => pocs.put({ ...poc, order: stored.pocs.get(poc.id)?.order ?? nextOrder++ }),
      ),
    ]);
    await journalImport(tx, {
      id: importId,
      at: now,
      preview: plan.preview,
      pendingPrefs:
        file.playbook || file.settings
          ? {
              ...(file.playbook ? { playbook: file.playbook } : {}),
              ...(file.settings ? { settings: file.settings } : {}),
            }
          : null,
    });
    return plan.preview;
  });
  await applyPendingPrefs(importId);
  // The overlay follows the mirror: it must show the merged incident (or none).
  await reconcileActiveMirror();
  return preview;
}
