/**
 * Every message is validated on arrival and its sender checked before any handler runs:
 * the sender must be this extension, either one of its pages or its content script in a
 * call tab, and page-only methods refuse content scripts.
 */
import * as v from 'valibot';
import type { Runtime } from 'webextension-polyfill';
import type { Platform } from '../domain/incident';
import { callPlatform, callPlatformOfOrigin } from '../shared/call-sites';
import type { Envelope, Method, Payload, Replies, Reply } from '../shared/messages';
import { EnvelopeSchema, METHODS } from '../shared/messages';
import { describeProblems, validate } from '../shared/schemas';
import { HandlerError, toWireError } from './errors';

export interface Caller {
  /** `demo`: a tab on no call site, maybe a demo app (only `demo` methods, origin checked). */
  kind: 'call' | 'page' | 'demo';
  platform: Platform;
  tabId: number | null;
  frameId: number | null;
  url: string;
  /** A blank popup window of this call tab (see popupOfCall): it may only report shares. */
  openerTabId?: number;
}

export type Handlers = {
  [M in Method]: (payload: Payload<M>, caller: Caller) => Promise<Replies[M]>;
};

/**
 * The address a sender's document speaks for. An about:blank or about:srcdoc frame has none of
 * its own: it runs with the origin of the frame that made it (Chrome's `sender.origin`), and a
 * call page can capture the screen from one. It speaks for its tab's page only when that
 * origin is the tab's own.
 */
function documentUrl(sender: Runtime.MessageSender & { origin?: string }): string | undefined {
  const { url, origin } = sender;
  const tabUrl = sender.tab?.url;
  if (!url || !/^about:(?:blank|srcdoc)(?:[?#]|$)/.test(url) || !tabUrl || !origin) return url;
  try {
    return new URL(tabUrl).origin === origin ? tabUrl : url;
  } catch {
    return url;
  }
}

/**
 * A blank popup window a call page opened (window.open with no address): its documents run
 * with the call page's origin (Chrome's `sender.origin`) in a tab of their own whose opener is
 * that call tab. A page could capture the screen from there; it speaks for its opener, for
 * share hints only.
 */
function popupOfCall(sender: Runtime.MessageSender & { origin?: string }) {
  const { url, origin, tab } = sender;
  const blank = (address: string | undefined) => !address || /^about:blank(?:[?#]|$)/.test(address);
  if (!url || !/^about:(?:blank|srcdoc)(?:[?#]|$)/.test(url) || !tab || !blank(tab.url))
    return null;
  const platform = callPlatformOfOrigin(origin);
  return platform && tab.openerTabId !== undefined ? { platform, opener: tab.openerTabId } : null;
}

export function identifyCaller(
  sender: Runtime.MessageSender,
  extensionId: string,
  extensionOrigin: string,
): Caller | null {
  if (sender.id !== extensionId || !sender.url) return null;
  const tabId = sender.tab?.id ?? null;
  const frameId = sender.frameId ?? null;
  if (sender.url.startsWith(extensionOrigin)) {
    return { kind: 'page', platform: 'practice', tabId, frameId, url: sender.url };
  }
  const documentAt = documentUrl(sender) ?? sender.url;
  const platform = callPlatform(documentAt);
  if (platform && tabId !== null)
    return { kind: 'call', platform, tabId, frameId, url: documentAt };
  const popup = popupOfCall(sender);
  if (popup && tabId !== null) {
    const { platform, opener } = popup;
    return { kind: 'call', platform, tabId, frameId, url: sender.url, openerTabId: opener };
  }
  if (tabId !== null && /^https?:\/\//.test(sender.url)) {
    return { kind: 'demo', platform: 'practice', tabId, frameId, url: sender.url };
  }
  return null;
}

export async function route(
  handlers: Handlers,
  message: unknown,
  caller: Caller | null,
): Promise<Reply<Method>> {
  try {
    const envelope = validate(EnvelopeSchema, message);
    if (!envelope.ok) {
      throw new HandlerError(
        'invalid-message',
        `Not a Demo Rescue message: ${describeProblems(envelope.problems)}`,
        envelope.problems,
      );
    }
    const { type } = envelope.value;
    if (!caller) throw new HandlerError('forbidden', `"${type}" was sent from an unknown sender.`);
    const method = METHODS[type];
    if (method.access === 'page' && caller.kind !== 'page') {
      throw new HandlerError('forbidden', `"${type}" is only available to Demo Rescue's pages.`);
    }
    if ((method.access === 'demo') !== (caller.kind === 'demo')) {
      throw new HandlerError('forbidden', `"${type}" is not available to this sender.`);
    }
    if (caller.openerTabId !== undefined && type !== 'share/hint') {
      throw new HandlerError('forbidden', `"${type}" is not available to a call's popup window.`);
    }
    const payload = v.safeParse(method.payload, envelope.value.payload);
    if (!payload.success) {
      const problems = validate(method.payload, envelope.value.payload);
      const list = problems.ok ? [] : problems.problems;
      throw new HandlerError(
        'invalid-message',
        `"${type}" has the wrong shape: ${describeProblems(list)}`,
        list,
      );
    }
    const handler = handlers[type] as (p: unknown, c: Caller) => Promise<unknown>;
    const value = await handler(payload.output, caller);
    return { ok: true, value } as Reply<Method>;
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}

export type { Envelope };
