/** Fields of the playbook changed here and in another tab at once: both versions, and a choice. */
import type { FieldConflict } from '../../domain/field-merge';
import { describeField } from '../stored-data/describe';
import type { PlaybookModel } from './model';

/** A field's value as the SE would read it: text as is, a list one item per line. */
function shown(value: unknown): string {
  if (typeof value === 'string') return value || '(empty)';
  if (Array.isArray(value)) return value.map(shown).join('\n') || '(empty)';
  if (value === undefined) return '(removed)';
  return JSON.stringify(value);
}

function Conflict({ conflict, model }: { conflict: FieldConflict; model: PlaybookModel }) {
  const label = describeField('playbook', conflict.path);
  return (
    <li class="conflict" aria-label={label}>
      <p>
        <strong>{label}</strong>
      </p>
      <p>Saved in another tab:</p>
      <blockquote data-version="theirs">{shown(conflict.theirs)}</blockquote>
      <p>Yours, not saved:</p>
      <blockquote data-version="mine">{shown(conflict.mine)}</blockquote>
      <div class="actions">
        <button type="button" onClick={() => model.resolve(conflict.path, 'mine')}>
          Keep mine
        </button>
        <button type="button" onClick={() => model.resolve(conflict.path, 'theirs')}>
          Use the other tab's
        </button>
      </div>
    </li>
  );
}

export function Conflicts({ model }: { model: PlaybookModel }) {
  const conflicts = model.conflicts.value;
  if (conflicts.length === 0) return null;
  return (
    <section class="conflicts" role="alert" aria-labelledby="conflicts-heading">
      <h3 id="conflicts-heading">Changed in another tab while you were editing</h3>
      <p>Your version is in the editor and is not saved. Choose which one to keep.</p>
      <ul>
        {conflicts.map((conflict) => (
          <Conflict key={JSON.stringify(conflict.path)} conflict={conflict} model={model} />
        ))}
      </ul>
    </section>
  );
}
