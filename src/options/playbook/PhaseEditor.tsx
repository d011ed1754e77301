/** One phase of the playbook: its goal, talk tracks, don't-say phrases and checklist. */
import type { PhaseId } from '../../domain/playbook';
import { PHASE_LABELS, PLAYBOOK_LIMITS } from '../../domain/playbook';
import { CharCount } from '../ui/CharCount';
import { FieldMessages, describedBy } from '../ui/FieldMessages';
import { usePage } from '../ui/context';
import type { DraftProblems, LineListField, PhaseDraft } from './draft';
import { linesOf } from './draft';
import type { PlaybookModel } from './model';
import type { PreviewSample } from './preview';
import { TalkTracks } from './TalkTracks';

const LINE_FIELDS: Record<LineListField, { label: string; hint: string; noun: string }> = {
  dontSay: {
    label: "Don't say",
    hint: 'One phrase per line. The overlay reminds you not to say these in this phase.',
    noun: 'phrases',
  },
  checklist: {
    label: 'Checklist',
    hint: 'One item per line, in the order you work through them.',
    noun: 'items',
  },
};

export function PhaseEditor({
  phase,
  draft,
  problems,
  model,
  sample,
}: {
  phase: PhaseId;
  draft: PhaseDraft;
  problems: DraftProblems;
  model: PlaybookModel;
  sample: PreviewSample;
}) {
  const { confirm } = usePage();
  const label = PHASE_LABELS[phase];
  const setPhase = (change: Partial<PhaseDraft>) =>
    model.update((d) => ({
      ...d,
      phases: { ...d.phases, [phase]: { ...d.phases[phase], ...change } },
    }));
  const goalId = `${phase}-goal`;
  const goalErrors = problems.get(`phases.${phase}.goal`);

  return (
    <div class="phase">
      <div class="section-head">
        <h3>{label}</h3>
        <button
          type="button"
          onClick={() =>
            confirm({
              title: `Reset ${label} to the defaults?`,
              message: (
                <p>
                  The goal, talk tracks, don't-say phrases and checklist of this phase are replaced
                  by Demo Rescue's defaults. Other phases and the phase windows stay as they are.
                </p>
              ),
              confirmLabel: `Reset ${label}`,
              onConfirm: () => model.resetPhase(phase),
            })
          }
        >
          Reset {label}…
        </button>
      </div>

      <div class="field">
        <label for={goalId}>Goal</label>
        <textarea
          id={goalId}
          rows={2}
          value={draft.goal}
          aria-invalid={goalErrors ? true : undefined}
          aria-describedby={describedBy(
            draft.goal.length >= PLAYBOOK_LIMITS.goalChars * 0.8 && `${goalId}-count`,
            goalErrors && `${goalId}-errors`,
          )}
          onInput={(e) => setPhase({ goal: e.currentTarget.value })}
        />
        <CharCount
          id={`${goalId}-count`}
          length={draft.goal.length}
          limit={PLAYBOOK_LIMITS.goalChars}
        />
        <FieldMessages id={`${goalId}-errors`} errors={goalErrors} />
      </div>

      <TalkTracks
        phase={phase}
        tracks={draft.talkTracks}
        problems={problems}
        model={model}
        sample={sample}
      />

      {(['dontSay', 'checklist'] as const).map((field) => (
        <LinesField
          key={field}
          id={`${phase}-${field}`}
          field={field}
          value={draft[field]}
          errors={problems.get(`phases.${phase}.${field}`)}
          onInput={(value) => setPhase({ [field]: value })}
        />
      ))}
    </div>
  );
}

function LinesField({
  id,
  field,
  value,
  errors,
  onInput,
}: {
  id: string;
  field: LineListField;
  value: string;
  errors: readonly string[] | undefined;
  onInput: (value: string) => void;
}) {
  const { label, hint, noun } = LINE_FIELDS[field];
  const count = linesOf(value).length;
  const limit = PLAYBOOK_LIMITS.listItems;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <p id={`${id}-hint`} class="hint">
        {hint} At most {limit} {noun} of {PLAYBOOK_LIMITS.itemChars} characters each.
      </p>
      <textarea
        id={id}
        rows={Math.min(12, Math.max(4, value.split('\n').length + 1))}
        value={value}
        aria-invalid={errors ? true : undefined}
        aria-describedby={describedBy(`${id}-hint`, `${id}-count`, errors && `${id}-errors`)}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <p id={`${id}-count`} class={count > limit ? 'char-count over' : 'char-count'}>
        {count === 1 ? `1 ${noun.replace(/s$/, '')}` : `${count} ${noun}`}
        {count >= limit * 0.8 ? ` of ${limit}` : ''}
      </p>
      <FieldMessages id={`${id}-errors`} errors={errors} />
    </div>
  );
}
