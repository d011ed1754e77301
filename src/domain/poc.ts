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
  archived: boolean;
  createdAt: number;
  updatedAt: number;
}

export const POC_LIMITS = {
  textChars: 300,
  contacts: 50,
  criteria: 100,
} as const;

/** Criteria worth pivoting to, best first: anything not yet proven, in the SE's order. */
export function pivotCandidates(poc: Poc | null | undefined): SuccessCriterion[] {
  return poc ? poc.criteria.filter((c) => c.status !== 'proven') : [];
}
