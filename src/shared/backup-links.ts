/**
 * What a backup's schema cannot see, checked in one place: ids that must be unique, references
 * between sections and to what this browser holds, and incident rows that must agree with
 * their own event logs (a row is a projection of its log, so a row that disagrees is broken).
 */
import type { IncidentEvent } from '../domain/incident';
import { replay } from '../domain/incident';
import { DEFAULT_PLAYBOOK } from '../domain/playbook';
import type { IncidentRecord } from '../domain/record';
import type { BackupFile } from './backup';
import type { ValidationProblem } from './schemas';

/** What this browser holds that a file may refer to. */
export interface StoredContext {
  /** Each stored POC's success criterion ids. */
  pocs: ReadonlyMap<string, readonly string[]>;
  /** The incident in progress in this browser, if any. */
  activeIncidentId: string | null;
}

export const NOTHING_STORED: StoredContext = { pocs: new Map(), activeIncidentId: null };

interface Indexed {
  index: number;
  event: IncidentEvent;
}

const time = (at: number | null) => (at === null ? 'none' : new Date(at).toISOString());

/** Row fields that follow from the log alone (no POC or playbook needed). */
const PROJECTED: readonly {
  field: keyof IncidentRecord;
  show: (value: never) => string;
}[] = [
  { field: 'startedAt', show: time },
  { field: 'endedAt', show: time },
  { field: 'status', show: (s: string) => `"${s}"` },
  { field: 'outcome', show: (o: string | null) => (o === null ? 'none' : `"${o}"`) },
  { field: 'pocId', show: (p: string | null) => (p === null ? 'none' : `"${p}"`) },
  { field: 'followUpSentAt', show: time },
];

function duplicates<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  path: (i: number) => string,
): ValidationProblem[] {
  const seen = new Map<string, number>();
  const problems: ValidationProblem[] = [];
  items.forEach((item, i) => {
    const id = idOf(item);
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push({ path: `${path(i)}.id`, message: `"${id}" is also ${path(first)}` });
    } else seen.set(id, i);
  });
  return problems;
}

/** Checks one incident's row against its log; `criteriaOf` says what each POC offers. */
function checkIncident(
  row: IncidentRecord,
  at: string,
  log: readonly Indexed[],
  here: StoredContext,
  criteriaOf: (pocId: string) => readonly string[] | undefined,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const starts = log.filter((e) => e.event.type === 'started');
  if (starts.length === 0) return [{ path: at, message: 'has no "started" event in events' }];
  if (starts.length > 1) {
    const where = starts.map((s) => `events[${s.index}]`).join(', ');
    problems.push({ path: at, message: `has ${starts.length} "started" events (${where})` });
  }
  const missingPoc = (pocId: string | null, path: string) => {
    if (pocId !== null && criteriaOf(pocId) === undefined) {
      problems.push({ path, message: `no POC "${pocId}" in this file or in this browser` });
    }
  };
  missingPoc(row.pocId, `${at}.pocId`);
  // By time, as replay applies them, to know which POC each pivot chose from.
  const ordered = [...log].sort((a, b) => a.event.at - b.event.at);
  let pocId: string | null = null;
  for (const { index, event } of ordered) {
    if (event.type === 'started' || event.type === 'poc-selected') {
      missingPoc(event.pocId, `events[${index}].event.pocId`);
      if (event.type === 'poc-selected' || index === starts[0]!.index) pocId = event.pocId;
    }
    if (event.type === 'pivoted') {
      const criteria = pocId === null ? undefined : criteriaOf(pocId);
      if (pocId === null) {
        problems.push({
          path: `events[${index}].event.criterionId`,
          message: 'pivots to a success criterion, but no POC was chosen before it',
        });
      } else if (criteria && !criteria.includes(event.criterionId)) {
        problems.push({
          path: `events[${index}].event.criterionId`,
          message: `"${event.criterionId}" is not a success criterion of POC "${pocId}"`,
        });
      }
    }
  }
  const state = replay(
    log.map((e) => e.event),
    DEFAULT_PLAYBOOK,
  );
  const projected = state as unknown as Record<string, unknown>;
  for (const { field, show } of PROJECTED) {
    const stated = row[field];
    const actual = projected[field];
    if (stated === actual) continue;
    const said = (show as (value: unknown) => string)(stated);
    const fromLog = (show as (value: unknown) => string)(actual);
    const message =
      field === 'startedAt'
        ? `is ${said}, but its "started" event (events[${starts[0]!.index}]) is at ${fromLog}`
        : state.endedAt === null && (field === 'endedAt' || field === 'status')
          ? `is ${said}, but its events never end the incident (no "ended" event)`
          : `is ${said}, but its events say ${fromLog}`;
    problems.push({ path: `${at}.${field}`, message });
  }
  if (state.endedAt === null && row.id !== here.activeIncidentId) {
    problems.push({
      path: at,
      message:
        'is still in progress (its events never end it), and it is not the incident in progress in this browser. Only that one can be imported unfinished: end it in the browser it came from, then export again.',
    });
  }
  return problems;
}

/** Every link problem in `file`, given what this browser holds. */
export function checkLinks(file: BackupFile, here: StoredContext): ValidationProblem[] {
  const incidents = file.incidents ?? [];
  const pocs = file.pocs ?? [];
  const problems: ValidationProblem[] = [
    ...duplicates(
      incidents,
      (r) => r.id,
      (i) => `incidents[${i}]`,
    ),
    ...duplicates(
      pocs,
      (p) => p.id,
      (i) => `pocs[${i}]`,
    ),
  ];
  pocs.forEach((poc, i) => {
    problems.push(
      ...duplicates(
        poc.criteria,
        (c) => c.id,
        (k) => `pocs[${i}].criteria[${k}]`,
      ),
    );
  });
  // The file's POCs replace this browser's copies on import.
  const fileCriteria = new Map(pocs.map((p) => [p.id, p.criteria.map((c) => c.id)]));
  const criteriaOf = (pocId: string) => fileCriteria.get(pocId) ?? here.pocs.get(pocId);

  const logs = new Map<string, Indexed[]>(incidents.map((r) => [r.id, []]));
  file.events?.forEach(({ incidentId, event }, index) => {
    const log = logs.get(incidentId);
    if (log) log.push({ index, event });
    else {
      problems.push({
        path: `events[${index}].incidentId`,
        message: `no incident "${incidentId}" in this file`,
      });
    }
  });
  const checked = new Set<string>();
  incidents.forEach((row, i) => {
    if (checked.has(row.id)) return; // a duplicate id, reported above
    checked.add(row.id);
    problems.push(...checkIncident(row, `incidents[${i}]`, logs.get(row.id)!, here, criteriaOf));
  });
  return problems;
}
