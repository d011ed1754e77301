/** Human time formats for a glance: the overlay clock and the popup's due times. */

export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** "+1:05" relative to the failure, for timelines. */
export function formatOffset(ms: number): string {
  return `${ms < 0 ? '-' : '+'}${formatClock(Math.abs(ms))}`;
}

/** A coarse duration: "45 s", "12 min", "3 h", "2 d". */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 60_000) return `${Math.round(abs / 1000)} s`;
  if (abs < 3_600_000) return `${Math.round(abs / 60_000)} min`;
  if (abs < 86_400_000) return `${Math.round(abs / 3_600_000)} h`;
  return `${Math.round(abs / 86_400_000)} d`;
}

/** "due in 3 h" / "overdue by 20 min". */
export function formatDue(dueAt: number, now: number): string {
  return dueAt >= now
    ? `due in ${formatDuration(dueAt - now)}`
    : `overdue by ${formatDuration(now - dueAt)}`;
}
