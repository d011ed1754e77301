/** Saves text as a file through the browser's download (no permission needed from a page). */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The download has its own reference by now; the URL only needs to outlive the click.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** "2026-11-29" in local time, for file names. */
export function fileStamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
