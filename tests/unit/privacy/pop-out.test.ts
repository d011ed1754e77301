import { Window as HappyWindow } from 'happy-dom';
import { describe, expect, it, vi } from 'vitest';
import { isPopOutSupported, openPopOut, POP_OUT_SIZE } from '../../../src/content/privacy/pop-out';

/** A tab window offering Document PiP, and the PiP windows it opened. */
function tabWithPictureInPicture() {
  const opened: Array<{ pip: Window; options: unknown }> = [];
  const requestWindow = vi.fn(async (options: unknown) => {
    const pip = new HappyWindow() as unknown as Window;
    vi.spyOn(pip, 'close').mockImplementation(() => pip.dispatchEvent(new Event('pagehide')));
    opened.push({ pip, options });
    return pip;
  });
  const tab = { documentPictureInPicture: { requestWindow } } as unknown as Window & {
    top: Window;
  };
  tab.top = tab;
  return { tab, opened, requestWindow };
}

function overlayShadowRoot(): ShadowRoot {
  const host = document.createElement('div');
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = ':host { all: initial; } .panel { width: 360px; }';
  root.append(style, document.createElement('div'));
  return root;
}

describe('isPopOutSupported', () => {
  it('is true for a top-level page offering Document Picture-in-Picture', () => {
    expect(isPopOutSupported(tabWithPictureInPicture().tab)).toBe(true);
  });

  it('is false without the API, or inside a frame', () => {
    const plain = {} as Window & { top: Window };
    plain.top = plain;
    expect(isPopOutSupported(plain)).toBe(false);
    const { tab } = tabWithPictureInPicture();
    tab.top = {} as Window;
    expect(isPopOutSupported(tab)).toBe(false);
  });
});

describe('openPopOut', () => {
  it("renders into a closed shadow root carrying the overlay's styles", async () => {
    const { tab, opened } = tabWithPictureInPicture();
    let container: HTMLElement | null = null;
    const popOut = await openPopOut(
      (into) => {
        container = into;
        into.textContent = '0:42';
        return () => undefined;
      },
      { styles: overlayShadowRoot(), win: tab },
    );
    const { pip, options } = opened[0] ?? { pip: null, options: null };
    expect(popOut.window).toBe(pip);
    expect(options).toEqual(POP_OUT_SIZE);
    expect(pip?.document.title).toBe('Demo Rescue');
    const root = (container as HTMLElement | null)?.getRootNode() as ShadowRoot;
    expect(root).toBeInstanceOf((pip as unknown as { ShadowRoot: typeof ShadowRoot }).ShadowRoot);
    expect(root.host.parentNode).toBe(pip?.document.body);
    expect(pip?.document.body.shadowRoot).toBeNull();
    expect([...root.querySelectorAll('style')].map((s) => s.textContent)).toEqual([
      ':host { all: initial; } .panel { width: 360px; }',
    ]);
    expect(pip?.document.body.textContent).toBe('');
  });

  it('cleans up and returns the overlay to the tab once, when the user closes the window', async () => {
    const { tab, opened } = tabWithPictureInPicture();
    const cleanup = vi.fn();
    const onClose = vi.fn();
    await openPopOut(() => cleanup, { win: tab, onClose, width: 300, height: 200 });
    expect(opened[0]?.options).toEqual({ width: 300, height: 200 });
    opened[0]?.pip.dispatchEvent(new Event('pagehide'));
    opened[0]?.pip.dispatchEvent(new Event('pagehide'));
    expect(cleanup).toHaveBeenCalledTimes(1);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('closes from the overlay (close()) the same way', async () => {
    const { tab, opened } = tabWithPictureInPicture();
    const cleanup = vi.fn();
    const onClose = vi.fn();
    const popOut = await openPopOut(() => cleanup, { win: tab, onClose });
    popOut.close();
    expect(opened[0]?.pip.close).toHaveBeenCalled();
    expect(cleanup).toHaveBeenCalledTimes(1);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('rejects where Document PiP is unavailable or refused, rendering nothing', async () => {
    const render = vi.fn(() => () => undefined);
    await expect(openPopOut(render, { win: {} as Window })).rejects.toThrow(
      'This browser cannot pop the overlay out.',
    );
    const { tab, requestWindow } = tabWithPictureInPicture();
    const refused = new DOMException('Requires user activation', 'NotAllowedError');
    requestWindow.mockRejectedValueOnce(refused);
    await expect(openPopOut(render, { win: tab })).rejects.toBe(refused);
    expect(render).not.toHaveBeenCalled();
  });

  it("in Firefox's content-script sandbox, asks as the page and draws in the re-wrapped window", async () => {
    const { tab, requestWindow } = tabWithPictureInPicture();
    const api = (tab as unknown as { documentPictureInPicture: object }).documentPictureInPicture;
    // The page's own objects behind the sandbox's wrappers, and what re-wrapping them gives.
    const pageApi = { behindWrapper: 'documentPictureInPicture' };
    const pagePip = { behindWrapper: 'pip' };
    const pip = new HappyWindow() as unknown as Window;
    const pageRequest = vi.fn(async (_options: unknown) => pagePip);
    const pageTab = { DocumentPictureInPicture: { prototype: { requestWindow: pageRequest } } };
    const pageObjects = new Map<unknown, unknown>([
      [tab, pageTab],
      [api, pageApi],
    ]);
    const xray = Object.assign(
      vi.fn((object: unknown) => (object === pagePip ? pip : null)),
      { unwrap: (object: unknown) => pageObjects.get(object) },
    );
    vi.stubGlobal('XPCNativeWrapper', xray);
    vi.stubGlobal('cloneInto', (value: object, target: unknown) => ({ ...value, into: target }));
    try {
      let container: HTMLElement | null = null;
      const popOut = await openPopOut((into) => ((container = into), () => undefined), {
        win: tab,
      });
      expect(requestWindow).not.toHaveBeenCalled();
      expect(pageRequest).toHaveBeenCalledWith({ ...POP_OUT_SIZE, into: tab });
      expect(pageRequest.mock.contexts[0]).toBe(pageApi);
      expect(popOut.window).toBe(pip);
      expect((container as HTMLElement | null)?.ownerDocument).toBe(pip.document);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('closes a window whose document it may not use, saying why', async () => {
    const render = vi.fn(() => () => undefined);
    const { tab, requestWindow } = tabWithPictureInPicture();
    const close = vi.fn();
    const denied = {
      get document(): Document {
        throw new DOMException('Permission denied to access property "document"', 'SecurityError');
      },
      close,
    } as unknown as Window;
    requestWindow.mockResolvedValueOnce(denied);
    await expect(openPopOut(render, { win: tab })).rejects.toThrow(
      'this browser does not let the extension draw in that window',
    );
    expect(close).toHaveBeenCalledOnce();
    expect(render).not.toHaveBeenCalled();
  });
});
