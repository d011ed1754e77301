/** The side panel: the recovery while an incident is shown, otherwise the calm ready view. */
import { useLayoutEffect } from 'preact/hooks';
import { OverlayView } from '../recovery/components/Overlay';
import type { OverlayStore } from '../recovery/store';
import { RECOVERY_PAINTED_MARK } from '../shared/constants';
import type { PanelHost } from './host';
import { ReadyView } from './ReadyView';

/**
 * A performance mark at the end of the frame that first paints an incident's recovery here
 * (animation callbacks run before that frame's paint; the task after, past it), so the hotkey's
 * latency can be read from the panel itself (the bench does).
 */
function markPainted(): void {
  requestAnimationFrame(() => setTimeout(() => performance.mark(RECOVERY_PAINTED_MARK), 0));
}

export function SidePanel({ store, host }: { store: OverlayStore; host: PanelHost }) {
  const showing = store.state.value !== null && !store.closed.value && !store.vanished.value;
  const shownId = showing ? (store.incident.value?.record.id ?? null) : null;
  // A layout effect runs as the DOM is committed, before that frame is painted.
  useLayoutEffect(() => {
    if (shownId !== null) markPainted();
  }, [shownId]);
  return showing ? (
    <main class="recovery" aria-label="Recovery">
      <OverlayView store={store} mode="full" controls={host.controls} place="side-panel" />
    </main>
  ) : (
    <ReadyView store={store} />
  );
}
