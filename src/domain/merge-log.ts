/**
 * Merging two copies of one incident's append-only event log (this browser's and a backup's).
 * An event is identified by its content (time, kind and data; any idempotency key it carries
 * is part of that content), so nothing is ever dropped: an event on either side is in the
 * merged log, and an event on both sides is there once. Equal events within one side are kept
 * as many times as that side has them (a multiset union).
 */
import { sameData } from './data';
import type { IncidentEvent } from './incident';
import { sortEvents } from './incident';

export interface MergedLog {
  /** Both logs, sorted by time (same-time events keep this browser's order, then the backup's). */
  events: IncidentEvent[];
  /** The backup's events this browser does not have, in the backup's order. */
  added: IncidentEvent[];
  /** How many of this browser's events the backup does not have (all kept). */
  onlyHere: number;
}

const bucketOf = (event: IncidentEvent) => `${event.at}:${event.type}`;

export function mergeLogs(
  here: readonly IncidentEvent[],
  incoming: readonly IncidentEvent[],
): MergedLog {
  // Candidates by time and kind, so matching is linear for ordinary logs.
  const unmatched = new Map<string, IncidentEvent[]>();
  for (const event of here) {
    const bucket = unmatched.get(bucketOf(event));
    if (bucket) bucket.push(event);
    else unmatched.set(bucketOf(event), [event]);
  }
  const added: IncidentEvent[] = [];
  for (const event of incoming) {
    const bucket = unmatched.get(bucketOf(event));
    const match = bucket?.findIndex((candidate) => sameData(candidate, event)) ?? -1;
    if (match >= 0) bucket!.splice(match, 1);
    else added.push(event);
  }
  let onlyHere = 0;
  for (const bucket of unmatched.values()) onlyHere += bucket.length;
  return { events: sortEvents([...here, ...added]), added, onlyHere };
}
