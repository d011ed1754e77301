/**
 * Talk-track placeholders such as {prospect}. Filling is plain string substitution: the
 * template is never evaluated, and unknown or unset placeholders stay visible so the SE notices.
 */

import type { IncidentState } from './incident';
import type { Poc } from './poc';
import { pivotCandidates } from './poc';

export const PLACEHOLDERS = {
  prospect: 'The prospect (company) of the POC',
  criterion: 'The success criterion you pivot to',
  eta: 'The timeline you promised, e.g. "within the hour"',
  issue: 'A short description of what failed',
} as const;

export type PlaceholderName = keyof typeof PLACEHOLDERS;
export type PlaceholderValues = Partial<Record<PlaceholderName, string | null>>;

const PLACEHOLDER_PATTERN = /\{([a-zA-Z][\w-]*)\}/g;

function isKnown(name: string): name is PlaceholderName {
  return Object.hasOwn(PLACEHOLDERS, name);
}

/** The template as text and filled-in values, in order (a UI isolates the values' direction). */
export function placeholderParts(
  template: string,
  values: PlaceholderValues,
): { text: string; filled: boolean }[] {
  const parts: { text: string; filled: boolean }[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER_PATTERN)) {
    const name = match[1] ?? '';
    const value = isKnown(name) ? values[name] : undefined;
    if (!value) continue;
    if (match.index > last) parts.push({ text: template.slice(last, match.index), filled: false });
    parts.push({ text: value, filled: true });
    last = match.index + match[0].length;
  }
  if (last < template.length || parts.length === 0) {
    parts.push({ text: template.slice(last), filled: false });
  }
  return parts;
}

export function fillPlaceholders(template: string, values: PlaceholderValues): string {
  return placeholderParts(template, values)
    .map((part) => part.text)
    .join('');
}

/** Placeholders in a template that we do not know how to fill, in order, without repeats. */
export function unknownPlaceholders(template: string): string[] {
  const unknown = new Set<string>();
  for (const [, name] of template.matchAll(PLACEHOLDER_PATTERN)) {
    if (name && !isKnown(name)) unknown.add(name);
  }
  return [...unknown];
}

/**
 * What the talk tracks of an incident fill in: the POC's prospect, the criterion pivoted to (or,
 * before the pivot, the best candidate, so the SE can already rehearse the line), the promised
 * timeline and what failed.
 */
export function talkTrackValues(
  state: Pick<IncidentState, 'pivot' | 'eta' | 'issue'>,
  poc: Poc | null,
): PlaceholderValues {
  return {
    prospect: poc?.prospect ?? null,
    criterion: state.pivot?.criterionTitle ?? pivotCandidates(poc)[0]?.title ?? null,
    eta: state.eta?.text ?? null,
    issue: state.issue,
  };
}
