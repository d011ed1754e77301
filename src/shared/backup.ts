/**
 * The backup file: one versioned JSON document with every incident, its events, the POCs, the
 * playbook and the settings. Every section is optional, so a playbook-and-POCs file imports
 * through the same path. Reading a file checks everything before anything is written and
 * reports each problem with its path in the file.
 */
import * as v from 'valibot';
import type { IncidentEvent } from '../domain/incident';
import type { Playbook } from '../domain/playbook';
import type { Poc } from '../domain/poc';
import type { IncidentRecord } from '../domain/record';
import type { Settings } from '../domain/settings';
import { BACKUP_FORMAT, BACKUP_VERSION, MAX_IMPORT_BYTES } from './constants';
import type { Validated, ValidationProblem } from './schemas';
import {
  IncidentEventSchema,
  IncidentRecordSchema,
  PlaybookSchema,
  PocSchema,
  SettingsSchema,
  validate,
} from './schemas';

export interface BackupEvent {
  incidentId: string;
  event: IncidentEvent;
}

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: number;
  appVersion: string;
  incidents?: IncidentRecord[];
  /** In recorded order. */
  events?: BackupEvent[];
  /** In the SE's order. */
  pocs?: Poc[];
  playbook?: Playbook;
  settings?: Settings;
}

const BackupSchema = v.object({
  format: v.literal(BACKUP_FORMAT),
  version: v.literal(BACKUP_VERSION),
  exportedAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
  appVersion: v.pipe(v.string(), v.maxLength(50)),
  incidents: v.optional(v.array(IncidentRecordSchema)),
  events: v.optional(
    v.array(
      v.object({
        incidentId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
        event: IncidentEventSchema,
      }),
    ),
  ),
  pocs: v.optional(v.array(PocSchema)),
  playbook: v.optional(PlaybookSchema),
  settings: v.optional(SettingsSchema),
});

type RawBackup = Record<string, unknown> & { version: number };

/**
 * Upgrades from version N to N + 1, keyed by N. Released steps are never edited; version 2 adds
 * `1: (file) => ({ ...file, version: 2, … })`.
 */
export const BACKUP_UPGRADES: Readonly<Record<number, (file: RawBackup) => RawBackup>> = {
  // Version 2 only adds: `evidence` events and POCs' optional `demoApps`. A version 1 file
  // has neither, so it reads as it is.
  1: (file) => ({ ...file, version: 2 }),
};

const problem = (message: string, path = ''): Validated<never> => ({
  ok: false,
  problems: [{ path, message }],
});

function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function parseJson(text: string): Validated<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1];
    if (position === undefined) return problem('The file is not valid JSON: it ends too early.');
    const before = text.slice(0, Number(position)).split('\n');
    const line = before.length;
    const column = before.at(-1)!.length + 1;
    return problem(`The file is not valid JSON: it breaks at line ${line}, column ${column}.`);
  }
}

/** Brings an older file up to BACKUP_VERSION, step by step; refuses newer or unknown versions. */
export function migrateBackup(
  file: RawBackup,
  upgrades: Readonly<Record<number, (file: RawBackup) => RawBackup>> = BACKUP_UPGRADES,
  current: number = BACKUP_VERSION,
): Validated<RawBackup> {
  const { version } = file;
  if (!Number.isInteger(version) || version < 1) {
    return problem(`must be a whole number from 1 to ${current}`, 'version');
  }
  if (version > current) {
    return problem(
      `This backup is from a newer Demo Rescue (file version ${version}; this one reads up to ${current}). Update Demo Rescue, then import it.`,
      'version',
    );
  }
  let migrated = file;
  while (migrated.version < current) {
    const step = upgrades[migrated.version];
    if (!step) return problem(`Backups of version ${migrated.version} cannot be read.`, 'version');
    migrated = step(migrated);
  }
  return { ok: true, value: migrated };
}

/** What the schema cannot see: links between sections and uniqueness. */
function crossCheck(file: BackupFile): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const incidentIds = new Map<string, number>();
  let activeAt: number | null = null;
  file.incidents?.forEach((incident, i) => {
    if (incidentIds.has(incident.id)) {
      problems.push({
        path: `incidents[${i}].id`,
        message: `"${incident.id}" is also incidents[${incidentIds.get(incident.id)}]`,
      });
    }
    incidentIds.set(incident.id, i);
    if (incident.status === 'active') {
      if (activeAt !== null) {
        problems.push({
          path: `incidents[${i}].status`,
          message: `only one incident can be active, and incidents[${activeAt}] already is`,
        });
      }
      activeAt ??= i;
    }
  });
  const started = new Set<string>();
  file.events?.forEach(({ incidentId, event }, i) => {
    if (!incidentIds.has(incidentId)) {
      problems.push({
        path: `events[${i}].incidentId`,
        message: `no incident "${incidentId}" in this file`,
      });
    }
    if (event.type === 'started') started.add(incidentId);
  });
  for (const [id, i] of incidentIds) {
    if (!started.has(id)) {
      problems.push({ path: `incidents[${i}]`, message: 'has no "started" event in events' });
    }
  }
  const pocIds = new Map<string, number>();
  file.pocs?.forEach((poc, i) => {
    if (pocIds.has(poc.id)) {
      problems.push({
        path: `pocs[${i}].id`,
        message: `"${poc.id}" is also pocs[${pocIds.get(poc.id)}]`,
      });
    }
    pocIds.set(poc.id, i);
  });
  return problems;
}

/** Reads a backup file's text: size, JSON, format, version, then every record. */
export function parseBackup(text: string): Validated<BackupFile> {
  const bytes = text.length > MAX_IMPORT_BYTES ? text.length : utf8Bytes(text);
  if (bytes > MAX_IMPORT_BYTES) {
    return problem(
      `The file is ${megabytes(bytes)}; the limit is ${megabytes(MAX_IMPORT_BYTES)}. Import a smaller backup.`,
    );
  }
  const json = parseJson(text);
  if (!json.ok) return json;
  const raw = json.value;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return problem('This is not a Demo Rescue backup: the file is not a JSON object.');
  }
  if ((raw as { format?: unknown }).format !== BACKUP_FORMAT) {
    return problem(
      `This is not a Demo Rescue backup: "format" must be "${BACKUP_FORMAT}".`,
      'format',
    );
  }
  const migrated = migrateBackup(raw as RawBackup);
  if (!migrated.ok) return migrated;
  const checked = validate(BackupSchema, migrated.value);
  if (!checked.ok) return checked;
  const problems = crossCheck(checked.value);
  return problems.length > 0 ? { ok: false, problems } : checked;
}
