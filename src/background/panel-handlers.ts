/** What the side panel page asks the worker (its ready view and "Start recovery"). */
import { panelAllowed, shareKind } from '../domain/recovery-place';
import browser from 'webextension-polyfill';
import { callPlatform, meetingCode } from '../shared/call-sites';
import { HandlerError } from './errors';
import { loadMeetingPocs, rememberMeetingPoc } from './incidents';
import { likelyCallTab, onStartRecoveryCommand } from './recovery';
import type { Handlers } from './router';
import { readAllShareStates } from './share';
import { panelPainted, panelShown } from './side-panel';

async function readyCall() {
  const tab = await likelyCallTab();
  const platform = callPlatform(tab?.url);
  return platform ? { platform, meetingCode: meetingCode(tab?.url) } : null;
}

export const panelHandlers: Pick<
  Handlers,
  | 'panel/start'
  | 'panel/ready'
  | 'panel/choose-poc'
  | 'panel/painted'
  | 'panel/allowed'
  | 'panel/opened'
> = {
  'panel/start': async ({ press }) => {
    await onStartRecoveryCommand(press);
    return null;
  },
  'panel/ready': async () => {
    const [call, meetingPocs] = await Promise.all([readyCall(), loadMeetingPocs()]);
    const code = call?.meetingCode ?? null;
    return { call, pocId: code === null ? null : (meetingPocs[code] ?? null) };
  },
  'panel/choose-poc': async ({ pocId }) => {
    const code = (await readyCall())?.meetingCode ?? null;
    if (code === null) {
      throw new HandlerError(
        'invalid-input',
        'Open your call tab first: the POC is kept per call.',
      );
    }
    await rememberMeetingPoc(code, pocId);
    return null;
  },
  'panel/painted': async () => {
    panelPainted();
    return null;
  },
  'panel/allowed': async () => panelAllowed(shareKind([...(await readAllShareStates()).values()])),
  'panel/opened': async (_payload, caller) => {
    // Queued now, before any later event's sync: the window is looked up inside the queue.
    const lastFocused = () => browser.windows.getLastFocused().then((w) => w.id ?? -1);
    const window =
      caller.tabId === null
        ? lastFocused()
        : browser.tabs.get(caller.tabId).then((tab) => tab.windowId ?? -1, lastFocused);
    await panelShown(window, true);
    return null;
  },
};
