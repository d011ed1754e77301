/**
 * Runtime schemas for everything that crosses a trust boundary: messages, stored records,
 * imported files, synced data. Each is checked against its domain type at compile time.
 * The helpers are marked free of side effects so a bundle drops the schemas it never uses (the
 * overlay needs a few).
 */
import * as v from 'valibot';
import type { Evidence } from '../domain/evidence';
import { CORRELATION_HEADERS, EVIDENCE_LIMITS, INCIDENT_EVIDENCE_MAX } from '../domain/evidence';
import type { FollowUpDraft, IncidentEvent } from '../domain/incident';
import type { PhaseGuide, Playbook } from '../domain/playbook';
import { PLAYBOOK_LIMITS } from '../domain/playbook';
import type { Poc } from '../domain/poc';
import { POC_LIMITS, isDemoOrigin } from '../domain/poc';
import type { IncidentRecord } from '../domain/record';
import type { Settings } from '../domain/settings';
import { formatCount } from '../domain/numbers';
import { SETTINGS_LIMITS } from '../domain/settings';

const MAX_TEXT = 10_000;
/** A string of at most `max` characters, saying so in the error. */
/* @__NO_SIDE_EFFECTS__ */
export const text = (max: number = MAX_TEXT) =>
  v.pipe(v.string(), v.maxLength(max, `must be at most ${formatCount(max)} characters`));
const time = v.pipe(v.number(), v.integer(), v.minValue(0));
/** A record id as stored: never empty, never huge. */
export const id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
/* @__NO_SIDE_EFFECTS__ */
const list = <T extends v.GenericSchema>(item: T, max: number) =>
  v.pipe(v.array(item), v.maxLength(max, `must have at most ${max} items`));

export const PhaseGuideSchema = v.object({
  goal: text(PLAYBOOK_LIMITS.goalChars),
  talkTracks: list(text(PLAYBOOK_LIMITS.talkTrackChars), PLAYBOOK_LIMITS.listItems),
  dontSay: list(text(PLAYBOOK_LIMITS.itemChars), PLAYBOOK_LIMITS.listItems),
  checklist: list(text(PLAYBOOK_LIMITS.itemChars), PLAYBOOK_LIMITS.listItems),
}) satisfies v.GenericSchema<unknown, PhaseGuide>;

/* @__NO_SIDE_EFFECTS__ */
const range = (limits: { min: number; max: number }, unit: string, scale: number) =>
  v.pipe(
    v.number(),
    v.minValue(limits.min, `must be at least ${limits.min / scale} ${unit}`),
    v.maxValue(limits.max, `must be at most ${limits.max / scale} ${unit}`),
  );

export const PlaybookSchema = v.pipe(
  v.object({
    phases: v.object({
      acknowledge: PhaseGuideSchema,
      diagnose: PhaseGuideSchema,
      escalate: PhaseGuideSchema,
      'follow-up': PhaseGuideSchema,
    }),
    windows: v.object({
      acknowledgeMs: range(PLAYBOOK_LIMITS.acknowledgeMs, 'seconds', 1000),
      diagnoseMs: range(PLAYBOOK_LIMITS.diagnoseMs, 'minutes', 60_000),
      followUpMs: range(PLAYBOOK_LIMITS.followUpMs, 'hours', 3_600_000),
    }),
  }),
  v.forward(
    v.check(
      (p) => p.windows.acknowledgeMs < p.windows.diagnoseMs,
      'must be longer than the acknowledge window',
    ),
    ['windows', 'diagnoseMs'],
  ),
) satisfies v.GenericSchema<unknown, Playbook>;

export const PocSchema = v.object({
  id,
  prospect: text(POC_LIMITS.textChars),
  name: text(POC_LIMITS.textChars),
  contacts: list(
    v.object({
      name: text(POC_LIMITS.textChars),
      email: v.union([v.literal(''), v.pipe(v.string(), v.email('must be an email address'))]),
    }),
    POC_LIMITS.contacts,
  ),
  criteria: list(
    v.object({
      id,
      title: text(POC_LIMITS.textChars),
      howToShow: text(POC_LIMITS.textChars),
      status: v.picklist(['not-shown', 'proven', 'at-risk']),
    }),
    POC_LIMITS.criteria,
  ),
  /** Added in POC format 2 (backup version 2); absent in older POCs, which have none. */
  demoApps: v.optional(
    list(
      v.pipe(
        v.string(),
        v.check(isDemoOrigin, 'must be an address like https://app.example.com (no path)'),
      ),
      POC_LIMITS.demoApps,
    ),
  ),
  /** Added in POC format 3 (backup version 3); absent in older POCs: off. */
  consoleErrors: v.optional(v.boolean()),
  archived: v.boolean(),
  createdAt: time,
  updatedAt: time,
}) satisfies v.GenericSchema<unknown, Poc>;

const platform = v.picklist(['meet', 'zoom', 'practice']);
const outcome = v.picklist(['fixed-live', 'escalated', 'discarded']);

export const FollowUpDraftSchema = v.object({
  recipients: list(text(320), 50),
  subject: text(500),
  rootCause: text(),
  resolution: text(),
  resolutionKind: v.picklist(['temporary', 'permanent']),
  prevention: text(),
  preventionOwner: text(200),
  preventionDate: text(100),
}) satisfies v.GenericSchema<unknown, FollowUpDraft>;

const evidenceBase = {
  id,
  at: time,
  origin: text(300),
  path: text(EVIDENCE_LIMITS.path),
};
const duration = v.nullable(v.pipe(v.number(), v.minValue(0)));

export const EvidenceSchema = v.variant('kind', [
  v.object({
    ...evidenceBase,
    kind: v.literal('http'),
    method: text(20),
    status: v.pipe(v.number(), v.integer(), v.minValue(400), v.maxValue(999)),
    durationMs: duration,
    ids: list(
      v.object({ name: v.picklist(CORRELATION_HEADERS), value: text(EVIDENCE_LIMITS.idValue) }),
      CORRELATION_HEADERS.length,
    ),
  }),
  v.object({
    ...evidenceBase,
    kind: v.literal('network'),
    method: text(20),
    error: text(100),
    durationMs: duration,
  }),
  v.object({
    ...evidenceBase,
    kind: v.literal('page'),
    source: v.picklist(['exception', 'rejection', 'console']),
    message: text(EVIDENCE_LIMITS.message),
    stack: v.nullable(text(EVIDENCE_LIMITS.message)),
  }),
]) satisfies v.GenericSchema<unknown, Evidence>;

export const IncidentEventSchema = v.variant('type', [
  v.object({
    type: v.literal('started'),
    at: time,
    platform,
    meetingCode: v.nullable(text(100)),
    pocId: v.nullable(id),
  }),
  v.object({ type: v.literal('acknowledged'), at: time }),
  v.object({ type: v.literal('issue-described'), at: time, text: text(500) }),
  v.object({ type: v.literal('note'), at: time, text: text(2000) }),
  v.object({ type: v.literal('checklist'), at: time, item: text(500), done: v.boolean() }),
  v.object({ type: v.literal('poc-selected'), at: time, pocId: v.nullable(id) }),
  v.object({ type: v.literal('diagnosed'), at: time, rootCause: text(2000) }),
  v.object({
    type: v.literal('escalated'),
    at: time,
    eta: text(200),
    etaDueAt: v.nullable(time),
  }),
  v.object({
    type: v.literal('pivoted'),
    at: time,
    criterionId: id,
    criterionTitle: text(POC_LIMITS.textChars),
  }),
  v.object({
    type: v.literal('ended'),
    at: time,
    outcome,
    followUpDueAt: v.optional(v.nullable(time)),
  }),
  v.object({ type: v.literal('follow-up-drafted'), at: time, draft: FollowUpDraftSchema }),
  v.object({ type: v.literal('follow-up-sent'), at: time }),
  v.object({ type: v.literal('evidence'), at: time, item: EvidenceSchema }),
]) satisfies v.GenericSchema<unknown, IncidentEvent>;

export const IncidentRecordSchema = v.object({
  id,
  pocId: v.nullable(id),
  prospect: v.nullable(text(POC_LIMITS.textChars)),
  platform,
  meetingCode: v.nullable(text(100)),
  issue: v.nullable(text(500)),
  startedAt: time,
  endedAt: v.nullable(time),
  outcome: v.nullable(outcome),
  acknowledgedAt: v.nullable(time),
  escalatedAt: v.nullable(time),
  status: v.picklist(['active', 'follow-up-due', 'closed']),
  followUpDueAt: v.nullable(time),
  followUpSentAt: v.nullable(time),
  followUp: v.nullable(FollowUpDraftSchema),
  evidence: v.optional(list(text(1000), INCIDENT_EVIDENCE_MAX)),
  searchText: v.string(),
  updatedAt: time,
}) satisfies v.GenericSchema<unknown, IncidentRecord>;

const onOff = v.boolean('must be on or off');

export const SettingsSchema = v.object({
  overlayCorner: v.picklist(['top-right', 'top-left', 'bottom-right', 'bottom-left']),
  overlaySize: v.picklist(['compact', 'regular', 'large']),
  overlayOpacity: v.pipe(
    v.number('must be a number'),
    v.minValue(SETTINGS_LIMITS.overlayOpacity.min, 'must be between 0.5 and 1'),
    v.maxValue(SETTINGS_LIMITS.overlayOpacity.max, 'must be between 0.5 and 1'),
  ),
  remindersEnabled: onOff,
  reminderLeadMs: range(SETTINGS_LIMITS.reminderLeadMs, 'minutes', 60_000),
  retentionMonths: v.nullable(
    v.pipe(
      v.number('must be a number of months'),
      v.integer('must be a whole number of months'),
      v.minValue(SETTINGS_LIMITS.retentionMonths.min, 'must be at least 1 month'),
      v.maxValue(SETTINGS_LIMITS.retentionMonths.max, 'must be at most 120 months'),
    ),
  ),
  syncEnabled: onOff,
}) satisfies v.GenericSchema<unknown, Settings>;

export interface ValidationProblem {
  /** Where in the input, e.g. "incidents[3].startedAt" ("" for the whole input). */
  path: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: ValidationProblem[] };

function pathOf(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  }
  return out;
}

const EXCERPT_CHARS = 40;

/** A value as an error message may quote it: a short excerpt, never the whole of a long one. */
export function excerpt(value: string, max = EXCERPT_CHARS): string {
  const chars = [...value];
  return chars.length <= max
    ? value
    : `${chars.slice(0, max - 1).join('')}… (${formatCount(chars.length)} characters)`;
}

/** Valibot's default messages quote the received value: keep that quote short. */
function messageOf(issue: v.BaseIssue<unknown>): string {
  const received = issue.received;
  if (received.length <= EXCERPT_CHARS) return issue.message;
  const quoted = received.startsWith('"') && received.endsWith('"');
  const short = quoted ? `"${excerpt(received.slice(1, -1))}"` : excerpt(received);
  return issue.message.replaceAll(received, short);
}

/** Validates and reports every problem with its path, for messages a person can act on. */
export function validate<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): Validated<v.InferOutput<S>> {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output };
  return {
    ok: false,
    problems: result.issues.map((issue) => ({ path: pathOf(issue), message: messageOf(issue) })),
  };
}

export function describeProblems(problems: readonly ValidationProblem[], max = 5): string {
  const shown = problems.slice(0, max).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
  const more = problems.length > max ? [`…and ${problems.length - max} more`] : [];
  return [...shown, ...more].join('; ');
}
