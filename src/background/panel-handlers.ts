/** What the side panel page asks the worker (its ready view and "Start recovery"). */
import { callPlatform, meetingCode } from '../shared/call-sites';
import { HandlerError } from './errors';
import { loadMeetingPocs, rememberMeetingPoc } from './incidents';
import { likelyCallTab, onStartRecoveryCommand } from './recovery';
import type { Handlers } from './router';
import { panelPainted } from './side-panel';

async function readyCall() {
  const tab = await likelyCallTab();
  const platform = callPlatform(tab?.url);
  return platform ? { platform, meetingCode: meetingCode(tab?.url) } : null;
}

export const panelHandlers: Pick<
  Handlers,
  'panel/start' | 'panel/ready' | 'panel/choose-poc' | 'panel/painted'
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
};
