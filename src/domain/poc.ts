/** A proof of concept (deal) and the success criteria it must prove. */

export type CriterionStatus = 'not-shown' | 'proven' | 'at-risk';

export const CRITERION_STATUS_LABELS: Record<CriterionStatus, string> = {
  'not-shown': 'Not yet shown',
  proven: 'Proven',
  'at-risk': 'At risk',
};

export interface SuccessCriterion {
  id: string;
  title: string;
  /** One line: how to show it live. */
  howToShow: string;
  status: CriterionStatus;
}

export interface Contact {
  name: string;
  email: string;
}

export interface Poc {
  id: string;
  prospect: string;
  name: string;
  contacts: Contact[];
  /** In order of preference for a pivot. */
  criteria: SuccessCriterion[];
  /**
   * The demo app's origins (its pages and its API), e.g. "https://app.acme-demo.com". Failures
   * on them are captured once Chrome grants access. Absent in POCs from before format 2.
   */
  demoApps?: string[];
  /**
   * "Also capture console.error" on the demo app's pages: the one opt-in that changes the page
   * (console.error is wrapped there, which a page that inspects it could tell). Absent (off) in
   * POCs from before format 3.
   */
  consoleErrors?: boolean;
  archived: boolean;
  createdAt: number;
  updatedAt: number;
}

export const POC_LIMITS = {
  textChars: 300,
  contacts: 50,
  criteria: 100,
  demoApps: 20,
} as const;

/** An origin a demo app may run on: http(s), a host, maybe a port; no path, query or user. */
export function isDemoOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      url.origin === value &&
      !url.hostname.includes('*')
    );
  } catch {
    return false;
  }
}

/** What the SE typed ("app.acme-demo.com/login") as an origin, or null when it is none. */
export function normalizeDemoOrigin(input: string): string | null {
  const trimmed = input.trim();
  if (!trimmed) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    const url = new URL(withScheme);
    if (url.username || url.password) return null;
    return isDemoOrigin(url.origin) ? url.origin : null;
  } catch {
    return null;
  }
}

/** The host-permission pattern Chrome grants for an origin ("https://a.example.com:8443/*"). */
export function originPattern(origin: string): string {
  return `${origin}/*`;
}

/** Every demo origin of the open POCs, without repeats. */
export function demoOrigins(pocs: readonly Poc[]): string[] {
  return [...new Set(pocs.filter((p) => !p.archived).flatMap((p) => p.demoApps ?? []))];
}

/** The demo origins whose console.error the SE asked to capture (open POCs that opted in). */
export function consoleErrorOrigins(pocs: readonly Poc[]): string[] {
  return demoOrigins(pocs.filter((p) => p.consoleErrors === true));
}

/** Criteria worth pivoting to, best first: anything not yet proven, in the SE's order. */
export function pivotCandidates(poc: Poc | null | undefined): SuccessCriterion[] {
  return poc ? poc.criteria.filter((c) => c.status !== 'proven') : [];
}
