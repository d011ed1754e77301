import 'fake-indexeddb/auto';
import { afterEach, beforeEach, vi } from 'vitest';
import { cleanup } from '@testing-library/preact';
import { fakeBrowser, resetFakeBrowser } from './fake-browser';

// webextension-polyfill throws when imported outside an extension.
vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));
(globalThis as unknown as { chrome: unknown }).chrome = fakeBrowser;

beforeEach(() => resetFakeBrowser());
afterEach(() => cleanup());
