/** The once-a-second clock every host of the recovery runs while its incident is shown. */
import type { OverlayStore } from './store';

/** Fire just after the second turns, so the displayed m:ss is never a second behind. */
const TICK_SLACK_MS = 5;

/**
 * Ticks `store.now` at once and then just after each second of the incident's clock turns, while
 * `alive` allows (false stops it: the host is gone); `beforeTick` runs each second once the next
 * tick is scheduled. Returns the stop.
 */
export function tickEverySecond(
  store: OverlayStore,
  { alive = () => true, beforeTick }: { alive?: () => boolean; beforeTick?: () => void } = {},
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    const startedAt = store.state.peek()?.startedAt ?? Date.now();
    const intoSecond = (Date.now() - startedAt) % 1000;
    timer = setTimeout(onTick, 1000 - intoSecond + TICK_SLACK_MS);
  };
  const onTick = () => {
    if (!alive()) return;
    schedule();
    beforeTick?.();
    store.tick();
  };
  store.tick();
  schedule();
  return () => clearTimeout(timer);
}
