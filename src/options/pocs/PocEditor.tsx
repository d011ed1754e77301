/** One POC: prospect, name, contacts, and success criteria in order of preference. */
import { ItemActions } from '../ui/ItemActions';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { CriterionStatus, Poc, SuccessCriterion } from '../../domain/poc';
import { CRITERION_STATUS_LABELS, POC_LIMITS } from '../../domain/poc';
import { moveItem } from '../playbook/model';
import { FieldMessages, describedBy } from '../ui/FieldMessages';
import { usePage } from '../ui/context';
import { focusFirst, otherMove } from '../ui/focus';
import { DemoApps } from './DemoApps';
import type { PocsModel } from './model';
import { displayName } from './model';
import { PocTitle } from './PocTitle';

const sentence = (message: string) => `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;

export function PocEditor({ poc, model }: { poc: Poc; model: PocsModel }) {
  const { announce } = usePage();
  const problems = model.problems.value.get(poc.id) ?? [];
  const errorsAt = (path: string) => {
    const list = problems.filter((p) => p.path === path).map((p) => sentence(p.message));
    return list.length ? list : undefined;
  };
  const change = (next: (poc: Poc) => Poc) => model.update(poc.id, next);
  // data-focus-id values to try, in order, once the next render is in the DOM.
  const focusNext = useRef<string[] | null>(null);
  const root = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const ids = focusNext.current;
    focusNext.current = null;
    if (ids)
      focusFirst(
        root.current,
        ids.map((id) => `[data-focus-id="${id}"]`),
      );
  });

  const textField = (field: 'prospect' | 'name', label: string, hint: string) => {
    const id = `poc-${field}`;
    const errors = errorsAt(field);
    return (
      <div class="field">
        <label for={id}>{label}</label>
        <input
          id={id}
          type="text"
          value={poc[field]}
          aria-invalid={errors ? true : undefined}
          aria-describedby={describedBy(`${id}-hint`, errors && `${id}-errors`)}
          onInput={(e) => {
            const value = e.currentTarget.value;
            change((p) => ({ ...p, [field]: value }));
          }}
        />
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
        <FieldMessages id={`${id}-errors`} errors={errors} />
      </div>
    );
  };

  const setCriterion = (index: number, patch: Partial<SuccessCriterion>) =>
    change((p) => ({
      ...p,
      criteria: p.criteria.map((c, i) => (i === index ? { ...c, ...patch } : c)),
    }));

  function moveCriterion(index: number, to: number, part: 'up' | 'down') {
    const criterion = poc.criteria[index];
    if (!criterion || to < 0 || to >= poc.criteria.length) return;
    focusNext.current = [`${criterion.id}-${part}`, `${criterion.id}-${otherMove(part)}`];
    change((p) => ({ ...p, criteria: moveItem(p.criteria, index, to) }));
    announce(
      `${criterion.title || 'Criterion'} is now preference ${to + 1} of ${poc.criteria.length}.`,
    );
  }

  return (
    <div class="poc-editor" ref={root}>
      <div class="section-head">
        <h3>
          <PocTitle poc={poc} />
        </h3>
        {poc.archived ? <span class="badge">Archived</span> : null}
        <button
          type="button"
          onClick={() => {
            model.setArchived(poc.id, !poc.archived);
            announce(
              poc.archived
                ? `${displayName(poc)} is active again.`
                : `${displayName(poc)} archived. Its incidents keep their link; "Show archived" lists it.`,
            );
          }}
        >
          {poc.archived ? 'Unarchive' : 'Archive'}
        </button>
      </div>
      {poc.archived ? (
        <p class="hint">
          Archived POCs are not offered in the overlay. Incidents keep their link to this POC.
        </p>
      ) : null}

      <div class="grid-2">
        {textField('prospect', 'Prospect', 'The company, as you would say it on the call.')}
        {textField('name', 'POC name', 'Optional, e.g. "Data platform evaluation".')}
      </div>

      <fieldset>
        <legend>Contacts</legend>
        <p class="hint">Who receives the follow-up report.</p>
        {poc.contacts.length === 0 ? <p class="empty">No contacts yet.</p> : null}
        <ul class="rows">
          {poc.contacts.map((contact, index) => {
            const n = index + 1;
            const nameErrors = errorsAt(`contacts[${index}].name`);
            const emailErrors = errorsAt(`contacts[${index}].email`);
            const setContact = (patch: Partial<typeof contact>) =>
              change((p) => ({
                ...p,
                contacts: p.contacts.map((c, i) => (i === index ? { ...c, ...patch } : c)),
              }));
            return (
              <li key={index} class="contact-row">
                <div class="field">
                  <label for={`contact-${index}-name`}>
                    <span class="visually-hidden">Contact {n} </span>Name
                  </label>
                  <input
                    id={`contact-${index}-name`}
                    data-focus-id={`contact-${index}`}
                    type="text"
                    value={contact.name}
                    aria-invalid={nameErrors ? true : undefined}
                    aria-describedby={describedBy(nameErrors && `contact-${index}-name-errors`)}
                    onInput={(e) => setContact({ name: e.currentTarget.value })}
                  />
                  <FieldMessages id={`contact-${index}-name-errors`} errors={nameErrors} />
                </div>
                <div class="field">
                  <label for={`contact-${index}-email`}>
                    <span class="visually-hidden">Contact {n} </span>Email
                  </label>
                  <input
                    id={`contact-${index}-email`}
                    type="email"
                    value={contact.email}
                    aria-invalid={emailErrors ? true : undefined}
                    aria-describedby={describedBy(emailErrors && `contact-${index}-email-errors`)}
                    onInput={(e) => setContact({ email: e.currentTarget.value.trim() })}
                  />
                  <FieldMessages id={`contact-${index}-email-errors`} errors={emailErrors} />
                </div>
                <button
                  type="button"
                  class="row-action"
                  aria-label={`Remove contact ${n}`}
                  onClick={() =>
                    change((p) => ({ ...p, contacts: p.contacts.filter((_, i) => i !== index) }))
                  }
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
        <FieldMessages id="contacts-errors" errors={errorsAt('contacts')} />
        <button
          type="button"
          disabled={poc.contacts.length >= POC_LIMITS.contacts}
          onClick={() => {
            focusNext.current = [`contact-${poc.contacts.length}`];
            change((p) => ({ ...p, contacts: [...p.contacts, { name: '', email: '' }] }));
          }}
        >
          Add contact
        </button>
      </fieldset>

      <DemoApps poc={poc} model={model} />

      <fieldset>
        <legend>Success criteria</legend>
        <p class="hint">
          In order of preference: when you escalate, the overlay offers the first one not yet proven
          as the thing to show instead.
        </p>
        {poc.criteria.length === 0 ? <p class="empty">No success criteria yet.</p> : null}
        <ol class="rows">
          {poc.criteria.map((criterion, index) => (
            <CriterionRow
              key={criterion.id}
              criterion={criterion}
              index={index}
              count={poc.criteria.length}
              errorsAt={errorsAt}
              onChange={(patch) => setCriterion(index, patch)}
              onMove={(to, part) => moveCriterion(index, to, part)}
              onRemove={() => {
                change((p) => ({ ...p, criteria: p.criteria.filter((_, i) => i !== index) }));
                announce(`Criterion ${index + 1} removed.`);
              }}
            />
          ))}
        </ol>
        <FieldMessages id="criteria-errors" errors={errorsAt('criteria')} />
        <button
          type="button"
          disabled={poc.criteria.length >= POC_LIMITS.criteria}
          onClick={() => {
            const id = crypto.randomUUID();
            focusNext.current = [`${id}-title`];
            change((p) => ({
              ...p,
              criteria: [...p.criteria, { id, title: '', howToShow: '', status: 'not-shown' }],
            }));
          }}
        >
          Add criterion
        </button>
      </fieldset>
    </div>
  );
}

function CriterionRow({
  criterion,
  index,
  count,
  errorsAt,
  onChange,
  onMove,
  onRemove,
}: {
  criterion: SuccessCriterion;
  index: number;
  count: number;
  errorsAt: (path: string) => string[] | undefined;
  onChange: (patch: Partial<SuccessCriterion>) => void;
  onMove: (to: number, part: 'up' | 'down') => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  const id = `criterion-${criterion.id}`;
  const titleErrors = errorsAt(`criteria[${index}].title`);
  const howErrors = errorsAt(`criteria[${index}].howToShow`);
  return (
    <li class="criterion">
      <div class="row-head">
        <span class="rank">Preference {n}</span>
        <ItemActions
          label={`criterion ${n}`}
          index={index}
          count={count}
          onMove={onMove}
          onRemove={onRemove}
          marker={(direction) => ({ 'data-focus-id': `${criterion.id}-${direction}` })}
        />
      </div>
      <div class="grid-criterion">
        <div class="field">
          <label for={`${id}-title`}>
            <span class="visually-hidden">Criterion {n} </span>Title
          </label>
          <input
            id={`${id}-title`}
            data-focus-id={`${criterion.id}-title`}
            type="text"
            value={criterion.title}
            aria-invalid={titleErrors ? true : undefined}
            aria-describedby={describedBy(titleErrors && `${id}-title-errors`)}
            onInput={(e) => onChange({ title: e.currentTarget.value })}
          />
          <FieldMessages id={`${id}-title-errors`} errors={titleErrors} />
        </div>
        <div class="field">
          <label for={`${id}-how`}>
            <span class="visually-hidden">Criterion {n}: </span>How to show it (one line)
          </label>
          <input
            id={`${id}-how`}
            type="text"
            value={criterion.howToShow}
            aria-invalid={howErrors ? true : undefined}
            aria-describedby={describedBy(howErrors && `${id}-how-errors`)}
            onInput={(e) => onChange({ howToShow: e.currentTarget.value })}
          />
          <FieldMessages id={`${id}-how-errors`} errors={howErrors} />
        </div>
        <div class="field">
          <label for={`${id}-status`}>
            <span class="visually-hidden">Criterion {n} </span>Status
          </label>
          <select
            id={`${id}-status`}
            value={criterion.status}
            onChange={(e) => onChange({ status: e.currentTarget.value as CriterionStatus })}
          >
            {(Object.keys(CRITERION_STATUS_LABELS) as CriterionStatus[]).map((status) => (
              <option key={status} value={status}>
                {CRITERION_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
      </div>
    </li>
  );
}
