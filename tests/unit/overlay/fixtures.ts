/** Incidents, POCs and a scripted worker for the overlay's unit tests. */
import { vi } from 'vitest';
import type { IncidentEvent } from '../../../src/domain/incident';
import { replay } from '../../../src/domain/incident';
import { DEFAULT_PLAYBOOK } from '../../../src/domain/playbook';
import type { Poc } from '../../../src/domain/poc';
import { projectRecord } from '../../../src/domain/record';
import type { ActiveIncident, Method } from '../../../src/shared/messages';
import { fakeBrowser } from '../fake-browser';

export const T0 = 1_700_000_000_000;
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

export const POC: Poc = {
  id: 'poc-acme',
  prospect: 'Acme Corp',
  name: 'Data platform POC',
  contacts: [],
  criteria: [
    { id: 'c-export', title: 'Scheduled exports', howToShow: 'Run an export', status: 'proven' },
    { id: 'c-sso', title: 'SSO login', howToShow: 'Sign in with Okta', status: 'not-shown' },
    { id: 'c-audit', title: 'Audit trail', howToShow: 'Open the audit log', status: 'at-risk' },
  ],
  archived: false,
  createdAt: 1,
  updatedAt: 1,
};

export const started = (pocId: string | null = POC.id): IncidentEvent => ({
  type: 'started',
  at: T0,
  platform: 'meet',
  meetingCode: 'abc-defg-hij',
  pocId,
});

export function activeIncident(events: IncidentEvent[], id = 'inc-1'): ActiveIncident {
  const state = replay(events, DEFAULT_PLAYBOOK);
  return { record: projectRecord(id, state, POC, T0), events };
}

type Handler = (payload: never) => unknown;

/**
 * Answers runtime.sendMessage like the worker's router: `{ ok: true, value }` from the given
 * handlers, or the error a handler throws as `{ ok: false, error }`.
 */
export function scriptWorker(handlers: Partial<Record<Method, Handler>>) {
  fakeBrowser.runtime.sendMessage.mockImplementation(async (message: unknown) => {
    const { type, payload } = message as { type: Method; payload: never };
    const handler = handlers[type];
    if (!handler) return { ok: false, error: { code: 'internal', message: `no ${type}` } };
    try {
      return { ok: true, value: await handler(payload) };
    } catch (error) {
      return { ok: false, error: error as object };
    }
  });
  return fakeBrowser.runtime.sendMessage;
}

/** The messages sent so far, as [type, payload]. */
export function sent(): [string, unknown][] {
  return fakeBrowser.runtime.sendMessage.mock.calls.map(([m]) => {
    const { type, payload } = m as { type: string; payload: unknown };
    return [type, payload];
  });
}

export const noop = vi.fn();
