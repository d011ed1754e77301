/**
 * Whether the overlay's host can actually be seen: a page can remove it, hide it, shrink it or
 * push it off-screen. The controller checks with every clock tick (after undoing what it can)
 * and has the worker tell the user privately when the overlay still cannot be seen.
 */
import type { UnseenReason } from '../../shared/messages';

export interface HostMeasure {
  connected: boolean;
  /** checkVisibility(), honouring visibility, opacity and content-visibility. */
  rendered: boolean;
  rect: { left: number; top: number; width: number; height: number };
  viewport: { width: number; height: number };
}

/** At least this many px of the host must be inside the viewport each way. */
const MIN_VISIBLE_PX = 8;

export function visibilityProblem(measure: HostMeasure): UnseenReason | null {
  if (!measure.connected) return 'removed';
  if (!measure.rendered) return 'hidden';
  const { left, top, width, height } = measure.rect;
  if (width < 1 || height < 1) return 'zero-size';
  const visibleWidth = Math.min(left + width, measure.viewport.width) - Math.max(left, 0);
  const visibleHeight = Math.min(top + height, measure.viewport.height) - Math.max(top, 0);
  if (visibleWidth < MIN_VISIBLE_PX || visibleHeight < MIN_VISIBLE_PX) return 'off-screen';
  return null;
}

export function measureHost(host: HTMLElement, win: Window): HostMeasure {
  const rendered =
    typeof host.checkVisibility !== 'function' ||
    host.checkVisibility({
      opacityProperty: true,
      visibilityProperty: true,
      contentVisibilityAuto: true,
    });
  const { left, top, width, height } = host.getBoundingClientRect();
  return {
    connected: host.isConnected,
    rendered,
    rect: { left, top, width, height },
    viewport: { width: win.innerWidth, height: win.innerHeight },
  };
}
