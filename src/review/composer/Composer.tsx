/**
 * The 24-hour follow-up composer: root cause, resolution, prevention, pre-filled from what the
 * overlay captured. One component for the popup and the full report tab. Drafts autosave.
 */
import { useState } from 'preact/hooks';
import type { FollowUpDraft } from '../../domain/incident';
import { mailtoLink, MAILTO_MAX_LENGTH } from '../../domain/mailto';
import type { IncidentRecord } from '../../domain/record';
import { draftFollowUp, initialDraft } from '../../domain/report';
import { send } from '../../shared/messaging';
import { FollowUpDraftSchema, validate } from '../../shared/schemas';
import { formatDateTime, localDay, slug } from '../format';
import { errorMessage } from '../hooks';
import type { IncidentData } from '../incident-data';
import { EmailPreview } from './EmailPreview';
import { copyReport, downloadMarkdown, openMailLink } from './outputs';
import { useAutosave, type SaveStatus } from './use-autosave';

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

function parseRecipients(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((r) => r.trim())
    .filter(Boolean);
}

function SaveState({ status }: { status: SaveStatus }) {
  const text = (() => {
    switch (status.kind) {
      case 'saved':
        return status.at === null
          ? 'Pre-filled from the incident. Your edits are saved as you type.'
          : `Draft saved at ${new Date(status.at).toLocaleTimeString()}`;
      case 'unsaved':
        return 'Unsaved changes…';
      case 'saving':
        return 'Saving…';
      case 'invalid':
        return `Not saved: ${status.message}`;
      case 'error':
        return `Not saved: ${status.message}. Your text is still here; it will be saved on the next change.`;
    }
  })();
  const bad = status.kind === 'invalid' || status.kind === 'error';
  return (
    <p class={`save-state${bad ? ' field-error' : ''}`} role="status" aria-live="polite">
      {text}
    </p>
  );
}

interface ComposerProps {
  data: IncidentData;
  /** Called with the updated record once "Mark as sent" succeeds. */
  onSent?: (record: IncidentRecord) => void;
  layout: 'popup' | 'tab';
}

export function Composer({ data, onSent, layout }: ComposerProps) {
  const { record, events, state, poc } = data;
  const [draft, setDraft] = useState<FollowUpDraft>(
    () => state.followUpDraft ?? record.followUp ?? initialDraft(state, poc),
  );
  const [recipientsText, setRecipientsText] = useState(() => draft.recipients.join(', '));
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [sentAt, setSentAt] = useState(record.followUpSentAt ?? state.followUpSentAt);
  const [marking, setMarking] = useState(false);
  const autosave = useAutosave(record.id, draft);

  const report = draftFollowUp({ state, events, poc, draft, formatTime: formatDateTime });
  const update = (patch: Partial<FollowUpDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const checked = validate(FollowUpDraftSchema, draft);
  const problemFor = (field: keyof FollowUpDraft) => {
    if (checked.ok) return null;
    const problem = checked.problems.find((p) => p.path.split(/[.[]/)[0] === field);
    return problem ? problem.message : null;
  };
  const badAddresses = draft.recipients.filter((r) => !EMAIL.test(r));
  const recipientsError =
    problemFor('recipients') ??
    (badAddresses.length
      ? `Not an email address: ${badAddresses.map((a) => `"${a}"`).join(', ')}`
      : null);

  const copy = async () => {
    try {
      await copyReport(report);
      setNotice({
        text: 'Copied the email (plain and rich text). Paste it into a new email.',
        error: false,
      });
    } catch (error) {
      setNotice({
        text: `Could not copy: ${errorMessage(error)}. Select the preview text and copy it instead.`,
        error: true,
      });
    }
  };

  const openMail = async () => {
    const link = mailtoLink(report);
    if (link.fits) {
      await openMailLink(link.url);
      setNotice({ text: 'Opened in your mail app.', error: false });
      return;
    }
    try {
      await copyReport(report);
      setNotice({
        text: `This email is too long for a mail link (${link.length.toLocaleString()} characters; mail apps take about ${MAILTO_MAX_LENGTH.toLocaleString()}), so it was copied instead. Open a new email and paste it.`,
        error: false,
      });
    } catch (error) {
      setNotice({
        text: `This email is too long for a mail link, and copying failed: ${errorMessage(error)}. Download it as Markdown instead.`,
        error: true,
      });
    }
  };

  const download = () => {
    const name = ['incident-report', localDay(state.startedAt), poc ? slug(poc.prospect) : '']
      .filter(Boolean)
      .join('-');
    downloadMarkdown(report, `${name}.md`);
    setNotice({ text: `Downloaded ${name}.md.`, error: false });
  };

  const markSent = async () => {
    setMarking(true);
    // The report as sent should be the one kept.
    await autosave.flush();
    try {
      const updated = await send('incidents/mark-sent', { id: record.id });
      setSentAt(updated.followUpSentAt ?? Date.now());
      setNotice({ text: 'Marked as sent. The reminder is cleared.', error: false });
      onSent?.(updated);
    } catch (error) {
      setNotice({ text: `Not marked as sent: ${errorMessage(error)}`, error: true });
    } finally {
      setMarking(false);
    }
  };

  const sendBlocker =
    state.endedAt === null
      ? 'End the incident in the call overlay before marking the follow-up as sent.'
      : state.outcome === 'discarded'
        ? 'This incident was discarded as a false alarm; it needs no follow-up.'
        : null;

  const textField = (
    field: 'rootCause' | 'resolution' | 'prevention',
    label: string,
    hint: string,
    rows: number,
  ) => {
    const problem = problemFor(field);
    const id = `fu-${field}`;
    return (
      <div class="field">
        <label for={id}>{label}</label>
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
        <textarea
          id={id}
          rows={rows}
          value={draft[field]}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-hint ${id}-error` : `${id}-hint`}
          onInput={(e) => update({ [field]: e.currentTarget.value })}
        />
        {problem && (
          <p id={`${id}-error`} class="field-error">
            {label}: {problem}
          </p>
        )}
      </div>
    );
  };

  const subjectProblem = problemFor('subject');
  const ownerProblem = problemFor('preventionOwner');

  return (
    <div class={`composer composer-${layout}`}>
      <form
        class="composer-form"
        aria-label="Follow-up report"
        onSubmit={(e) => {
          e.preventDefault();
          void autosave.flush();
        }}
      >
        <SaveState status={autosave.status} />
        <div class="field">
          <label for="fu-recipients">Recipients</label>
          <p id="fu-recipients-hint" class="hint">
            Email addresses, separated by commas.
          </p>
          <input
            id="fu-recipients"
            type="text"
            inputMode="email"
            autocomplete="off"
            value={recipientsText}
            aria-invalid={recipientsError ? true : undefined}
            aria-describedby={
              recipientsError ? 'fu-recipients-hint fu-recipients-error' : 'fu-recipients-hint'
            }
            onInput={(e) => {
              setRecipientsText(e.currentTarget.value);
              update({ recipients: parseRecipients(e.currentTarget.value) });
            }}
          />
          {recipientsError && (
            <p id="fu-recipients-error" class="field-error">
              {recipientsError}
            </p>
          )}
        </div>
        <div class="field">
          <label for="fu-subject">Subject</label>
          <input
            id="fu-subject"
            type="text"
            value={draft.subject}
            aria-invalid={subjectProblem ? true : undefined}
            aria-describedby={subjectProblem ? 'fu-subject-error' : undefined}
            onInput={(e) => update({ subject: e.currentTarget.value })}
          />
          {subjectProblem && (
            <p id="fu-subject-error" class="field-error">
              Subject: {subjectProblem}
            </p>
          )}
        </div>
        {textField('rootCause', 'Root cause', 'What happened and why. Blameless and factual.', 4)}
        {textField('resolution', 'Resolution', 'What was done to fix it.', 3)}
        <fieldset class="field radio-group">
          <legend>The fix is</legend>
          {(['temporary', 'permanent'] as const).map((kind) => (
            <label key={kind} class="radio">
              <input
                type="radio"
                name="fu-resolution-kind"
                value={kind}
                checked={draft.resolutionKind === kind}
                onChange={() => update({ resolutionKind: kind })}
              />
              {kind === 'temporary' ? 'Temporary (a workaround)' : 'Permanent'}
            </label>
          ))}
        </fieldset>
        {textField('prevention', 'Prevention', 'What changes so it does not happen again.', 3)}
        <div class="field-pair">
          <div class="field">
            <label for="fu-owner">Prevention owner</label>
            <input
              id="fu-owner"
              type="text"
              value={draft.preventionOwner}
              aria-invalid={ownerProblem ? true : undefined}
              aria-describedby={ownerProblem ? 'fu-owner-error' : undefined}
              onInput={(e) => update({ preventionOwner: e.currentTarget.value })}
            />
            {ownerProblem && (
              <p id="fu-owner-error" class="field-error">
                Owner: {ownerProblem}
              </p>
            )}
          </div>
          <div class="field">
            <label for="fu-date">Prevention date</label>
            <input
              id="fu-date"
              type="date"
              value={draft.preventionDate}
              onInput={(e) => update({ preventionDate: e.currentTarget.value })}
            />
          </div>
        </div>
      </form>

      <section class="composer-actions" aria-label="Send the report">
        <div class="button-row">
          <button type="button" class="button" onClick={() => void copy()}>
            Copy email
          </button>
          <button type="button" class="button" onClick={() => void openMail()}>
            Open in mail app
          </button>
          <button type="button" class="button" onClick={download}>
            Download Markdown
          </button>
        </div>
        <p class={`notice${notice?.error ? ' field-error' : ''}`} role="status" aria-live="polite">
          {notice?.text ?? ''}
        </p>
        {sentAt !== null ? (
          <p class="sent-state">Follow-up marked as sent on {formatDateTime(sentAt)}.</p>
        ) : (
          <div class="mark-sent">
            <button
              type="button"
              class="button primary"
              disabled={marking || sendBlocker !== null}
              aria-describedby={sendBlocker ? 'mark-sent-blocker' : undefined}
              onClick={() => void markSent()}
            >
              {marking ? 'Marking…' : 'Mark as sent'}
            </button>
            {sendBlocker && (
              <p id="mark-sent-blocker" class="hint">
                {sendBlocker}
              </p>
            )}
          </div>
        )}
      </section>

      <EmailPreview report={report} />
    </div>
  );
}
