/**
 * The call page's MAIN world, at document_start in every frame, before any page script: the one
 * trace Demo Rescue leaves in a call page before the hotkey. It wraps getDisplayMedia to learn
 * what is being shared (and getUserMedia, whose legacy video sources also capture a screen, a
 * window or a tab: Firefox's `mediaSource`, Chrome's `chromeMediaSource`) and reports only
 * `{ sharing, surface, selfTab }`, as a JSON CustomEvent on a private channel node
 * (src/content/share-channel.ts) that the page can neither read nor write, to the
 * isolated-world relay (src/content/share-relay.iife.ts). It hears only the relay's request to
 * report again, adds no globals, attributes or nodes, and keeps the wrapped APIs' behaviour:
 * the same promise outcome (the stream object, or the very same error), the same `this`
 * checks, and the native name and length (Proxies with only an `apply` trap). In Firefox, whose streams fire no
 * `inactive`, it also wraps MediaStreamTrack.prototype.stop the same way, to see a share end.
 *
 * "Is the shared tab this call tab?" comes from the Capture Handle: the top frame sets a handle
 * that only its own origin can read from a captured track. setCaptureHandleConfig works in the
 * top frame only, yet Zoom captures from its iframe, which nothing may tell the handle; so the
 * handle is derived from the top document's time origin, which a same-origin frame reads too.
 */
import { formatShareHint, type ShareHint } from '../domain/privacy';
import { SHARE_HINT_EVENT, SHARE_REPORT_REQUEST_EVENT } from '../shared/constants';
import { meetOnChannel } from './share-channel';

/** Missing from TypeScript's DOM typings (Chrome 102+). */
interface CaptureHandleConfig {
  handle?: string;
  permittedOrigins?: string[];
}
type SetCaptureHandleConfig = (this: MediaDevices, config?: CaptureHandleConfig) => void;
type GetCaptureHandle = (this: MediaStreamTrack) => { handle?: string } | null;

// Everything used after startup is captured now, before page scripts run: a page patching
// these later neither sees our calls nor breaks them.
const { apply, defineProperty, getOwnPropertyDescriptor, getPrototypeOf } = Reflect;
const ProxyCtor = Proxy;
const CustomEventCtor = CustomEvent;
const promiseThen = Promise.prototype.then;
const addListener = EventTarget.prototype.addEventListener;
const dispatch = EventTarget.prototype.dispatchEvent;
const getVideoTracks = MediaStream.prototype.getVideoTracks;
const getSettings = MediaStreamTrack.prototype.getSettings;
const getConstraints = MediaStreamTrack.prototype.getConstraints;
const isArray = Array.isArray;
const navigatorPrototype = getPrototypeOf(navigator) as object;
const getCaptureHandle = (MediaStreamTrack.prototype as { getCaptureHandle?: GetCaptureHandle })
  .getCaptureHandle;
const setCaptureHandleConfig = (
  MediaDevices.prototype as { setCaptureHandleConfig?: SetCaptureHandleConfig }
).setCaptureHandleConfig;
/** Firefox fires no `inactive` on a stream whose tracks the page stopped (Chrome does). */
const streamsSignalInactive = 'oninactive' in MediaStream.prototype;
const pageWindow = window;
/** Now, before any page script: later the page could see the handover. */
const channel = meetOnChannel(document);

function getterOf(object: object | null, key: string): (() => unknown) | undefined {
  for (let owner = object; owner; owner = getPrototypeOf(owner) as object | null) {
    const descriptor = getOwnPropertyDescriptor(owner, key);
    if (descriptor) return descriptor.get;
  }
  return undefined;
}
const readyState = getterOf(MediaStreamTrack.prototype, 'readyState');
const performanceOf = getterOf(pageWindow, 'performance');
const timeOriginOf = getterOf(Performance.prototype, 'timeOrigin');

/** A stable, random-looking handle for the top document, derivable from any same-origin frame. */
function handleForTopDocument(): string | null {
  try {
    const top = pageWindow.top;
    if (!top || !performanceOf || !timeOriginOf) return null;
    const digits = String(apply(timeOriginOf, apply(performanceOf, top, []), []));
    let a = 0x811c9dc5;
    let b = 0x1b873593;
    for (let i = 0; i < digits.length; i++) {
      const code = digits.charCodeAt(i);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x5bd1e995) ^ (a >>> 13);
    }
    return (a >>> 0).toString(36) + (b >>> 0).toString(36);
  } catch {
    // A cross-origin parent: this frame cannot recognise its own tab.
    return null;
  }
}

/**
 * The handle a capturer of this tab reads: ours, or the one the page later set itself (null
 * when the page's config cannot be read without running page code).
 */
let tabHandle = handleForTopDocument();

/** The handle a page passed to setCaptureHandleConfig, read without invoking any getter. */
function handleIn(config: unknown): string | null {
  if (config === undefined || config === null) return '';
  const own = getOwnPropertyDescriptor(config as object, 'handle');
  if (!own) return '';
  return 'value' in own && typeof own.value === 'string' ? own.value : null;
}

interface Capture {
  track: MediaStreamTrack;
  live: boolean;
}
/** Oldest first; the newest live capture is what the audience sees. Captures are rare. */
const captures: Capture[] = [];
/**
 * getDisplayMedia calls not settled yet: the SE is choosing what to share, and it may be the
 * whole screen. Reported as a share of an unknown surface, which counts as the whole screen,
 * so the side panel is disabled before a capture can start (the hotkey cannot flash it into
 * one) and an open overlay goes discreet until the choice is known.
 */
let choosing = 0;
const CHOOSING: ShareHint = { sharing: true, surface: null, selfTab: false };

/** The video sources of getUserMedia that capture a display rather than a camera. */
const DISPLAY_SOURCES: readonly unknown[] = [
  'screen',
  'window',
  'application',
  'browser',
  'desktop',
  'tab',
];
/** Met a getter (or a Proxy's trap threw): what the page asks for cannot be read safely. */
const UNREADABLE = Symbol('unreadable');

/** `object[key]` along its prototype chain without running a getter; UNREADABLE at a getter. */
function lookup(object: unknown, key: string): unknown {
  try {
    for (let owner = object; owner !== null && typeof owner === 'object';) {
      const descriptor = getOwnPropertyDescriptor(owner, key);
      if (descriptor) return 'value' in descriptor ? descriptor.value : UNREADABLE;
      owner = getPrototypeOf(owner);
    }
    return undefined;
  } catch {
    return UNREADABLE;
  }
}

/** Whether `value` is one of DISPLAY_SOURCES (no Array method: a page may patch those). */
function isDisplaySource(value: unknown): boolean {
  for (let i = 0; i < DISPLAY_SOURCES.length; i++) if (DISPLAY_SOURCES[i] === value) return true;
  return false;
}

type Verdict = boolean | typeof UNREADABLE;

/** true if either names a display; else UNREADABLE if either could not be read; else false. */
function either(a: Verdict, b: Verdict): Verdict {
  if (a === true || b === true) return true;
  return a === UNREADABLE || b === UNREADABLE ? UNREADABLE : false;
}

/** The verdict on several sources, as `either` combines them. */
function anyNamesDisplay(sources: readonly unknown[], depth: number): Verdict {
  let verdict: Verdict = false;
  for (let i = 0; i < sources.length && verdict !== true; i++) {
    verdict = either(verdict, namesDisplay(sources[i], depth));
  }
  return verdict;
}

/** `holder[key]` for each of `keys`, judged by anyNamesDisplay. */
function holderNamesDisplay(holder: unknown, keys: readonly string[], depth = 0): Verdict {
  if (holder === UNREADABLE) return UNREADABLE;
  const sources: unknown[] = [];
  for (let i = 0; i < keys.length; i++) sources[i] = lookup(holder, keys[i] as string);
  return anyNamesDisplay(sources, depth);
}

/** Whether a source constraint ('window', ['screen'], { exact: 'desktop' }…) names a display. */
function namesDisplay(source: unknown, depth = 0): Verdict {
  if (source === UNREADABLE) return UNREADABLE;
  if (typeof source === 'string') return isDisplaySource(source);
  if (source === null || typeof source !== 'object' || depth > 1) return false;
  const keys = isArray(source) ? ['0', '1', '2', '3', '4', '5', '6', '7'] : ['exact', 'ideal'];
  return holderNamesDisplay(source, keys, depth + 1);
}

/** Where a video constraint (or a track's applied constraints) names its source. */
const SOURCE_KEYS = ['mediaSource', 'chromeMediaSource'];

/**
 * What a getUserMedia call asks for: a display, a camera or microphone, or something that
 * cannot be read without running page code ('maybe': the stream then tells).
 */
function requestedSource(constraints: unknown): 'display' | 'camera' | 'maybe' {
  const video = lookup(constraints, 'video');
  if (video === UNREADABLE) return 'maybe';
  const named = either(
    holderNamesDisplay(video, SOURCE_KEYS),
    holderNamesDisplay(lookup(video, 'mandatory'), ['chromeMediaSource']),
  );
  return named === true ? 'display' : named === UNREADABLE ? 'maybe' : 'camera';
}

/** Whether a stream from getUserMedia is a display capture, as its video track tells. */
function isDisplayStream(stream: MediaStream): boolean {
  try {
    const track = (apply(getVideoTracks, stream, []) as MediaStreamTrack[])[0];
    if (!track) return false;
    const { displaySurface } = apply(getSettings, track, []) as MediaTrackSettings;
    if (displaySurface !== undefined) return true;
    const applied = apply(getConstraints, track, []) as Record<string, unknown>;
    return holderNamesDisplay(applied, SOURCE_KEYS) === true;
  } catch {
    return false;
  }
}

function describe(track: MediaStreamTrack): ShareHint {
  const { displaySurface } = apply(getSettings, track, []) as MediaTrackSettings;
  const surface =
    displaySurface === 'monitor' || displaySurface === 'window' || displaySurface === 'browser'
      ? displaySurface
      : null;
  const captured = getCaptureHandle ? apply(getCaptureHandle, track, []) : null;
  const selfTab =
    surface === 'browser' && !!tabHandle && !!captured && captured.handle === tabHandle;
  return { sharing: true, surface, selfTab };
}

/** `onlyIfSharing`: stay silent without a live capture (another frame of the tab may have one). */
function report(onlyIfSharing = false): void {
  try {
    let hint: ShareHint =
      choosing > 0 ? CHOOSING : { sharing: false, surface: null, selfTab: false };
    for (let i = captures.length - 1; i >= 0 && choosing === 0; i--) {
      const capture = captures[i] as Capture;
      if (capture.live) {
        hint = describe(capture.track);
        break;
      }
    }
    if (onlyIfSharing && !hint.sharing) return;
    // A null-prototype init: no getter a page adds to Object.prototype runs.
    const init = { __proto__: null, detail: formatShareHint(hint) } as CustomEventInit<string>;
    apply(dispatch, channel, [new CustomEventCtor(SHARE_HINT_EVENT, init)]);
  } catch {
    // Reporting must never surface as an error in the page.
  }
}

function watch(stream: MediaStream): void {
  try {
    const track = (apply(getVideoTracks, stream, []) as MediaStreamTrack[])[0];
    if (!track) return;
    const capture: Capture = { track, live: true };
    captures[captures.length] = capture;
    const stopped = () => {
      if (!capture.live || (readyState && apply(readyState, track, []) !== 'ended')) return;
      capture.live = false;
      report();
    };
    // `ended` fires when the user stops sharing from Chrome's bar; when the page stops its own
    // tracks (Meet's "Stop presenting") only the stream's `inactive` does.
    apply(addListener, track, ['ended', stopped]);
    apply(addListener, stream, ['inactive', stopped]);
    // "Share this tab instead" switches the captured tab under the same track.
    apply(addListener, track, ['capturehandlechange', () => report()]);
  } catch {
    // Reporting must never disturb the page's capture.
  }
}

/** Marks captures whose track has ended as over, and reports if any was still live. */
function noticeEnded(): void {
  try {
    let changed = false;
    for (let i = 0; i < captures.length; i++) {
      const capture = captures[i] as Capture;
      if (capture.live && readyState && apply(readyState, capture.track, []) === 'ended') {
        capture.live = false;
        changed = true;
      }
    }
    if (changed) report();
  } catch {
    // Reporting must never disturb the page.
  }
}

/** Replaces `owner[key]` by a Proxy whose only trap calls `onCall(original, thisArg, args)`. */
function wrapMethod<F extends (...args: never[]) => unknown>(
  owner: object,
  key: string,
  onCall: (original: F, thisArg: unknown, args: Parameters<F>) => ReturnType<F>,
): void {
  const descriptor = getOwnPropertyDescriptor(owner, key);
  if (!descriptor || typeof descriptor.value !== 'function') return;
  // A null-prototype handler: traps a page adds to Object.prototype later never apply.
  const handler = { __proto__: null, apply: onCall } as unknown as ProxyHandler<F>;
  const value = new ProxyCtor(descriptor.value as F, handler);
  defineProperty(owner, key, { ...descriptor, value });
}

// A relay injected again after an extension update asks what is shared right now: the worker
// forgot every tab's state, so only a frame with a live capture has something to tell.
apply(addListener, channel, [SHARE_REPORT_REQUEST_EVENT, () => report(true)]);

if (pageWindow.top === pageWindow && tabHandle && setCaptureHandleConfig) {
  try {
    apply(setCaptureHandleConfig, navigator.mediaDevices, [
      { handle: tabHandle, permittedOrigins: [pageWindow.location.origin] },
    ]);
  } catch {
    tabHandle = null;
  }
}

/**
 * Calls a capture API and reports on it: choosing while unsettled (an unknown surface, counted
 * as the screen), then what is shared if `isCapture` says the stream is one.
 */
function observeCapture(
  capture: Promise<MediaStream>,
  isCapture: (stream: MediaStream) => boolean,
): Promise<MediaStream> {
  choosing += 1;
  report();
  // Cancelled or refused: told on a chain of its own, which the page never sees.
  apply(promiseThen, capture, [
    undefined,
    () => {
      choosing -= 1;
      report();
    },
  ]);
  // With no rejection handler, the promise returned rejects with the very same error, and is
  // unhandled exactly when the page leaves it unhandled.
  return apply(promiseThen, capture, [
    (stream: MediaStream) => {
      choosing -= 1;
      if (isCapture(stream)) watch(stream);
      report();
      return stream;
    },
  ]) as Promise<MediaStream>;
}

const always = () => true;

wrapMethod<MediaDevices['getDisplayMedia']>(
  MediaDevices.prototype,
  'getDisplayMedia',
  (original, thisArg, args) => observeCapture(apply(original, thisArg, args), always),
);

// A camera or a microphone is left alone: only a display source is observed.
wrapMethod<MediaDevices['getUserMedia']>(
  MediaDevices.prototype,
  'getUserMedia',
  (original, thisArg, args) => {
    const requested = requestedSource(args[0]);
    const call = apply(original, thisArg, args);
    if (requested === 'camera') return call;
    return observeCapture(call, requested === 'display' ? always : isDisplayStream);
  },
);

type LegacyGetUserMedia = (
  this: Navigator,
  constraints: unknown,
  onSuccess: (stream: MediaStream) => void,
  onError: (error: unknown) => void,
) => void;

/**
 * The callback forms (navigator.getUserMedia, webkitGetUserMedia, mozGetUserMedia): for a
 * display source the callbacks are wrapped to hear the outcome, then called as the page gave
 * them. Anything else, or callbacks that are not functions (the browser throws), goes through.
 */
for (const key of ['getUserMedia', 'webkitGetUserMedia', 'mozGetUserMedia']) {
  wrapMethod<LegacyGetUserMedia>(navigatorPrototype, key, (original, thisArg, args) => {
    // Indexed, not destructured: a page may patch the array iterator.
    const constraints = args[0];
    const onSuccess = args[1];
    const onError = args[2];
    const requested = requestedSource(constraints);
    if (
      requested === 'camera' ||
      typeof onSuccess !== 'function' ||
      typeof onError !== 'function'
    ) {
      return apply(original, thisArg, args);
    }
    const isCapture = requested === 'display' ? always : isDisplayStream;
    let settled = false;
    const settle = () => {
      if (settled) return false;
      settled = true;
      choosing -= 1;
      return true;
    };
    function success(this: unknown, stream: MediaStream) {
      if (settle()) {
        if (isCapture(stream)) watch(stream);
        report();
      }
      return apply(onSuccess, this, [stream]);
    }
    function failure(this: unknown, error: unknown) {
      if (settle()) report();
      return apply(onError, this, [error]);
    }
    choosing += 1;
    report();
    try {
      return apply(original, thisArg, [constraints, success, failure]);
    } catch (error) {
      if (settle()) report();
      throw error;
    }
  });
}

// Where streams never say they went inactive, the page stopping its own track is the signal
// (Meet's "Stop presenting"). Only then is stop() wrapped: Chrome keeps one wrapped API less.
if (!streamsSignalInactive) {
  wrapMethod<MediaStreamTrack['stop']>(
    MediaStreamTrack.prototype,
    'stop',
    (original, thisArg, args) => {
      apply(original, thisArg, args);
      noticeEnded();
    },
  );
}

wrapMethod<SetCaptureHandleConfig>(
  MediaDevices.prototype,
  'setCaptureHandleConfig',
  (original, thisArg, args) => {
    apply(original, thisArg, args);
    // Reached only when the browser accepted it: the page's handle replaces ours.
    tabHandle = handleIn(args[0]);
  },
);
