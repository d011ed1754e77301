/** Renders the options page against the fake browser and an in-memory POC store. */
import { render, screen } from '@testing-library/preact';
import { vi } from 'vitest';
import type { Poc } from '../../../src/domain/poc';
import type { Method, Payload, Replies } from '../../../src/shared/messages';
import { MessageError, send } from '../../../src/shared/messaging';
import { OptionsApp } from '../../../src/options/OptionsApp';
import { createPlaybookModel } from '../../../src/options/playbook/model';
import { createPocsModel } from '../../../src/options/pocs/model';
import { createSettingsModel } from '../../../src/options/settings/model';
import { createStoredDataModel } from '../../../src/options/stored-data/model';
import { dismissRepairs, patchPlaybook, patchSettings } from '../../../src/background/prefs-writer';
import { PageProvider } from '../../../src/options/ui/PageProvider';

export const ACME: Poc = {
  id: 'poc-acme',
  prospect: 'Globex',
  name: 'Analytics pilot',
  contacts: [{ name: 'Dana', email: 'dana@globex.test' }],
  criteria: [
    { id: 'c-1', title: 'Row-level security', howToShow: 'Log in as two users', status: 'proven' },
    { id: 'c-2', title: 'Nightly export', howToShow: 'Run the export job', status: 'not-shown' },
    { id: 'c-3', title: 'Audit trail', howToShow: 'Open the audit log', status: 'at-risk' },
  ],
  archived: false,
  createdAt: 1,
  updatedAt: 1,
};

type Handler<M extends Method> = (payload: Payload<M>) => Replies[M] | Promise<Replies[M]>;

/** Answers `send` like the worker would, keeping POCs in `pocs` (in list order). */
export function fakeWorker(
  pocs: Poc[] = [],
  extra: { [M in Method]?: Handler<M> } = {},
): { pocs: Poc[]; calls: { type: Method; payload: unknown }[] } {
  const state = { pocs: structuredClone(pocs), calls: [] as { type: Method; payload: unknown }[] };
  vi.mocked(send).mockImplementation(async (type, payload) => {
    state.calls.push({ type, payload });
    const handler = extra[type] as Handler<typeof type> | undefined;
    if (handler) return handler(payload as never);
    if (type === 'pocs/list') {
      const { includeArchived } = payload as Payload<'pocs/list'>;
      return structuredClone(state.pocs.filter((p) => includeArchived || !p.archived));
    }
    if (type === 'pocs/save') {
      const { poc } = payload as Payload<'pocs/save'>;
      const index = state.pocs.findIndex((p) => p.id === poc.id);
      if (index >= 0) state.pocs[index] = structuredClone(poc);
      else state.pocs.push(structuredClone(poc));
      return structuredClone(poc);
    }
    // The worker's own writer, over the fake browser's storage.
    if (type === 'playbook/patch')
      return patchPlaybook((payload as Payload<'playbook/patch'>).changes);
    if (type === 'settings/patch')
      return patchSettings((payload as Payload<'settings/patch'>).changes);
    if (type === 'stored/dismiss-repairs') {
      await dismissRepairs((payload as Payload<'stored/dismiss-repairs'>).item);
      return null;
    }
    throw new MessageError({ code: 'internal', message: `${type} is not faked` });
  });
  return state;
}

export function renderOptions(hash = '#playbook') {
  window.location.hash = hash;
  const models = {
    playbook: createPlaybookModel(),
    pocs: createPocsModel(),
    settings: createSettingsModel(),
    stored: createStoredDataModel(),
  };
  const view = render(
    <PageProvider>
      <OptionsApp models={models} />
    </PageProvider>,
  );
  return { ...view, models };
}

export const saveStatus = () => screen.getAllByRole('status').find((el) => el.dataset.state)!;

export const field = <T extends HTMLElement = HTMLInputElement>(name: string | RegExp) =>
  screen.getByLabelText(name) as unknown as T;
