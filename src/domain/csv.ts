/** Incidents as CSV for spreadsheets (RFC 4180), safe to open in Excel or Sheets. */
import { OUTCOME_LABELS } from './incident';
import type { IncidentRecord } from './record';

type Cell = string | number | null;

/**
 * Quotes a cell when it needs it, and defuses text a spreadsheet would run as a formula
 * (anything starting with = + - @, tab or carriage return gets a leading apostrophe).
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvRow(cells: readonly Cell[]): string {
  return cells.map(csvCell).join(',');
}

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
const seconds = (from: number, to: number | null) =>
  to === null ? null : Math.round((to - from) / 1000);

const COLUMNS: readonly [string, (r: IncidentRecord) => Cell][] = [
  ['Incident', (r) => r.id],
  ['Started', (r) => iso(r.startedAt)],
  ['Ended', (r) => iso(r.endedAt)],
  ['Platform', (r) => r.platform],
  ['Meeting', (r) => r.meetingCode],
  ['Prospect', (r) => r.prospect],
  ['Issue', (r) => r.issue],
  ['Outcome', (r) => (r.outcome === null ? null : OUTCOME_LABELS[r.outcome])],
  ['Status', (r) => r.status],
  ['Seconds to acknowledge', (r) => seconds(r.startedAt, r.acknowledgedAt)],
  ['Seconds to escalate', (r) => seconds(r.startedAt, r.escalatedAt)],
  ['Follow-up due', (r) => iso(r.followUpDueAt)],
  ['Follow-up sent', (r) => iso(r.followUpSentAt)],
  ['Root cause', (r) => r.followUp?.rootCause ?? null],
  ['Resolution', (r) => r.followUp?.resolution ?? null],
  ['Prevention', (r) => r.followUp?.prevention ?? null],
  ['Recipients', (r) => r.followUp?.recipients.join('; ') ?? null],
  ['Evidence', (r) => r.evidence?.join('; ') ?? null],
];

/** One header row and one row per incident, CRLF line ends as RFC 4180 asks. */
export function incidentsToCsv(records: readonly IncidentRecord[]): string {
  const header = csvRow(COLUMNS.map(([name]) => name));
  const rows = records.map((r) => csvRow(COLUMNS.map(([, cell]) => cell(r))));
  return [header, ...rows].join('\r\n') + '\r\n';
}
