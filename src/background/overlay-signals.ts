/**
 * Signals about the overlay that pass through the worker: Esc in a private text field (an
 * extension page framed in the overlay, which cannot reach the overlay's content script
 * directly) goes to the overlay in the same tab; an overlay the page keeps out of sight has the
 * user told privately (a notification and "!" on the toolbar icon), since the page cannot see
 * either.
 */
import browser from 'webextension-polyfill';
import { OVERLAY_LEAVE_MESSAGE } from '../shared/private-field';
import type { UnseenReason } from '../shared/messages';
import { HandlerError } from './errors';
import { tellUser } from './recovery';
import type { Handlers } from './router';

const UNSEEN_WHY: Record<UnseenReason, string> = {
  removed: 'the page removed it',
  hidden: 'the page hides it',
  'zero-size': 'the page shrank it to nothing',
  'off-screen': 'the page moved it off the screen',
};

export const overlaySignalHandlers: Pick<Handlers, 'overlay/leave' | 'overlay/unseen'> = {
  'overlay/unseen': async ({ reason }, caller) => {
    if (caller.kind !== 'call')
      throw new HandlerError('forbidden', 'Only an overlay reports this.');
    await tellUser(
      `The recovery overlay cannot be seen in the call tab: ${UNSEEN_WHY[reason]}. Your incident ` +
        'is still being recorded. Press the hotkey again, or follow it from the toolbar icon.',
    );
    return null;
  },
  'overlay/leave': async (_payload, caller) => {
    if (caller.tabId === null) {
      throw new HandlerError('forbidden', 'Only a field inside a tab can hand focus back.');
    }
    // The overlay runs in the top frame; without one (the practice call) nothing listens.
    await browser.tabs
      .sendMessage(caller.tabId, { type: OVERLAY_LEAVE_MESSAGE }, { frameId: 0 })
      .catch(() => undefined);
    return null;
  },
};
