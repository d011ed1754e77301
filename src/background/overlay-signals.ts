/**
 * Signals about the overlay that pass through the worker: Esc in a private text field (an
 * extension page framed in the overlay, which cannot reach the overlay's content script
 * directly) goes to the overlay in the same tab.
 */
import browser from 'webextension-polyfill';
import { OVERLAY_LEAVE_MESSAGE } from '../shared/private-field';
import { HandlerError } from './errors';
import type { Handlers } from './router';

export const overlaySignalHandlers: Pick<Handlers, 'overlay/leave'> = {
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
