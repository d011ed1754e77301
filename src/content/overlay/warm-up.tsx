/**
 * A dormant overlay (preloaded while the SE presents) is first shown by a hotkey, maybe an hour
 * later. Until then none of its rendering code has run and none of its fonts are loaded, which
 * made that first show cost twice a re-show. Warming up runs the first paint's code once on an
 * element that is never attached (no style, layout or paint, nothing a page can see, no effects
 * or timers) and loads its font faces through a canvas, so the hotkey's show is a warm one.
 */
import { render } from 'preact';
import { startedIncident } from '../../domain/record';
import type { OverlaySize } from '../../domain/settings';
import type { OverlayControls } from '../../recovery/components/Overlay';
import { OverlayView } from '../../recovery/components/Overlay';
import { createOverlayStore } from '../../recovery/store';
import { firstPaintFonts } from '../../recovery/styles';

const inert: OverlayControls = {
  leave() {},
  close() {},
  startDrag() {},
  moveBy() {},
};

export function warmUp(doc: Document, size: OverlaySize, now = Date.now()): void {
  const store = createOverlayStore({ now: () => now });
  store.here.value = true;
  store.accept(
    startedIncident({ incidentId: 'warm-up', at: now, platform: 'meet', meetingCode: null }),
  );
  const detached = doc.createElement('div');
  render(<OverlayView store={store} mode="full" controls={inert} firstPaint />, detached);
  render(null, detached);
  loadFonts(size);
}

/** Canvas text goes through the same font cache as the page's layout. */
function loadFonts(size: OverlaySize): void {
  if (typeof OffscreenCanvas === 'undefined') return;
  const context = new OffscreenCanvas(1, 1).getContext('2d');
  if (!context) return;
  for (const font of firstPaintFonts(size)) {
    context.font = font;
    context.measureText('0:00 Acknowledge');
  }
}
