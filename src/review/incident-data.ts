/** Loads one incident with what its detail view and composer need. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { IncidentEvent, IncidentState } from '../domain/incident';
import { replay } from '../domain/incident';
import type { Playbook } from '../domain/playbook';
import type { Poc } from '../domain/poc';
import type { IncidentRecord } from '../domain/record';
import { MessageError, send } from '../shared/messaging';
import { loadPlaybook } from '../shared/prefs';
import { errorMessage } from './hooks';

export interface IncidentData {
  record: IncidentRecord;
  events: IncidentEvent[];
  state: IncidentState;
  poc: Poc | null;
  playbook: Playbook;
}

/** Null when the incident does not exist (any more). */
export async function loadIncident(id: string): Promise<IncidentData | null> {
  const [found, pocs, playbook] = await Promise.all([
    send('incidents/get', { id }).catch((error: unknown) => {
      if (error instanceof MessageError && error.code === 'not-found') return null;
      throw error;
    }),
    send('pocs/list', { includeArchived: true }),
    loadPlaybook(),
  ]);
  if (!found) return null;
  const state = replay(found.events, playbook);
  const poc = pocs.find((p) => p.id === state.pocId) ?? null;
  return { record: found.record, events: found.events, state, poc, playbook };
}

export type IncidentLoad =
  | { phase: 'loading' }
  | { phase: 'missing' }
  | { phase: 'error'; message: string }
  | { phase: 'ready'; data: IncidentData };

export function useIncident(id: string): { load: IncidentLoad; retry: () => void } {
  const [load, setLoad] = useState<IncidentLoad>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setLoad({ phase: 'loading' });
    loadIncident(id).then(
      (data) => live && setLoad(data ? { phase: 'ready', data } : { phase: 'missing' }),
      (error: unknown) => live && setLoad({ phase: 'error', message: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [id, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { load, retry };
}
