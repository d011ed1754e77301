/**
 * The one message protocol between call tabs, extension pages and the worker. Each method
 * declares who may call it, the schema its payload must pass, and its reply type. The worker
 * validates every message on arrival (see src/background/router.ts); callers use `send()` from
 * src/shared/messaging.ts and get typed replies.
 */
import * as v from 'valibot';
import type { IncidentEvent, Platform } from '../domain/incident';
import type { Poc } from '../domain/poc';
import type { IncidentRecord } from '../domain/record';
import type { WeeklyStat } from '../domain/stats';
import { FollowUpDraftSchema, PocSchema, id, text } from './schemas';
import { ShareHintSchema, type ShareState } from './share-state';

const MAX_NOTE = 2000;

export const IncidentActionSchema = v.variant('kind', [
  v.object({ kind: v.literal('acknowledge') }),
  v.object({ kind: v.literal('describe-issue'), text: v.pipe(text(500), v.minLength(1)) }),
  v.object({ kind: v.literal('note'), text: v.pipe(text(MAX_NOTE), v.minLength(1)) }),
  v.object({ kind: v.literal('checklist'), item: text(500), done: v.boolean() }),
  v.object({ kind: v.literal('select-poc'), pocId: v.nullable(id) }),
  v.object({ kind: v.literal('diagnose'), rootCause: v.pipe(text(MAX_NOTE), v.minLength(1)) }),
  v.object({
    kind: v.literal('escalate'),
    eta: v.pipe(text(200), v.minLength(1)),
    /** Due after this long; the worker stamps the time, never the caller. */
    etaInMs: v.nullable(
      v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(7 * 24 * 3_600_000)),
    ),
  }),
  v.object({ kind: v.literal('pivot'), criterionId: id }),
  v.object({
    kind: v.literal('end'),
    outcome: v.picklist(['fixed-live', 'escalated', 'discarded']),
  }),
]);
export type IncidentAction = v.InferOutput<typeof IncidentActionSchema>;

export const IncidentQuerySchema = v.object({
  text: v.optional(text(200), ''),
  status: v.optional(
    v.picklist(['any', 'active', 'follow-up-due', 'overdue', 'sent', 'closed']),
    'any',
  ),
  pocId: v.optional(v.nullable(id), null),
  platform: v.optional(v.picklist(['any', 'meet', 'zoom', 'practice']), 'any'),
  from: v.optional(v.nullable(v.number()), null),
  to: v.optional(v.nullable(v.number()), null),
});
export type IncidentQuery = v.InferOutput<typeof IncidentQuerySchema>;

/** Who may call a method: `call` = our content script in a call tab, or an extension page. */
export type Access = 'call' | 'page';

export interface ActiveIncident {
  record: IncidentRecord;
  events: IncidentEvent[];
}

/** The call the side panel's ready view prepares for; null when no call tab is open. */
export interface PanelReady {
  call: { platform: Exclude<Platform, 'practice'>; meetingCode: string | null } | null;
  /** The POC remembered for that meeting (pre-selected when its recovery starts). */
  pocId: string | null;
}

export interface IncidentPage {
  items: IncidentRecord[];
  /** Pass back to get the next page; null at the end. */
  nextCursor: string | null;
}

export type { WeeklyStat } from '../domain/stats';

export interface ImportPreview {
  incidents: { add: number; replace: number };
  events: number;
  pocs: { add: number; replace: number };
  playbook: boolean;
  settings: boolean;
  exportedAt: number;
  appVersion: string;
}

const empty = v.object({});

/**
 * From the hotkey script: the overlay in its tab already showed the hotkey's incident, before
 * the worker woke. `started`: the new incident it painted, for the worker to store with the
 * same id and start time; null when it re-showed the active one.
 */
const ShownHereSchema = v.object({
  started: v.nullable(v.object({ incidentId: id, at: v.pipe(v.number(), v.integer()) })),
});
export type ShownHere = v.InferOutput<typeof ShownHereSchema>;

export const METHODS = {
  /** Start recovery (or re-show the active incident) in the sender's tab. */
  'recovery/start': {
    access: 'call',
    payload: v.object({
      /**
       * From the hotkey script in a top frame: whether the overlay's code is loaded there, so
       * the worker can inject it without asking first. Only a hint: a wrong one costs a probe.
       */
      overlayLoaded: v.optional(v.boolean()),
      shownHere: v.optional(ShownHereSchema),
      /**
       * From the hotkey script, when no overlay painted it: the keydown's time, which a new
       * incident starts at (the worker may take tens of ms to wake up).
       */
      pressedAt: v.optional(v.pipe(v.number(), v.integer())),
    }),
  },
  /** After a call tab (re)loads mid-incident: put the overlay (or the marker) back in it. */
  'recovery/attach': { access: 'call', payload: empty },
  /** Opens the follow-up report of an incident in a new tab (the overlay cannot link to it). */
  'report/open': { access: 'call', payload: v.object({ incidentId: id }) },
  'incident/active': { access: 'call', payload: empty },
  'incident/act': {
    access: 'call',
    payload: v.object({
      incidentId: id,
      action: IncidentActionSchema,
      /**
       * Made by the caller once per action (crypto.randomUUID()) and sent again unchanged on
       * every retry: the worker stores it with the event, and a key it has seen returns what is
       * stored instead of appending the action twice.
       */
      key: id,
    }),
  },
  'pocs/active': { access: 'call', payload: empty },
  /** A hint from the page's getDisplayMedia wrapper. Never starts, ends or changes an incident. */
  'share/hint': { access: 'call', payload: ShareHintSchema },
  /** What the sender's tab is sharing, as far as the hints tell. */
  'share/state': { access: 'call', payload: empty },

  /** The side panel's "Start recovery": as the hotkey, where the SE is looking. */
  'panel/start': { access: 'page', payload: empty },
  /** The side panel's ready view: the call it would start a recovery in, and its POC. */
  'panel/ready': { access: 'page', payload: empty },
  /** The ready view's POC choice for that call, pre-selected when the recovery starts. */
  'panel/choose-poc': { access: 'page', payload: v.object({ pocId: v.nullable(id) }) },

  'incidents/list': {
    access: 'page',
    payload: v.object({
      query: IncidentQuerySchema,
      cursor: v.nullable(text(200)),
      limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200)),
    }),
  },
  'incidents/get': { access: 'page', payload: v.object({ id }) },
  'incidents/stats': {
    access: 'page',
    payload: v.object({ weeks: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(104)) }),
  },
  'incidents/save-draft': { access: 'page', payload: v.object({ id, draft: FollowUpDraftSchema }) },
  'incidents/mark-sent': { access: 'page', payload: v.object({ id }) },
  'incidents/delete': { access: 'page', payload: v.object({ id }) },
  'pocs/list': { access: 'page', payload: v.object({ includeArchived: v.boolean() }) },
  'pocs/save': { access: 'page', payload: v.object({ poc: PocSchema }) },
  'backup/export': { access: 'page', payload: empty },
  'backup/export-csv': { access: 'page', payload: empty },
  'backup/preview-import': { access: 'page', payload: v.object({ text: v.string() }) },
  'backup/import': { access: 'page', payload: v.object({ text: v.string() }) },
  'retention/apply': { access: 'page', payload: empty },
} as const satisfies Record<string, { access: Access; payload: v.GenericSchema }>;

export type Method = keyof typeof METHODS;
export type Payload<M extends Method> = v.InferOutput<(typeof METHODS)[M]['payload']>;

export interface Replies {
  'recovery/start': { incidentId: string; resumed: boolean };
  /** False when no incident is active (nothing to show). */
  'recovery/attach': { attached: boolean };
  'report/open': null;
  /** `here`: the overlay belongs in the sender's tab (elsewhere, show only a marker). */
  'incident/active': { incident: ActiveIncident | null; here: boolean };
  'incident/act': ActiveIncident;
  'pocs/active': Poc[];
  'share/hint': null;
  'share/state': ShareState | null;
  'panel/start': null;
  'panel/ready': PanelReady;
  'panel/choose-poc': null;
  'incidents/list': IncidentPage;
  'incidents/get': ActiveIncident | null;
  'incidents/stats': WeeklyStat[];
  'incidents/save-draft': IncidentRecord;
  'incidents/mark-sent': IncidentRecord;
  'incidents/delete': null;
  'pocs/list': Poc[];
  'pocs/save': Poc;
  /** The backup file's JSON text. */
  'backup/export': string;
  'backup/export-csv': string;
  'backup/preview-import': ImportPreview;
  'backup/import': ImportPreview;
  'retention/apply': { deleted: number };
}

export type ErrorCode =
  | 'invalid-message'
  | 'forbidden'
  | 'not-found'
  | 'invalid-input'
  | 'no-active-incident'
  | 'quota-exceeded'
  | 'storage-blocked'
  | 'internal'
  // Set by send() in src/shared/messaging.ts, never by the worker:
  /** The worker stopped (or restarted) before it answered: the request may or may not be done. */
  | 'no-reply'
  /** The extension was updated, reloaded or removed under this page: it cannot answer any more. */
  | 'extension-gone';

export interface WireError {
  code: ErrorCode;
  message: string;
  /** Per-field problems, e.g. from an import: path in the input and reason. */
  problems?: { path: string; message: string }[];
}

export type Reply<M extends Method> =
  { ok: true; value: Replies[M] } | { ok: false; error: WireError };

export const EnvelopeSchema = v.object({
  type: v.picklist(Object.keys(METHODS) as Method[]),
  payload: v.unknown(),
});

export interface Envelope<M extends Method = Method> {
  type: M;
  payload: Payload<M>;
}
