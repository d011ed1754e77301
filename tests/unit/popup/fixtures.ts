/** Incidents, POCs and a fake worker for the popup and report component tests. */
import { vi } from 'vitest';
import type { IncidentEvent } from '../../../src/domain/incident';
import { replay } from '../../../src/domain/incident';
import { DEFAULT_PLAYBOOK } from '../../../src/domain/playbook';
import type { Poc } from '../../../src/domain/poc';
import type { IncidentRecord } from '../../../src/domain/record';
import { projectRecord } from '../../../src/domain/record';
import type { IncidentData } from '../../../src/review/incident-data';
import type { Method, Payload, Replies } from '../../../src/shared/messages';
import { MessageError, send } from '../../../src/shared/messaging';

export const T0 = Date.UTC(2025, 2, 4, 14, 0, 0);
export const MIN = 60_000;
export const HOUR = 60 * MIN;

export const ACME: Poc = {
  id: 'poc-acme',
  prospect: 'Acme Corp',
  name: 'Payments POC',
  contacts: [
    { name: 'Dana Scully', email: 'dana@acme.test' },
    { name: 'Fox Mulder', email: 'fox@acme.test' },
  ],
  criteria: [
    { id: 'c-sso', title: 'SSO login', howToShow: 'Log in with Okta', status: 'not-shown' },
  ],
  archived: false,
  createdAt: T0 - 10 * 24 * HOUR,
  updatedAt: T0 - 10 * 24 * HOUR,
};

export const GLOBEX: Poc = {
  ...ACME,
  id: 'poc-globex',
  prospect: 'Globex',
  name: '',
  contacts: [],
  archived: true,
};

/** Escalated after 11 minutes, pivoted, ended at +15:00. */
export function escalatedEvents(start = T0): IncidentEvent[] {
  return [
    { type: 'started', at: start, platform: 'meet', meetingCode: 'abc-defg-hij', pocId: ACME.id },
    { type: 'acknowledged', at: start + 20_000 },
    { type: 'issue-described', at: start + 30_000, text: 'Checkout API returned 500' },
    { type: 'note', at: start + 2 * MIN, text: 'Sandbox token looks expired' },
    { type: 'diagnosed', at: start + 5 * MIN, rootCause: 'Expired sandbox token' },
    {
      type: 'escalated',
      at: start + 11 * MIN,
      eta: 'within the hour',
      etaDueAt: start + 71 * MIN,
    },
    {
      type: 'pivoted',
      at: start + 12 * MIN,
      criterionId: 'c-sso',
      criterionTitle: 'SSO login',
    },
    { type: 'ended', at: start + 15 * MIN, outcome: 'escalated' },
  ];
}

export function recordOf(
  id: string,
  events: IncidentEvent[],
  poc: Poc | null = ACME,
): IncidentRecord {
  const state = replay(events, DEFAULT_PLAYBOOK);
  return projectRecord(id, state, poc, state.startedAt);
}

export function dataOf(id: string, events: IncidentEvent[], poc: Poc | null = ACME): IncidentData {
  return {
    record: recordOf(id, events, poc),
    events,
    state: replay(events, DEFAULT_PLAYBOOK),
    poc,
    playbook: DEFAULT_PLAYBOOK,
  };
}

type Handler<M extends Method> = (payload: Payload<M>) => Replies[M] | Promise<Replies[M]>;
export type WorkerHandlers = { [M in Method]?: Handler<M> };

/** Answers send() from `handlers`; any other method fails as the worker would. */
export function fakeWorker(handlers: WorkerHandlers) {
  const mock = vi.mocked(send);
  mock.mockClear();
  mock.mockImplementation((async (type: Method, payload: unknown) => {
    const handler = handlers[type] as ((p: unknown) => unknown) | undefined;
    if (!handler) throw new MessageError({ code: 'internal', message: `${type}: no fixture` });
    return handler(payload);
  }) as typeof send);
  return mock;
}

/** The payloads send() was called with for one method, in order. */
export function callsOf<M extends Method>(method: M): Payload<M>[] {
  return vi
    .mocked(send)
    .mock.calls.filter(([type]) => type === method)
    .map(([, payload]) => payload as Payload<M>);
}
