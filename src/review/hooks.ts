/** Small hooks shared by the popup and the report tab (src/review: what both pages show). */
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { Playbook } from '../domain/playbook';
import type { Poc } from '../domain/poc';
import { send } from '../shared/messaging';
import { loadPlaybook, onPrefsChanged } from '../shared/prefs';

/** The current time, refreshed every `intervalMs` so due times and clocks stay right. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The playbook (its windows drive the scorecard); null until loaded. Follows edits. */
export function usePlaybook(): Playbook | null {
  const [playbook, setPlaybook] = useState<Playbook | null>(null);
  // Needed for the first list paint: start reading before the first frame (see useIncidentList).
  useLayoutEffect(() => {
    let live = true;
    void loadPlaybook().then((loaded) => live && setPlaybook(loaded));
    const unsubscribe = onPrefsChanged((change) => {
      if (change.playbook) setPlaybook(change.playbook);
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);
  return playbook;
}

/** Every POC, archived ones included (old incidents point at them). Empty on failure. */
export function usePocs(): Poc[] {
  const [pocs, setPocs] = useState<Poc[]>([]);
  useEffect(() => {
    let live = true;
    send('pocs/list', { includeArchived: true }).then(
      (list) => live && setPocs(list),
      // The POC filter is optional; the list stays usable without it.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return pocs;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
