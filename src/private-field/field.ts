/**
 * One private text field (see src/shared/private-field.ts), in its own extension-page document:
 * what is typed here never reaches the call page. Enter sends it to the worker as an incident
 * action; the draft survives the overlay collapsing (the frame is then removed) in
 * chrome.storage.session, which only extension pages can read.
 */
import { sameData } from '../domain/data';
import type { ActiveIncident, IncidentAction } from '../shared/messages';
import { MessageError } from '../shared/messaging';
import { PRIVATE_FIELDS, type PrivateFieldKind } from '../shared/private-field';

export interface PrivateFieldDeps {
  /** The active incident as the worker mirrors it (read afresh for each save). */
  readActive(): Promise<ActiveIncident | null>;
  /**
   * The active incident once the worker has stored it, or null after `timeoutMs`: the overlay
   * paints an incident before the worker stores it, and the SE may type a note at once.
   */
  waitForActive(timeoutMs: number): Promise<ActiveIncident | null>;
  /** `key`: the idempotency key, the same when the same action is sent again after a failure. */
  act(incidentId: string, action: IncidentAction, key: string): Promise<unknown>;
  newKey(): string;
  /** Esc: hand the keyboard back to the overlay's host (collapse, back to the call). */
  leave(): Promise<unknown>;
  loadDraft(key: string): Promise<string | null>;
  saveDraft(key: string, text: string | null): Promise<void>;
}

const NOT_SAVED = 'Not saved: Demo Rescue did not answer. Press Enter to try again.';
/** How long a save waits for an incident the overlay painted to be stored (it retries). */
export const WAIT_FOR_INCIDENT_MS = 20_000;

function actionFor(kind: PrivateFieldKind, text: string): IncidentAction {
  switch (kind) {
    case 'note':
      return { kind: 'note', text };
    case 'issue':
      return { kind: 'describe-issue', text };
    case 'eta':
      return { kind: 'escalate', eta: text, etaInMs: null };
  }
}

function lastIssue(incident: ActiveIncident | null): string {
  let issue = '';
  for (const event of incident?.events ?? [])
    if (event.type === 'issue-described') issue = event.text;
  return issue;
}

const draftKey = (kind: PrivateFieldKind, incidentId: string) =>
  `privateDraft:${kind}:${incidentId}`;

export interface MountedField {
  input: HTMLInputElement;
  status: HTMLElement;
  /** Resolves once the saved value and any draft are loaded. */
  ready: Promise<void>;
  /** Resolves once the save in progress (if any) settled. */
  saving(): Promise<void>;
}

export function mountPrivateField(
  doc: Document,
  kind: PrivateFieldKind,
  deps: PrivateFieldDeps,
): MountedField {
  const spec = PRIVATE_FIELDS[kind];
  const input = doc.createElement('input');
  input.type = 'text';
  input.setAttribute('aria-label', spec.label);
  input.placeholder = spec.placeholder;
  input.maxLength = spec.maxLength;
  input.spellcheck = true;
  const status = doc.createElement('p');
  status.className = 'status';
  status.setAttribute('role', 'status');
  status.id = 'status';
  input.setAttribute('aria-describedby', status.id);
  doc.body.append(input, status);

  /** The stored value of a single-value field: unchanged text is not saved again. */
  let saved = '';
  let incidentId: string | null = null;
  let pending: Promise<void> = Promise.resolve();
  /** The last action that failed, and its key: sent again, it is never stored twice. */
  let failed: { action: IncidentAction; key: string } | null = null;
  let busy = false;

  const say = (text: string, problem = false) => {
    status.textContent = text;
    status.classList.toggle('problem', problem);
    input.setAttribute('aria-invalid', String(problem));
  };

  const ready = (async () => {
    const active = await deps.readActive().catch(() => null);
    incidentId = active?.record.id ?? null;
    if (kind === 'issue') saved = lastIssue(active);
    const draft = incidentId
      ? await deps.loadDraft(draftKey(kind, incidentId)).catch(() => null)
      : null;
    // Typed before the read answered wins.
    if (input.value === '') input.value = draft ?? saved;
  })();

  async function save(): Promise<void> {
    const text = input.value.trim();
    if (busy) return;
    if (!text) {
      if (kind === 'eta') say('Say when they will hear from you, e.g. "by 3 pm today".', true);
      return;
    }
    if (spec.single && text === saved) return;
    busy = true;
    try {
      let active = await deps.readActive();
      if (!active || active.record.status !== 'active') {
        say('Saving as soon as this incident is stored…');
        active = await deps.waitForActive(WAIT_FOR_INCIDENT_MS);
      }
      if (!active || active.record.status !== 'active') {
        say('Not saved: no incident is stored yet. Press Enter to try again.', true);
        return;
      }
      incidentId = active.record.id;
      const action = actionFor(kind, text);
      const key = failed && sameData(failed.action, action) ? failed.key : deps.newKey();
      failed = { action, key };
      await deps.act(active.record.id, action, key);
      failed = null;
      if (spec.single) saved = text;
      else input.value = '';
      await deps.saveDraft(draftKey(kind, active.record.id), null).catch(() => undefined);
      say(kind === 'eta' ? 'Escalation recorded.' : 'Saved.');
    } catch (error) {
      // The worker's messages are written for the user; anything else is the browser's.
      say(error instanceof MessageError ? `Not saved: ${error.message}` : NOT_SAVED, true);
    } finally {
      busy = false;
    }
  }

  input.addEventListener('input', () => {
    if (status.classList.contains('problem')) say('');
    if (incidentId)
      void deps.saveDraft(draftKey(kind, incidentId), input.value).catch(() => undefined);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      pending = save();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      void deps.leave().catch(() => undefined);
    }
  });
  // Like the field it replaces: "what failed" is saved on leaving it too.
  if (kind === 'issue') input.addEventListener('blur', () => void (pending = save()));
  // The overlay focuses the frame (N, E…): the caret goes into the field, also when that
  // happened while this page was still loading.
  doc.defaultView?.addEventListener('focus', () => input.focus());
  if (doc.hasFocus()) input.focus();
  // A click anywhere in the frame (its status line, its padding) means the field.
  doc.addEventListener('mousedown', (event) => {
    if (event.target === input) return;
    event.preventDefault();
    input.focus();
  });

  return { input, status, ready, saving: () => pending };
}
