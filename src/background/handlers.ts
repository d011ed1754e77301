// STUB owned by the incident-store work (issue 3): replace entirely, keeping the composition.
import { HandlerError } from './errors';
import type { Handlers } from './router';
import { shareHandlers } from './share';

const notYet = async (): Promise<never> => {
  throw new HandlerError('internal', 'not implemented');
};

export const handlers: Handlers = {
  ...shareHandlers,
  'recovery/start': notYet,
  'incident/active': notYet,
  'incident/act': notYet,
  'pocs/active': notYet,
  'incidents/list': notYet,
  'incidents/get': notYet,
  'incidents/stats': notYet,
  'incidents/save-draft': notYet,
  'incidents/mark-sent': notYet,
  'incidents/delete': notYet,
  'pocs/list': notYet,
  'pocs/save': notYet,
  'backup/export': notYet,
  'backup/export-csv': notYet,
  'backup/preview-import': notYet,
  'backup/import': notYet,
  'retention/apply': notYet,
};
