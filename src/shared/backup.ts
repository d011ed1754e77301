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
import type { StoredContext } from './backup-links';
import { NOTHING_STORED, checkLinks } from './backup-links';
import { describeJsonSyntaxError, findJsonSyntaxError } from './json-syntax';
import type { Validated } from './schemas';
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
  // Version 3 only adds POCs' optional `consoleErrors` (off when absent): read as it is.
  2: (file) => ({ ...file, version: 3 }),
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
  } catch {
    const error = findJsonSyntaxError(text);
    // Only if JSON.parse and the scanner disagree (the property tests say they do not).
    if (!error) return problem('The file is not valid JSON.');
    return problem(describeJsonSyntaxError(error));
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

/** Reads a backup file's text: size, JSON, format, version, then every record on its own. */
export function readBackup(text: string): Validated<BackupFile> {
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
  return validate(BackupSchema, migrated.value);
}

/** readBackup, then the links between records and to what this browser holds (`here`). */
export function parseBackup(
  text: string,
  here: StoredContext = NOTHING_STORED,
): Validated<BackupFile> {
  const read = readBackup(text);
  if (!read.ok) return read;
  const problems = checkLinks(read.value, here);
  return problems.length > 0 ? { ok: false, problems } : read;
}
