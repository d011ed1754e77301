/** The playbook tab: phase windows, then one sub-tab per phase. */
import { useState } from 'preact/hooks';
import type { PhaseId, Playbook } from '../../domain/playbook';
import { PHASE_IDS, PHASE_LABELS, PLAYBOOK_LIMITS } from '../../domain/playbook';
import type { Poc } from '../../domain/poc';
import { FieldMessages, describedBy } from '../ui/FieldMessages';
import { TabPanel, Tabs } from '../ui/Tabs';
import { usePage } from '../ui/context';
import type { DraftProblems, WindowField, WindowsDraft } from './draft';
import { WINDOW_FIELDS } from './draft';
import type { PlaybookModel } from './model';
import { PhaseEditor } from './PhaseEditor';
import { Conflicts } from './Conflicts';
import { previewSample } from './preview';

const WINDOW_HINTS: Record<WindowField, string> = {
  acknowledgeSeconds: 'Name the failure out loud within this long. Default 60 seconds.',
  diagnoseMinutes:
    'Fix it live until this long after the failure, then escalate. Default 10 minutes.',
  followUpHours: 'Send the written follow-up within this long. Default 24 hours.',
};

export function PlaybookEditor({
  model,
  samplePoc,
}: {
  model: PlaybookModel;
  samplePoc: Poc | null;
}) {
  const { confirm } = usePage();
  const [phase, setPhase] = useState<PhaseId>('acknowledge');
  const draft = model.draft.value;
  const check = model.check.value;
  const loadError = model.loadError.value;

  if (loadError) {
    return (
      <p role="alert" class="error-box">
        The playbook could not be loaded: {loadError}
      </p>
    );
  }
  if (!draft || !check) return <p class="loading">Loading the playbook…</p>;

  const problemCount = (id: PhaseId) =>
    [...check.problems.entries()]
      .filter(([key]) => key.startsWith(`phases.${id}.`))
      .reduce((n, [, list]) => n + list.length, 0);

  return (
    <section class="panel" aria-labelledby="playbook-heading">
      <div class="section-head">
        <h2 id="playbook-heading">Playbook</h2>
        <button
          type="button"
          onClick={() =>
            confirm({
              title: 'Reset the whole playbook to the defaults?',
              message: (
                <p>
                  Every phase's goal, talk tracks, don't-say phrases and checklist, and the phase
                  windows, are replaced by Demo Rescue's defaults. Export the playbook first if you
                  may want it back.
                </p>
              ),
              confirmLabel: 'Reset everything',
              onConfirm: () => model.resetAll(),
            })
          }
        >
          Reset everything…
        </button>
      </div>
      <p class="lead">
        What the overlay tells you in each phase of a recovery. Changes save as you type and reach
        an open overlay right away.
      </p>

      <Conflicts model={model} />

      <WindowsEditor
        windows={draft.windows}
        problems={check.problems}
        onInput={(field, value) =>
          model.update((d) => ({ ...d, windows: { ...d.windows, [field]: value } }))
        }
      />

      <Tabs
        label="Phases"
        idPrefix="phase"
        tabs={PHASE_IDS.map((id) => {
          const count = problemCount(id);
          return {
            id,
            label: PHASE_LABELS[id],
            badge: count ? `(${count} ${count === 1 ? 'problem' : 'problems'})` : undefined,
          };
        })}
        selected={phase}
        onSelect={setPhase}
      />
      <TabPanel idPrefix="phase" id={phase}>
        <PhaseEditor
          phase={phase}
          draft={draft.phases[phase]}
          problems={check.problems}
          model={model}
          sample={previewSample(samplePoc)}
        />
      </TabPanel>
    </section>
  );
}

function WindowsEditor({
  windows,
  problems,
  onInput,
}: {
  windows: WindowsDraft;
  problems: DraftProblems;
  onInput: (field: WindowField, value: string) => void;
}) {
  return (
    <fieldset class="windows">
      <legend>Phase windows</legend>
      {(Object.keys(WINDOW_FIELDS) as WindowField[]).map((field) => {
        const { path, label, unit, msPerUnit } = WINDOW_FIELDS[field];
        const limits = PLAYBOOK_LIMITS[path.slice('windows.'.length) as keyof Playbook['windows']];
        const [min, max] = [limits.min / msPerUnit, limits.max / msPerUnit];
        const id = `window-${field}`;
        const errors = problems.get(path);
        return (
          <div class="field" key={field}>
            <label for={id}>
              {label} ({unit})
            </label>
            <input
              id={id}
              type="number"
              inputMode="decimal"
              step="any"
              min={min}
              max={max}
              value={windows[field]}
              aria-invalid={errors ? true : undefined}
              aria-describedby={describedBy(`${id}-hint`, errors && `${id}-errors`)}
              onInput={(e) => onInput(field, e.currentTarget.value)}
            />
            <p id={`${id}-hint`} class="hint">
              {WINDOW_HINTS[field]} Between {min} and {max} {unit}.
            </p>
            <FieldMessages id={`${id}-errors`} errors={errors} />
          </div>
        );
      })}
    </fieldset>
  );
}
