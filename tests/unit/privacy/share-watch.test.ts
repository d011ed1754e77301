import { afterEach, describe, expect, it, vi } from 'vitest';
import { meetOnChannel } from '../../../src/content/share-channel';
import { SHARE_HINT_EVENT, SHARE_REPORT_REQUEST_EVENT } from '../../../src/shared/constants';
import {
  FakeStream,
  FakeTrack,
  hint,
  installCaptureWorld,
  loadShareWatch,
  type CaptureWorld,
  type CaptureWorldOptions,
} from './fake-capture';

let world: CaptureWorld;

async function setUp(options: CaptureWorldOptions = {}): Promise<CaptureWorld> {
  world = installCaptureWorld(options);
  await loadShareWatch(world);
  return world;
}

afterEach(() => world.uninstall());

/** While a getDisplayMedia call is unsettled: an unknown surface, counted as the screen. */
const CHOOSING = hint(true, null);

/** The hint the call itself reports at once (the SE is choosing), taken off the list. */
function takeChoosing(): void {
  expect(world.hints.at(-1)).toEqual(CHOOSING);
  world.hints.pop();
}

/** Shares `track` through the wrapped API, as the page would. */
async function share(track: FakeTrack, stream = new FakeStream([track])) {
  world.next = { stream };
  const pending = navigator.mediaDevices.getDisplayMedia({ video: true });
  takeChoosing();
  const result = await pending;
  return { result, stream };
}

/** navigator.mediaDevices with the Capture Handle API TypeScript does not know yet. */
const devices = () =>
  navigator.mediaDevices as MediaDevices & { setCaptureHandleConfig(config?: object): void };

const flush = () => new Promise((done) => setTimeout(done, 0));

/** The handle the top frame gave its own tab. */
function ourHandle(): string {
  const config = world.configs[0];
  if (!config) throw new Error('the wrapper set no capture handle');
  return config.handle;
}

describe('the getDisplayMedia wrapper', () => {
  it.each(['monitor', 'window', 'browser'] as const)(
    'reports a %s share and returns the same stream object',
    async (surface) => {
      await setUp();
      const track = new FakeTrack({ displaySurface: surface });
      const { result, stream } = await share(track);
      expect(result).toBe(stream);
      expect(world.hints).toEqual([hint(true, surface, false)]);
    },
  );

  it('reports an unknown surface as null (never guesses)', async () => {
    await setUp();
    await share(new FakeTrack({ displaySurface: 'application' }));
    await share(new FakeTrack({}));
    expect(world.hints).toEqual([hint(true, null), hint(true, null)]);
  });

  it('reports a choice being made as an unknown surface until it settles', async () => {
    await setUp();
    const track = new FakeTrack({ displaySurface: 'browser' });
    world.next = { stream: new FakeStream([track]) };
    const pending = navigator.mediaDevices.getDisplayMedia({ video: true });
    // Synchronously, before the browser's picker could return anything.
    expect(world.hints).toEqual([CHOOSING]);
    await pending;
    expect(world.hints).toEqual([CHOOSING, hint(true, 'browser', false)]);
  });

  it('propagates a rejection as the very same error object; the choice ends with nothing shared', async () => {
    await setUp();
    const denied = new DOMException('Permission denied', 'NotAllowedError');
    world.next = { error: denied };
    await expect(navigator.mediaDevices.getDisplayMedia({ video: true })).rejects.toBe(denied);
    const odd = { not: 'an error' };
    world.next = { error: odd };
    await expect(navigator.mediaDevices.getDisplayMedia()).rejects.toBe(odd);
    await flush();
    expect(world.hints).toEqual([CHOOSING, hint(false), CHOOSING, hint(false)]);
  });

  it('keeps `this` and the arguments as the page passed them', async () => {
    await setUp();
    const options = { video: true, selfBrowserSurface: 'include' };
    world.next = { stream: new FakeStream([new FakeTrack({ displaySurface: 'window' })]) };
    await navigator.mediaDevices.getDisplayMedia(options as DisplayMediaStreamOptions);
    expect(world.calls.at(-1)?.thisArg).toBe(world.devices);
    expect(world.calls.at(-1)?.args[0]).toBe(options);

    const stranger = {};
    const wrapped = MediaDevices.prototype.getDisplayMedia;
    await expect(wrapped.call(stranger as MediaDevices)).rejects.toThrow('Illegal invocation');
    expect(world.calls.at(-1)?.thisArg).toBe(stranger);
  });

  it.each([
    ['getDisplayMedia', () => MediaDevices.prototype],
    ['getUserMedia', () => MediaDevices.prototype],
    ['mozGetUserMedia', () => Object.getPrototypeOf(navigator) as object],
  ])(
    '%s looks like the original: name, length, native toString, same property attributes',
    async (key, ownerOf) => {
      world = installCaptureWorld();
      const before = Object.getOwnPropertyDescriptor(ownerOf(), key);
      const native = before?.value as (...args: unknown[]) => unknown;
      await loadShareWatch(world);
      const after = Object.getOwnPropertyDescriptor(ownerOf(), key);
      const wrapped = after?.value as (...args: unknown[]) => unknown;
      expect(wrapped).not.toBe(native);
      expect(wrapped.name).toBe(key);
      expect(wrapped.length).toBe(native.length);
      expect(Function.prototype.toString.call(wrapped)).toMatch(/\{\s*\[native code\]\s*\}/);
      expect({ ...after, value: null }).toEqual({ ...before, value: null });
    },
  );

  it('adds no globals', async () => {
    world = installCaptureWorld();
    const before = Reflect.ownKeys(globalThis);
    await loadShareWatch(world);
    expect(Reflect.ownKeys(globalThis)).toEqual(before);
  });

  it('reports the end of sharing when the user stops it (track `ended`)', async () => {
    await setUp();
    const track = new FakeTrack({ displaySurface: 'monitor' });
    await share(track);
    track.stop();
    track.dispatchEvent(new Event('ended'));
    expect(world.hints).toEqual([hint(true, 'monitor'), hint(false)]);
  });

  it('reports the end when the page stops its own tracks (stream `inactive`)', async () => {
    await setUp();
    const track = new FakeTrack({ displaySurface: 'browser' });
    const { stream } = await share(track);
    // Chrome fires no `ended` for a track the page stops itself.
    track.stop();
    stream.dispatchEvent(new Event('inactive'));
    expect(world.hints).toEqual([hint(true, 'browser'), hint(false)]);
    track.dispatchEvent(new Event('ended'));
    expect(world.hints).toHaveLength(2);
  });

  it('leaves MediaStreamTrack.stop alone where streams fire `inactive` (Chrome)', async () => {
    const stop = FakeTrack.prototype.stop;
    await setUp();
    expect(MediaStreamTrack.prototype.stop).toBe(stop);
  });

  it('where streams fire no `inactive` (Firefox), notices the page stopping its track', async () => {
    const oninactive = Object.getOwnPropertyDescriptor(FakeStream.prototype, 'oninactive')!;
    delete (FakeStream.prototype as { oninactive?: unknown }).oninactive;
    try {
      await setUp();
      const track = new FakeTrack({ displaySurface: 'monitor' });
      await share(track);
      track.stop();
      expect(track.readyState).toBe('ended');
      expect(world.hints).toEqual([hint(true, 'monitor'), hint(false)]);
      // Stopping it again, or an `ended` after, reports nothing more.
      track.stop();
      track.dispatchEvent(new Event('ended'));
      expect(world.hints).toHaveLength(2);
    } finally {
      Object.defineProperty(FakeStream.prototype, 'oninactive', oninactive);
    }
  });

  it('keeps reporting a share whose track still runs after its stream went inactive', async () => {
    await setUp();
    const track = new FakeTrack({ displaySurface: 'monitor' });
    const { stream } = await share(track);
    stream.dispatchEvent(new Event('inactive'));
    expect(world.hints).toEqual([hint(true, 'monitor')]);
  });

  it('follows the newest live capture when several overlap', async () => {
    await setUp();
    const screen = new FakeTrack({ displaySurface: 'monitor' });
    const tab = new FakeTrack({ displaySurface: 'browser' });
    await share(screen);
    await share(tab);
    tab.stop();
    tab.dispatchEvent(new Event('ended'));
    screen.stop();
    screen.dispatchEvent(new Event('ended'));
    expect(world.hints).toEqual([
      hint(true, 'monitor'),
      hint(true, 'browser'),
      hint(true, 'monitor'),
      hint(false),
    ]);
  });

  it('never lets a failure while reporting reach the page', async () => {
    await setUp();
    const track = new FakeTrack({ displaySurface: 'window' });
    Object.defineProperty(track, 'settings', {
      get() {
        throw new Error('boom');
      },
    });
    const { result, stream } = await share(track);
    expect(result).toBe(stream);
    expect(world.hints).toEqual([]);
  });
});

describe('the private channel to the relay', () => {
  it('reports only there: the page hears nothing, and no node is left in the document', async () => {
    await setUp();
    expect(Array.from(document.childNodes).filter((n) => n.nodeType === Node.COMMENT_NODE)).toEqual(
      [],
    );
    await share(new FakeTrack({ displaySurface: 'monitor' }));
    expect(world.hints).toEqual([hint(true, 'monitor')]);
    expect(world.pageHeard).toEqual([]);
  });

  it('meets the relay whichever of the two runs first', async () => {
    world = installCaptureWorld();
    // The relay first: it leaves the node, the wrapper takes it.
    const relaySide = meetOnChannel(document);
    vi.resetModules();
    await import('../../../src/content/share-watch.iife');
    expect(document.childNodes).not.toContain(relaySide);
    const heard: unknown[] = [];
    relaySide.addEventListener(SHARE_HINT_EVENT, (e) => heard.push((e as CustomEvent).detail));
    world.next = { stream: new FakeStream([new FakeTrack({ displaySurface: 'window' })]) };
    await navigator.mediaDevices.getDisplayMedia({ video: true });
    expect(heard).toEqual([CHOOSING, hint(true, 'window')]);
  });

  it("answers a late relay's request to report again, only while something is shared", async () => {
    await setUp();
    world.channel!.dispatchEvent(new CustomEvent(SHARE_REPORT_REQUEST_EVENT));
    expect(world.hints).toEqual([]);
    const track = new FakeTrack({ displaySurface: 'monitor' });
    await share(track);
    world.channel!.dispatchEvent(new CustomEvent(SHARE_REPORT_REQUEST_EVENT));
    expect(world.hints).toEqual([hint(true, 'monitor'), hint(true, 'monitor')]);
    // The page asking on its document is not the relay.
    document.dispatchEvent(new CustomEvent(SHARE_REPORT_REQUEST_EVENT));
    expect(world.hints).toHaveLength(2);
  });
});

describe('recognising the call tab itself (Capture Handle)', () => {
  it('sets a handle readable by its own origin only, before any page script', async () => {
    await setUp();
    expect(world.configs).toEqual([
      { handle: expect.stringMatching(/^[a-z0-9]{8,}$/), permittedOrigins: [location.origin] },
    ]);
  });

  it('derives a different handle for another document', async () => {
    await setUp({ timeOrigin: 1 });
    const first = ourHandle();
    world.uninstall();
    await setUp({ timeOrigin: 2 });
    expect(ourHandle()).not.toBe(first);
  });

  it('marks a captured tab carrying our handle as this tab, and any other tab as not', async () => {
    await setUp();
    await share(new FakeTrack({ displaySurface: 'browser' }, { handle: ourHandle() }));
    await share(new FakeTrack({ displaySurface: 'browser' }, { handle: 'someone-else' }));
    await share(new FakeTrack({ displaySurface: 'browser' }, null));
    expect(world.hints).toEqual([
      hint(true, 'browser', true),
      hint(true, 'browser', false),
      hint(true, 'browser', false),
    ]);
  });

  it('follows "share this tab instead" (capturehandlechange)', async () => {
    await setUp();
    const track = new FakeTrack({ displaySurface: 'browser' }, { handle: 'another-tab' });
    await share(track);
    track.captureHandle = { handle: ourHandle() };
    track.dispatchEvent(new Event('capturehandlechange'));
    expect(world.hints).toEqual([hint(true, 'browser', false), hint(true, 'browser', true)]);
  });

  it("respects and remembers the page's own later handle", async () => {
    await setUp();
    const ours = ourHandle();
    devices().setCaptureHandleConfig({ handle: 'page-handle', permittedOrigins: ['*'] });
    expect(world.configs.at(-1)).toEqual({ handle: 'page-handle', permittedOrigins: ['*'] });
    await share(new FakeTrack({ displaySurface: 'browser' }, { handle: 'page-handle' }));
    await share(new FakeTrack({ displaySurface: 'browser' }, { handle: ours }));
    expect(world.hints).toEqual([hint(true, 'browser', true), hint(true, 'browser', false)]);
  });

  it("never runs the page's getters, and propagates the browser's errors unchanged", async () => {
    await setUp();
    let reads = 0;
    const config = {
      get handle() {
        reads += 1;
        return 'from-a-getter';
      },
    };
    devices().setCaptureHandleConfig(config);
    expect(reads).toBe(1);
    // Unknown handle: this tab can no longer be recognised, so it never counts as this tab.
    await share(new FakeTrack({ displaySurface: 'browser' }, { handle: 'from-a-getter' }));
    expect(world.hints).toEqual([hint(true, 'browser', false)]);

    const wrapped = (MediaDevices.prototype as ReturnType<typeof devices>).setCaptureHandleConfig;
    expect(() => wrapped.call({} as MediaDevices, {})).toThrow('Illegal invocation');
    expect(wrapped.name).toBe('setCaptureHandleConfig');
  });

  it("recognises the tab from a same-origin sub-frame (Zoom's client iframe)", async () => {
    await setUp({ timeOrigin: 42.5 });
    const topHandle = ourHandle();
    world.uninstall();

    await setUp({ timeOrigin: 99, subFrame: { topTimeOrigin: 42.5 } });
    expect(world.configs).toEqual([]);
    await share(new FakeTrack({ displaySurface: 'browser' }, { handle: topHandle }));
    expect(world.hints).toEqual([hint(true, 'browser', true)]);
  });

  it('never claims this tab from a cross-origin sub-frame', async () => {
    await setUp({ subFrame: {} });
    await share(new FakeTrack({ displaySurface: 'browser' }, { handle: '' }));
    await share(new FakeTrack({ displaySurface: 'browser' }, { handle: 'x' }));
    expect(world.hints).toEqual([hint(true, 'browser', false), hint(true, 'browser', false)]);
  });
});

describe('a page patching built-ins after load', () => {
  it.each([
    ['getDisplayMedia', () => navigator.mediaDevices.getDisplayMedia()],
    [
      'getUserMedia for a window',
      () =>
        navigator.mediaDevices.getUserMedia({
          video: { mediaSource: 'window' },
        } as MediaStreamConstraints),
    ],
  ])('%s: never sees the wrapper call them, and cannot break its reports', async (api, call) => {
    await setUp();
    const track = new FakeTrack({ displaySurface: 'monitor' });
    const stream = new FakeStream([track]);
    world.next = { stream };
    /** Patched built-ins called on the objects the wrapper handles (or on anything, for `null`). */
    const touched: string[] = [];
    const watched = new Set<unknown>([stream, track, document, world.devices, world.channel]);
    const restore: Array<() => void> = [];
    /** Whether the wrapper itself called (happy-dom's own code uses arrays too). */
    const calledByWrapper = () =>
      (new Error().stack?.split('\n')[3] ?? '').includes('share-watch.iife');
    const patch = (owner: object, key: string, anyReceiver: boolean | 'wrapper' = false) => {
      const original = Object.getOwnPropertyDescriptor(owner, key);
      const originalFn = Reflect.get(owner, key) as (...args: unknown[]) => unknown;
      Object.defineProperty(owner, key, {
        configurable: true,
        writable: true,
        value: function (this: unknown, ...args: unknown[]) {
          if (anyReceiver === 'wrapper' ? calledByWrapper() : anyReceiver || watched.has(this)) {
            touched.push(key);
          }
          return originalFn.apply(this, args);
        },
      });
      restore.push(() =>
        original ? Object.defineProperty(owner, key, original) : Reflect.deleteProperty(owner, key),
      );
    };
    let result: unknown;
    const names: string[] = [];
    try {
      patch(Promise.prototype, 'then');
      patch(EventTarget.prototype, 'addEventListener');
      patch(EventTarget.prototype, 'dispatchEvent');
      patch(FakeStream.prototype, 'getVideoTracks');
      patch(FakeTrack.prototype, 'getSettings');
      patch(FakeTrack.prototype, 'getConstraints');
      patch(JSON, 'stringify', true);
      // Array methods, on any array: the wrapper reads the page's constraints without them.
      patch(Array.prototype, 'includes', 'wrapper');
      patch(Array.prototype, 'map', 'wrapper');
      patch(Array.prototype, 'slice', 'wrapper');
      const iterator = Object.getOwnPropertyDescriptor(Array.prototype, Symbol.iterator)!;
      const iterate = iterator.value as () => Iterator<unknown>;
      Object.defineProperty(Array.prototype, Symbol.iterator, {
        ...iterator,
        value: function (this: unknown[]) {
          if (calledByWrapper()) touched.push('Array iterator');
          return iterate.call(this);
        },
      });
      restore.push(() => Object.defineProperty(Array.prototype, Symbol.iterator, iterator));
      // A `get` trap, or an event-init getter, a page adds to Object.prototype.
      const trap = () => {
        touched.push('Object.prototype');
        return undefined;
      };
      Object.defineProperty(Object.prototype, 'get', { value: trap, configurable: true });
      Object.defineProperty(Object.prototype, 'bubbles', { get: trap, configurable: true });
      restore.push(() => Reflect.deleteProperty(Object.prototype, 'get'));
      restore.push(() => Reflect.deleteProperty(Object.prototype, 'bubbles'));

      const pending = call();
      names.push(api === 'getDisplayMedia' ? MediaDevices.prototype.getDisplayMedia.name : api);
      watched.add(world.returned.at(-1));
      result = await pending;
      await flush();
    } finally {
      for (const undo of restore.reverse()) undo();
    }
    expect(result).toBe(stream);
    expect(names).toEqual([api]);
    expect(touched).toEqual([]);
    expect(world.hints).toEqual([CHOOSING, hint(true, 'monitor')]);
  });
});

describe('display capture through getUserMedia (legacy video sources)', () => {
  it('leaves a camera or microphone request alone: no report, the same promise outcome', async () => {
    await setUp();
    const camera = new FakeStream([new FakeTrack({})]);
    world.next = { stream: camera };
    expect(await navigator.mediaDevices.getUserMedia({ video: { width: 640 }, audio: true })).toBe(
      camera,
    );
    world.next = { stream: camera };
    await navigator.mediaDevices.getUserMedia({ audio: true });
    expect(world.hints).toEqual([]);
  });

  it.each([
    ['Firefox mediaSource', { video: { mediaSource: 'window' } }],
    ['a mediaSource list', { video: { mediaSource: ['screen'] } }],
    ['an exact mediaSource', { video: { mediaSource: { exact: 'application' } } }],
    ['Chrome chromeMediaSource', { video: { mandatory: { chromeMediaSource: 'desktop' } } }],
    [
      'constraints inherited from a prototype',
      Object.create({ video: { mediaSource: 'window' } }) as MediaStreamConstraints,
    ],
  ])('reports %s as a share, choosing until it settles', async (_, constraints) => {
    await setUp();
    const track = new FakeTrack({});
    const stream = new FakeStream([track]);
    world.next = { stream };
    const pending = navigator.mediaDevices.getUserMedia(constraints as MediaStreamConstraints);
    takeChoosing();
    expect(await pending).toBe(stream);
    // Firefox tells no displaySurface: an unknown surface, which counts as the whole screen.
    expect(world.hints).toEqual([hint(true, null)]);
    track.stop();
    track.dispatchEvent(new Event('ended'));
    expect(world.hints.at(-1)).toEqual(hint(false));
  });

  it('with constraints behind a getter, reads none of them and lets the stream tell', async () => {
    await setUp();
    let reads = 0;
    const sneaky = {
      get video() {
        reads += 1;
        return { mediaSource: 'window' };
      },
    };
    const camera = new FakeStream([new FakeTrack({})]);
    world.next = { stream: camera };
    const first = navigator.mediaDevices.getUserMedia(sneaky as MediaStreamConstraints);
    takeChoosing();
    await first;
    expect(world.hints).toEqual([hint(false)]);
    const window = new FakeTrack({}, null, { mediaSource: 'window' });
    world.next = { stream: new FakeStream([window]) };
    const second = navigator.mediaDevices.getUserMedia(sneaky as MediaStreamConstraints);
    takeChoosing();
    await second;
    expect(world.hints.at(-1)).toEqual(hint(true, null));
    // Only the native method read the getter (once per call, as the fake does not).
    expect(reads).toBe(0);
  });

  it('reports a refused request as nothing shared, with the very same error', async () => {
    await setUp();
    const refused = new DOMException('Permission denied', 'NotAllowedError');
    world.next = { error: refused };
    const screen = { video: { mediaSource: 'screen' } } as MediaStreamConstraints;
    const pending = navigator.mediaDevices.getUserMedia(screen);
    takeChoosing();
    await expect(pending).rejects.toBe(refused);
    expect(world.hints).toEqual([hint(false)]);
  });

  it("Firefox's callback form: the page's callbacks get the stream or error; the share is told", async () => {
    await setUp();
    type Legacy = (c: unknown, ok: (s: unknown) => void, fail: (e: unknown) => void) => void;
    const moz = (navigator as unknown as { mozGetUserMedia: Legacy }).mozGetUserMedia;
    const track = new FakeTrack({});
    const stream = new FakeStream([track]);
    world.next = { stream };
    const got = await new Promise((ok, fail) =>
      moz.call(navigator, { video: { mediaSource: 'window' } }, ok, fail),
    );
    expect(got).toBe(stream);
    expect(world.hints).toEqual([CHOOSING, hint(true, null)]);

    const refused = new DOMException('Permission denied', 'NotAllowedError');
    world.next = { error: refused };
    const error = await new Promise((ok) =>
      moz.call(navigator, { video: { mediaSource: 'screen' } }, () => undefined, ok),
    );
    expect(error).toBe(refused);
    // The first share still runs: that is what is reported after the refusal.
    expect(world.hints.slice(2)).toEqual([CHOOSING, hint(true, null)]);
    // Callbacks that are not functions reach the browser, which throws as it would.
    expect(() => moz.call(navigator, { video: { mediaSource: 'screen' } }, null!, null!)).toThrow(
      TypeError,
    );
  });
});
