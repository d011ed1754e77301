// STUB owned by the overlay work (issue 7): replace entirely.
import type { Handlers } from './router';
import { HandlerError } from './errors';

export async function onStartRecoveryCommand(): Promise<void> {}
export async function reattachOverlays(): Promise<void> {}
export const recoveryHandlers: Pick<Handlers, 'recovery/start' | 'incident/active'> = {
  'recovery/start': async () => {
    throw new HandlerError('internal', 'not implemented');
  },
  'incident/active': async () => ({ incident: null, here: false }),
};
