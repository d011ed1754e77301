/**
 * What the side panel page does around the recovery UI: follows the stored incident, takes the
 * worker's provisional incident at once (so the panel paints before the write lands), runs the
 * clock while an incident is active, and answers the UI's host controls.
 */
import { effect, untracked } from '@preact/signals';
import browser, { type Runtime } from 'webextension-polyfill';
import type { OverlayControls } from '../recovery/components/Overlay';
import type { OverlayStore } from '../recovery/store';
import type { ActiveIncident } from '../shared/messages';
import { tickEverySecond } from '../recovery/ticker';
import { PanelShowSchema } from '../shared/panel-show';
import { validate } from '../shared/schemas';

export interface PanelHost {
  controls: OverlayControls;
}

export function createPanelHost(store: OverlayStore): PanelHost {
  void store.follow();
  void store.refresh();
  void store.loadPocs();

  // The worker's push on the hotkey: the incident it is storing, painted without waiting.
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id || sender.tab) return;
    const push = validate(PanelShowSchema, message);
    if (!push.ok) return;
    store.closed.value = false;
    store.accept(push.value.incident as ActiveIncident);
  });

  effect(() => {
    if (!store.active.value) return;
    return untracked(() => tickEverySecond(store));
  });

  const noop = () => {};
  return {
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
