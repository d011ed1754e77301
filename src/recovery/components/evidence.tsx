/**
 * The latest failures seen in the demo tab, at a glance; one of them fills "What failed", and
 * each can be deleted from the incident.
 */
import { formatEvidence, issueFrom } from '../../domain/evidence';
import type { OverlayStore } from '../store';
import { Kbd } from './sections';

/** How many of the latest failures show; the rest are in the timeline. */
const SHOWN = 5;

export function EvidenceList({ store }: { store: OverlayStore }) {
  const state = store.state.value;
  if (!state || !store.active.value) return null;
  const items = state.evidence.slice(-SHOWN);
  if (items.length === 0) return null;
  const now = store.now.value;
  const latest = items.at(-1)!;
  return (
    <section aria-labelledby="evidence-label" data-evidence>
      <h3 class="label" id="evidence-label">
        Seen failing in the demo ({state.evidence.length})
      </h3>
      <ol class="evidence">
        {items.map((item) => {
          const used = state.issue === issueFrom(item).slice(0, 500);
          return (
            <li key={item.id}>
              <span class="evidence-text">{formatEvidence(item, now)}</span>
              <button
                type="button"
                class="act"
                aria-pressed={used}
                aria-label={`Use as what failed: ${formatEvidence(item, now)}`}
                onClick={() => void store.useEvidence(item)}
              >
                {used ? 'Used' : 'Use as what failed'}
                {item === latest && <Kbd>W</Kbd>}
              </button>
              <button
                type="button"
                class="act"
                aria-label={`Delete this evidence: ${formatEvidence(item, now)}`}
                onClick={() => void store.deleteEvidence(item)}
              >
                Delete
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
