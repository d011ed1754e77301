import 'fake-indexeddb/auto';
import { afterEach, beforeEach, vi } from 'vitest';
import { cleanup } from '@testing-library/preact';
import { fakeBrowser, resetFakeBrowser } from './fake-browser';

// webextension-polyfill throws when imported outside an extension.
vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));
(globalThis as unknown as { chrome: unknown }).chrome = fakeBrowser;

beforeEach(() => resetFakeBrowser());
afterEach(() => cleanup());

// The unit tests' browser is Chrome, which recognises its own tab in a share (Capture Handle);
// happy-dom's MediaStreamTrack lacks it. Firefox's rules are tested with `support` passed in.
const trackPrototype = globalThis.MediaStreamTrack?.prototype as { getCaptureHandle?: unknown };
if (trackPrototype && !trackPrototype.getCaptureHandle) {
  trackPrototype.getCaptureHandle = () => null;
}
