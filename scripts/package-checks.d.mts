/** Types for package-checks.mjs (plain JS so `npm run package` needs no build step). */
export function packageProblems(
  store: 'chrome' | 'edge' | 'firefox',
  entries: Record<string, Uint8Array>,
  version: string,
): string[];
