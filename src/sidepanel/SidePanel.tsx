/** The side panel: the recovery while an incident is shown, otherwise the calm ready view. */
import { OverlayView } from '../recovery/components/Overlay';
import type { OverlayStore } from '../recovery/store';
import type { PanelHost } from './host';
import { ReadyView } from './ReadyView';

export function SidePanel({ store, host }: { store: OverlayStore; host: PanelHost }) {
  const showing = store.state.value !== null && !store.closed.value && !store.vanished.value;
  return showing ? (
    <main class="recovery" aria-label="Recovery">
      <OverlayView store={store} mode="full" controls={host.controls} place="side-panel" />
    </main>
  ) : (
    <ReadyView store={store} />
  );
}
