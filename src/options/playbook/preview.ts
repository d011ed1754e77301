/** The sample a talk-track preview is filled from: the SE's first POC, else a made-up one. */
import { ETA_PRESETS } from '../../domain/eta';
import type { PlaceholderValues } from '../../domain/placeholders';
import { talkTrackValues } from '../../domain/placeholders';
import type { Poc } from '../../domain/poc';

export const SAMPLE_POC: Poc = {
  id: 'sample',
  prospect: 'Acme Corp',
  name: 'Data platform evaluation',
  contacts: [],
  criteria: [
    {
      id: 'sample-sso',
      title: 'Single sign-on with Okta',
      howToShow: 'Log in through the Okta tile and show the provisioned role.',
      status: 'not-shown',
    },
  ],
  archived: false,
  createdAt: 0,
  updatedAt: 0,
};

export const SAMPLE_ISSUE = 'the export API returned a 500 error';

export interface PreviewSample {
  values: PlaceholderValues;
  /** Where the values come from, for the editor to say. */
  source: 'poc' | 'sample';
  pocName: string;
}

export function previewSample(poc: Poc | null): PreviewSample {
  const from = poc ?? SAMPLE_POC;
  const values = talkTrackValues(
    {
      pivot: null,
      eta: { text: ETA_PRESETS[1]?.label ?? 'within the hour', dueAt: null },
      issue: SAMPLE_ISSUE,
    },
    from,
  );
  return {
    // A POC without a prospect or open criterion still previews every placeholder.
    values: {
      ...values,
      prospect: values.prospect || SAMPLE_POC.prospect,
      criterion: values.criterion ?? SAMPLE_POC.criteria[0]?.title ?? null,
    },
    source: poc ? 'poc' : 'sample',
    pocName: from.prospect || SAMPLE_POC.prospect,
  };
}

/** Splits filled text into plain runs and placeholders still left in it (odd indexes). */
export function previewParts(filled: string): string[] {
  return filled.split(/(\{[a-zA-Z][\w-]*\})/);
}
