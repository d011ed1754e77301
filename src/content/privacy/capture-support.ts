/**
 * Whether this browser can recognise its own tab in a screen share: Capture Handle (Chrome 102+)
 * is how the page's getDisplayMedia wrapper tells "this tab" from "another tab". A feature
 * check, read in the content script's world, whose prototypes a call page cannot patch.
 */
import type { CaptureSupport } from '../../domain/privacy';

export function captureSupport(): CaptureSupport {
  const track = globalThis.MediaStreamTrack as
    { prototype: { getCaptureHandle?: unknown } } | undefined;
  return { recognisesOwnTab: typeof track?.prototype.getCaptureHandle === 'function' };
}
