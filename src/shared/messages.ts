/**
 * The one message protocol between call tabs, extension pages and the worker. Each method
 * declares who may call it, the schema its payload must pass, and its reply type. The worker
 * validates every message on arrival (see src/background/router.ts); callers use `send()` from
 * src/shared/messaging.ts and get typed replies.
 */
import * as v from 'valibot';
import type { FieldConflict } from '../domain/field-merge';
import type { IncidentEvent, Platform } from '../domain/incident';
import type { Playbook } from '../domain/playbook';
import type { Poc } from '../domain/poc';
import type { IncidentRecord } from '../domain/record';
import type { Settings } from '../domain/settings';
import type { WeeklyStat } from '../domain/stats';
import { PressSchema } from './panel-press';
import { FollowUpDraftSchema, PocSchema, id, text } from './schemas';
import { ShareHintSchema, type PrivacySnapshot, type ShareState } from './share-state';

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

/**
 * Who may call a method: `call` = our content script in a call tab, or an extension page;
 * `page` = an extension page only; `demo` = only our page-error script in a demo app's tab
 * (the worker checks that its origin is granted), which may call nothing else.
 */
export type Access = 'call' | 'page' | 'demo';

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

/** An incident the file and this browser both have: what merging their event logs changes. */
export interface IncidentMerge {
  id: string;
  startedAt: number;
  prospect: string | null;
  /** Events from the file that this browser does not have. */
  adds: number;
  /** Events that exist only in this browser: always kept. */
  keeps: number;
}

export interface ImportPreview {
  /** `replace`: incidents this browser has too, merged (see `merges`). */
  incidents: { add: number; replace: number };
  /** Events the import adds (events both sides have are not counted). */
  events: number;
  merges: IncidentMerge[];
  pocs: { add: number; replace: number };
  playbook: boolean;
  settings: boolean;
  exportedAt: number;
  appVersion: string;
}

/**
 * What an import did, from the store. An import writes its records and its own journal entry
 * in one transaction, so "not-imported" is certain: nothing of it was written.
 */
export type ImportStatus =
  | { state: 'not-imported' }
  /** `prefsPending`: the playbook or settings could not be written yet; retried at start-up. */
  | { state: 'imported'; preview: ImportPreview; prefsPending: boolean };

const empty = v.object({});

/** Why the overlay cannot be seen in its call tab (src/content/overlay/visibility.ts). */
export const UNSEEN_REASONS = ['removed', 'hidden', 'zero-size', 'off-screen'] as const;
export type UnseenReason = (typeof UNSEEN_REASONS)[number];

/**
 * Field-level edits of a stored value (src/domain/field-merge.ts): each applies only where the
 * field still holds `before`, so two tabs editing different fields both keep their edit.
 */
const FieldChangesSchema = v.pipe(
  v.array(
    v.object({
      path: v.pipe(
        v.array(v.union([text(100), v.pipe(v.number(), v.integer(), v.minValue(0))])),
        v.maxLength(8),
      ),
      before: v.optional(v.unknown()),
      after: v.unknown(),
    }),
  ),
  v.minLength(1),
  v.maxLength(1000),
);

/** The stored value after a patch, and the edits not applied because the field had changed. */
export interface PatchResult<T> {
  value: T;
  conflicts: FieldConflict[];
}

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
  'share/hint': {
    access: 'call',
    // fresh: the first report of a new top document (its frames' captures ended with the old).
    payload: v.object({ ...ShareHintSchema.entries, fresh: v.optional(v.literal(true)) }),
  },
  /** What the sender's tab is sharing, as far as the hints tell. */
  'share/state': { access: 'call', payload: empty },

  /** The side panel's "Start recovery": as the hotkey, where the SE is looking. */
  'panel/start': {
    access: 'page',
    // The press the panel painted (its button, or a hotkey the worker may not have stored).
    payload: v.object({ press: v.optional(PressSchema) }),
  },
  /** The side panel's ready view: the call it would start a recovery in, and its POC. */
  'panel/ready': { access: 'page', payload: empty },
  /** The ready view's POC choice for that call, pre-selected when the recovery starts. */
  'panel/choose-poc': { access: 'page', payload: v.object({ pocId: v.nullable(id) }) },
  /** The panel painted a recovery's first frame: the call tab's share of a hotkey may run. */
  'panel/painted': { access: 'page', payload: empty },
  /** Whether the shares allow a panel at all (nothing or a tab shared): the popup's button. */
  'panel/allowed': { access: 'page', payload: empty },
  /** A page's click opened the panel (the popup): it counts as open before Chrome says so. */
  'panel/opened': { access: 'page', payload: empty },
  /** From the page-error script in a granted demo tab: an error the page did not handle. */
  'evidence/page-error': {
    access: 'demo',
    payload: v.object({
      source: v.picklist(['exception', 'rejection', 'console']),
      message: text(2000),
      stack: v.nullable(text(2000)),
    }),
  },
  /**
   * From the page-error script as a granted demo page starts: request capture follows (it runs
   * only while a demo tab is open). The reply says since when it captures (epoch ms).
   */
  'evidence/demo-page': { access: 'demo', payload: empty },
  /** The same script, as its page goes (unload, or kept for back/forward): capture may stop. */
  'evidence/demo-page-left': { access: 'demo', payload: empty },
  /** The same script: requests of this page that failed before capture began (Resource Timing). */
  'evidence/early-failures': {
    access: 'demo',
    payload: v.object({
      requests: v.pipe(
        v.array(
          v.object({
            url: text(2000),
            status: v.number(),
            startedAt: v.number(),
            endedAt: v.number(),
          }),
        ),
        v.maxLength(50),
      ),
    }),
  },
  /** From the recovery (overlay or side panel): the same, for the active incident only. */
  'incident/delete-evidence': {
    access: 'call',
    payload: v.object({ incidentId: id, evidenceId: id }),
  },
  /** Deletes one piece of evidence from an incident (and from the recent-failures buffer). */
  'incidents/delete-evidence': { access: 'page', payload: v.object({ id, evidenceId: id }) },
  /** After the options page changed a demo app's access: capture follows the new grants. */
  'evidence/refresh': { access: 'page', payload: empty },
  /**
   * From the overlay: it should be showing but cannot be seen (the page removed, hid, shrank or
   * moved it, even after the overlay undid what it could). The worker tells the user privately.
   */
  'overlay/unseen': { access: 'call', payload: v.object({ reason: v.picklist(UNSEEN_REASONS) }) },
  /**
   * From the private text field (an extension page framed in the overlay): Esc was pressed
   * there; the worker tells the overlay in the sender's tab to collapse and give focus back.
   */
  'overlay/leave': { access: 'page', payload: empty },

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
  /** `importId`: chosen by the page, so it can ask what the import did if the reply is lost. */
  'backup/import': { access: 'page', payload: v.object({ text: v.string(), importId: id }) },
  'backup/import-status': { access: 'page', payload: v.object({ importId: id }) },
  'retention/apply': { access: 'page', payload: empty },
  'playbook/patch': { access: 'page', payload: v.object({ changes: FieldChangesSchema }) },
  'settings/patch': { access: 'page', payload: v.object({ changes: FieldChangesSchema }) },
  /** The person has seen what was repaired in a stored item: keep the repair, drop the copy. */
  'stored/dismiss-repairs': {
    access: 'page',
    payload: v.object({ item: v.picklist(['playbook', 'settings']) }),
  },
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
  'panel/painted': null;
  'panel/allowed': boolean;
  'panel/opened': null;
  'evidence/page-error': null;
  'evidence/demo-page': { capturingSince: number | null };
  'evidence/early-failures': null;
  'evidence/demo-page-left': null;
  'incident/delete-evidence': ActiveIncident | null;
  'incidents/delete-evidence': IncidentRecord;
  'evidence/refresh': { origins: string[] };
  'overlay/leave': null;
  'overlay/unseen': null;
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
  'backup/import-status': ImportStatus;
  'retention/apply': { deleted: number };
  'playbook/patch': PatchResult<Playbook>;
  'settings/patch': PatchResult<Settings>;
  'stored/dismiss-repairs': null;
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

/**
 * What the worker tells an overlay when it injects (or re-shows) it. The worker → overlay
 * channel: not a runtime message but a value the worker leaves in the tab's
 * isolated world with scripting.executeScript (src/background/recovery.ts, deliverShowRequest),
 * which the overlay bundle reads (src/content/overlay/main.tsx).
 */
export interface ShowRequest {
  /** The full overlay belongs in this tab; otherwise only the marker. */
  here: boolean;
  /** The user asked for it (hotkey): take focus so A, N, 1–9… work at once. */
  focus: boolean;
  /** An incident being stored right now: paint it without waiting for the write. */
  provisional?: ActiveIncident;
  /** The provisional incident with this id was never stored: drop it. */
  withdraw?: string;
  /** What the tab shares and the meeting's privacy choice, so a new overlay paints at once. */
  privacy?: PrivacySnapshot;
}
