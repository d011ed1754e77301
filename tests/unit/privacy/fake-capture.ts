/**
 * Stand-ins for the screen-capture APIs the main-world wrapper touches, installed as globals
 * before the wrapper is imported (it captures them at load, as at document_start). The fake
 * `native` methods check `this` like Chrome's bindings and read their dictionary once.
 */
import { vi } from 'vitest';
import { SHARE_HINT_EVENT } from '../../../src/shared/constants';
import { meetOnChannel } from '../../../src/content/share-channel';

export type Surface = 'monitor' | 'window' | 'browser';

export class FakeTrack extends EventTarget {
  state: 'live' | 'ended' = 'live';
  constructor(
    public settings: { displaySurface?: string },
    public captureHandle: { handle?: string } | null = null,
    /** What getConstraints() tells (Firefox: `{ mediaSource: 'window' }` for a window). */
    public constraints: Record<string, unknown> = {},
  ) {
    super();
  }
  get readyState() {
    return this.state;
  }
  getSettings() {
    return { ...this.settings };
  }
  getConstraints() {
    return { ...this.constraints };
  }
  getCaptureHandle() {
    return this.captureHandle ? { ...this.captureHandle } : null;
  }
  stop() {
    this.state = 'ended';
  }
}

export class FakeStream extends EventTarget {
  constructor(public tracks: FakeTrack[]) {
    super();
  }
  /** Chrome's streams fire `inactive` (Firefox's do not: tests delete this). */
  get oninactive() {
    return null;
  }
  getVideoTracks() {
    return [...this.tracks];
  }
}

export interface CaptureWorld {
  devices: EventTarget;
  /** What the next getDisplayMedia or getUserMedia call (either form) settles with. */
  next: { stream?: FakeStream; error?: unknown };
  /** Configs the browser accepted, in order. */
  configs: Array<{ handle: string; permittedOrigins: unknown }>;
  /** The promises the native getDisplayMedia returned, in order. */
  returned: Promise<unknown>[];
  /** `this` and arguments of each native getDisplayMedia call. */
  calls: Array<{ thisArg: unknown; args: unknown[] }>;
  /** Details of every report on the private channel, as the relay hears them. */
  hints: unknown[];
  /** Details of every share-hint event the page could hear on its document or window. */
  pageHeard: unknown[];
  /** The channel the relay took (set by loadShareWatch). */
  channel: EventTarget | null;
  /** The original (unwrapped) methods. */
  native: { getDisplayMedia: () => Promise<unknown>; setCaptureHandleConfig: () => void };
  uninstall(): void;
}

export interface CaptureWorldOptions {
  /** The top document's time origin (the capture handle derives from it). */
  timeOrigin?: number;
  /** Run as a sub-frame whose top window has `topTimeOrigin` (undefined: cross-origin). */
  subFrame?: { topTimeOrigin?: number };
}

class FakePerformance {
  readonly #timeOrigin: number | undefined;
  /** `undefined`: a cross-origin window, whose performance cannot be read. */
  constructor(timeOrigin: number | undefined) {
    this.#timeOrigin = timeOrigin;
  }
  get timeOrigin(): number {
    if (this.#timeOrigin === undefined) throw new DOMException('Blocked a frame', 'SecurityError');
    return this.#timeOrigin;
  }
  /** happy-dom stamps events with it. */
  now(): number {
    return Date.now();
  }
}

export function installCaptureWorld({
  timeOrigin = 1_700_000_000_123.4,
  subFrame,
}: CaptureWorldOptions = {}): CaptureWorld {
  const world = {
    next: {},
    configs: [],
    returned: [],
    calls: [],
    hints: [],
    pageHeard: [],
    channel: null,
  } as unknown as CaptureWorld;

  /** The browser's side of every capture call: `this` checked, settled with `world.next`. */
  function nativeCapture(this: unknown, ...args: unknown[]): Promise<unknown> {
    world.calls.push({ thisArg: this, args });
    if (!(this instanceof FakeMediaDevices)) {
      return Promise.reject(new TypeError('Illegal invocation'));
    }
    const { stream, error } = world.next;
    const promise = error !== undefined ? Promise.reject(error) : Promise.resolve(stream);
    world.returned.push(promise);
    return promise;
  }

  class FakeMediaDevices extends EventTarget {
    getUserMedia(...args: unknown[]): Promise<unknown> {
      return nativeCapture.apply(this, args);
    }
    getDisplayMedia(...args: unknown[]): Promise<unknown> {
      return nativeCapture.apply(this, args);
    }
    setCaptureHandleConfig(config?: { handle?: unknown; permittedOrigins?: unknown }): void {
      if (!(this instanceof FakeMediaDevices)) throw new TypeError('Illegal invocation');
      if (subFrame) {
        throw new DOMException(
          'Can only be called from the top-level document.',
          'InvalidStateError',
        );
      }
      // Like WebIDL: each member read once.
      const handle = String(config?.handle ?? '');
      const permittedOrigins = config?.permittedOrigins;
      world.configs.push({ handle, permittedOrigins });
    }
  }

  const own = new FakePerformance(timeOrigin);
  const top = subFrame ? new FakePerformance(subFrame.topTimeOrigin) : own;
  const topWindow = subFrame ? ({} as Window) : window;
  // The wrapper reads `performance` through the window's own getter, applied to window.top.
  const performanceGetter = function (this: unknown) {
    return this === topWindow ? top : own;
  };
  const devices = new FakeMediaDevices();
  const previousTop = Object.getOwnPropertyDescriptor(window, 'top');
  const previousPerformance = Object.getOwnPropertyDescriptor(window, 'performance');

  vi.stubGlobal('MediaDevices', FakeMediaDevices);
  vi.stubGlobal('MediaStream', FakeStream);
  vi.stubGlobal('MediaStreamTrack', FakeTrack);
  vi.stubGlobal('Performance', FakePerformance);
  Object.defineProperty(window, 'performance', { get: performanceGetter, configurable: true });
  Object.defineProperty(window, 'top', { value: topWindow, configurable: true });
  Object.defineProperty(navigator, 'mediaDevices', { value: devices, configurable: true });

  const onPageHint = (event: Event) => world.pageHeard.push((event as CustomEvent).detail);
  document.addEventListener(SHARE_HINT_EVENT, onPageHint, true);
  window.addEventListener(SHARE_HINT_EVENT, onPageHint, true);

  // Firefox's callback form, on the navigator's prototype as in Firefox.
  const navigatorPrototype = Object.getPrototypeOf(navigator) as Record<string, unknown>;
  navigatorPrototype.mozGetUserMedia = function mozGetUserMedia(
    constraints: unknown,
    onSuccess: (stream: unknown) => void,
    onError: (error: unknown) => void,
  ) {
    if (typeof onSuccess !== 'function' || typeof onError !== 'function') {
      throw new TypeError('Argument 2 is not callable.');
    }
    void nativeCapture.call(devices, constraints).then(onSuccess, onError);
  };

  world.devices = devices;
  world.native = {
    getDisplayMedia: FakeMediaDevices.prototype.getDisplayMedia,
    setCaptureHandleConfig: FakeMediaDevices.prototype.setCaptureHandleConfig,
  } as CaptureWorld['native'];
  world.uninstall = () => {
    document.removeEventListener(SHARE_HINT_EVENT, onPageHint, true);
    window.removeEventListener(SHARE_HINT_EVENT, onPageHint, true);
    vi.unstubAllGlobals();
    if (previousTop) Object.defineProperty(window, 'top', previousTop);
    if (previousPerformance) Object.defineProperty(window, 'performance', previousPerformance);
    Reflect.deleteProperty(navigator, 'mediaDevices');
    Reflect.deleteProperty(navigatorPrototype, 'mozGetUserMedia');
  };
  return world;
}

/** Loads the wrapper afresh, as a new document would, then takes the channel as the relay does. */
export async function loadShareWatch(world: CaptureWorld): Promise<void> {
  vi.resetModules();
  await import('../../../src/content/share-watch.iife');
  world.channel = meetOnChannel(document);
  world.channel.addEventListener(SHARE_HINT_EVENT, (event) =>
    world.hints.push((event as CustomEvent).detail),
  );
}

export function hint(sharing: boolean, surface: Surface | null = null, selfTab = false) {
  return JSON.stringify({ sharing, surface, selfTab });
}
