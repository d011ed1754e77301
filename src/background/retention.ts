/** Deletes incidents older than the retention setting (null keeps everything, the default). */
import { loadSettings } from '../shared/prefs';
import { read } from './db';
import { deleteIncidents } from './incidents';

/** The start of the same day `months` calendar months before `now` (May 31 − 3 → Feb 28). */
export function retentionCutoff(months: number, now: number): number {
  const today = new Date(now);
  const cutoff = new Date(today.getFullYear(), today.getMonth() - months, 1);
  const daysInMonth = new Date(cutoff.getFullYear(), cutoff.getMonth() + 1, 0).getDate();
  cutoff.setDate(Math.min(today.getDate(), daysInMonth));
  return cutoff.getTime();
}

export async function applyRetention(): Promise<{ deleted: number }> {
  const { retentionMonths } = await loadSettings();
  if (retentionMonths === null) return { deleted: 0 };
  const cutoff = retentionCutoff(retentionMonths, Date.now());
  const old = await read(['incidents'], (tx) =>
    tx.objectStore('incidents').index('by-startedAt').getAll(IDBKeyRange.upperBound(cutoff, true)),
  );
  // An incident still in progress is never old enough to delete.
  const ids = old.filter((r) => r.status !== 'active').map((r) => r.id);
  return { deleted: ids.length === 0 ? 0 : await deleteIncidents(ids) };
}
