/** The side panel: the recovery while an incident is shown, otherwise the calm ready view. */
import { useLayoutEffect, useState } from 'preact/hooks';
import { OverlayView } from '../recovery/components/Overlay';
import type { OverlayStore } from '../recovery/store';
import { RECOVERY_PAINTED_MARK } from '../shared/constants';
import { send } from '../shared/messaging';
import type { PanelHost } from './host';
import { ReadyView } from './ReadyView';

/**
 * Runs after the frame that first paints an incident's recovery here (animation callbacks run
 * before that frame's paint; the task after, past it).
 */
function afterPaint(then: () => void): void {
  requestAnimationFrame(() => setTimeout(then, 0));
}

export function SidePanel({ store, host }: { store: OverlayStore; host: PanelHost }) {
  const showing = store.state.value !== null && !store.closed.value && !store.vanished.value;
  const shownId = showing ? (store.incident.value?.record.id ?? null) : null;
  // The incident whose first frame (phase, clock, what to say) is painted; the rest follows.
  const [painted, setPainted] = useState<string | null>(null);
  // A layout effect runs as the DOM is committed, before that frame is painted.
  useLayoutEffect(() => {
    if (shownId === null || shownId === painted) return;
    afterPaint(() => {
      // Read by the bench: the hotkey's latency, from the panel itself.
      performance.mark(RECOVERY_PAINTED_MARK);
      setPainted(shownId);
      // The worker holds the call tab's share of a hotkey until now (or a moment).
      send('panel/painted', {}).catch(() => undefined);
    });
  }, [shownId, painted]);
  return showing ? (
    <main class="recovery" aria-label="Recovery">
      <OverlayView
        store={store}
        mode="full"
        controls={host.controls}
        place="side-panel"
        firstPaint={shownId !== painted}
      />
    </main>
  ) : (
    <ReadyView store={store} host={host} />
  );
}
