/** The POCs tab: the list (archived hidden unless asked for) and the selected POC's editor. */
import { CRITERION_STATUS_LABELS } from '../../domain/poc';
import { usePage } from '../ui/context';
import type { PocsModel } from './model';
import { PocEditor } from './PocEditor';
import { PocTitle } from './PocTitle';

export function PocsPanel({ model }: { model: PocsModel }) {
  const { announce } = usePage();
  const pocs = model.pocs.value;
  const visible = model.visible.value;
  const selected = model.selected.value;
  const archivedCount = (pocs ?? []).filter((p) => p.archived).length;

  return (
    <section class="panel" aria-labelledby="pocs-heading">
      <div class="section-head">
        <h2 id="pocs-heading">POCs</h2>
        <button
          type="button"
          class="primary"
          disabled={!pocs}
          onClick={() => {
            model.add();
            announce('New POC added. Enter the prospect.');
            requestAnimationFrame(() => document.getElementById('poc-prospect')?.focus());
          }}
        >
          Add POC
        </button>
      </div>
      <p class="lead">
        The deals you demo for and the success criteria each must prove. When you escalate, the
        overlay suggests the first criterion not yet proven, in the order you set here.
      </p>
      {model.loadError.value ? (
        <p role="alert" class="error-box">
          Your POCs could not be loaded: {model.loadError.value}{' '}
          <button type="button" onClick={() => void model.refresh()}>
            Try again
          </button>
        </p>
      ) : null}
      <div class="pocs-layout">
        <div class="poc-list-pane">
          <label class="checkbox">
            <input
              type="checkbox"
              checked={model.showArchived.value}
              onChange={(e) => (model.showArchived.value = e.currentTarget.checked)}
            />
            Show archived{archivedCount ? ` (${archivedCount})` : ''}
          </label>
          {!pocs ? (
            <p class="loading">Loading POCs…</p>
          ) : visible.length === 0 ? (
            <p class="empty">
              {pocs.length === 0
                ? 'No POCs yet. Add one to give the overlay its prospect and criteria.'
                : 'Every POC is archived.'}
            </p>
          ) : (
            <ul class="poc-list" aria-label="POCs">
              {visible.map((poc) => {
                const open = poc.criteria.filter((c) => c.status !== 'proven').length;
                return (
                  <li key={poc.id}>
                    <button
                      type="button"
                      aria-current={poc.id === selected?.id ? 'true' : undefined}
                      onClick={() => (model.selectedId.value = poc.id)}
                    >
                      <span class="poc-name">
                        <PocTitle poc={poc} />
                      </span>
                      <span class="poc-meta">
                        {poc.archived ? 'Archived · ' : ''}
                        {poc.criteria.length} {poc.criteria.length === 1 ? 'criterion' : 'criteria'}
                        {poc.criteria.length
                          ? `, ${open} not ${CRITERION_STATUS_LABELS.proven.toLowerCase()}`
                          : ''}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
        <div class="poc-editor-pane">
          {selected ? (
            <PocEditor key={selected.id} poc={selected} model={model} />
          ) : (
            <p class="empty">Select a POC to edit it, or add one.</p>
          )}
        </div>
      </div>
    </section>
  );
}
