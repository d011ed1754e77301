/**
 * What the side panel page does around the recovery UI: follows the stored incident, paints a
 * press at once (the hotkey's, written by the worker before it decides anything, or the ready
 * view's button), runs the clock while an incident is active, and answers the UI's controls.
 */
import { effect, signal, untracked, type ReadonlySignal } from '@preact/signals';
import { startedIncident } from '../domain/record';
import type { OverlayControls } from '../recovery/components/Overlay';
import type { OverlayStore } from '../recovery/store';
import { tickEverySecond } from '../recovery/ticker';
import { send } from '../shared/messaging';
import { PRESS_FRESH_MS, newPress, type PanelPress, type Press } from '../shared/panel-press';
import { panelPressItem } from '../shared/storage/items';

export interface PanelHost {
  controls: OverlayControls;
  /** Why the last press started nothing, as the SE was told; null otherwise. */
  withdrawn: ReadonlySignal<string | null>;
  /** The ready view's "Start recovery": painted at once, like the hotkey. */
  start(): Promise<void>;
  /**
   * Settles once the stored incident and the last press are read (and a pending press taken),
   * so the first render is the right view: the ready view's own requests to the worker never
   * compete with a hotkey the worker is serving.
   */
  loaded: Promise<void>;
  /** After the first paint: what only the ready view and later sections need. */
  afterFirstPaint(): void;
}

/**
 * The recovery as it starts, painted before it is stored. Its platform and meeting are not
 * shown anywhere in the recovery UI; the stored incident (same id, same start) replaces them.
 */
function paintedPress(press: Press) {
  return startedIncident({ ...press, platform: 'meet', meetingCode: null });
}

export function createPanelHost(store: OverlayStore): PanelHost {
  const withdrawn = signal<string | null>(null);

  function take(press: PanelPress | null, now = Date.now()): void {
    if (!press) return;
    if (press.status === 'withdrawn') {
      store.withdraw(press.incidentId);
      withdrawn.value = press.reason;
      return;
    }
    // Started: its incident is in the mirror (or ended already). Old: history, not this press.
    if (press.status !== 'pending' || now - press.at > PRESS_FRESH_MS) return;
    // A press that only re-shows the active incident.
    if (store.active.peek()) return;
    withdrawn.value = null;
    store.closed.value = false;
    store.paint(paintedPress(press));
  }

  // Both reads at once: a press is painted only when the mirror holds no active incident.
  panelPressItem.watch((press) => take(press));
  const loaded = Promise.all([store.follow(), panelPressItem.get()]).then(
    ([, press]) => take(press),
    () => undefined,
  );

  effect(() => {
    if (!store.active.value) return;
    return untracked(() => tickEverySecond(store));
  });

  const noop = () => {};
  return {
    withdrawn,
    loaded,
    afterFirstPaint() {
      // The worker's own view of the incident (the mirror may lag it after a restart).
      void store.refresh();
      void store.loadPocs();
    },
    async start() {
      const press = newPress(Date.now());
      take(press);
      await send('panel/start', { press });
    },
    controls: {
      // Nothing to go back to: the page the SE presents keeps its focus where it was.
      leave: () => (document.activeElement as HTMLElement | null)?.blur(),
      close: () => (store.closed.value = true),
      startDrag: noop,
      moveBy: noop,
      // Document Picture-in-Picture cannot open from a side panel (its window closes at once).
    },
  };
}
