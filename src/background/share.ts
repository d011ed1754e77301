// STUB owned by the privacy-guard work (issue 6): replace entirely.
import type { Handlers } from './router';

export const shareHandlers: Pick<Handlers, 'share/hint' | 'share/state'> = {
  'share/hint': async () => null,
  'share/state': async () => null,
};
