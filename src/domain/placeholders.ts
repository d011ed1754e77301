/**
 * Talk-track placeholders such as {prospect}. Filling is plain string substitution: the
 * template is never evaluated. fillPlaceholders leaves unset ones visible (the options
 * preview); a line shown for speaking goes through speakableLines, which never shows one raw.
 */

import type { Evidence } from './evidence';
import { diagnoseLine, issueFrom } from './evidence';
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
  state: Pick<IncidentState, 'pivot' | 'eta' | 'issue'> & { evidence?: readonly Evidence[] },
  poc: Poc | null,
): PlaceholderValues {
  const latest = state.evidence?.at(-1);
  return {
    prospect: poc?.prospect ?? null,
    criterion: state.pivot?.criterionTitle ?? pivotCandidates(poc)[0]?.title ?? null,
    eta: state.eta?.text ?? null,
    // Nothing typed yet: what the demo tab saw fail last.
    issue: state.issue ?? (latest ? issueFrom(latest) : null),
  };
}

/**
 * Spoken stand-ins for an unset placeholder that still read naturally ("I'm checking the logs
 * for this error now"). {prospect} and {criterion} have none: a line that needs them is skipped.
 */
export const SPOKEN_BLANKS: Partial<Record<PlaceholderName, string>> = {
  issue: 'this error',
  eta: 'shortly',
};

/**
 * A piece of a line to say: plain text, a filled-in value (user text, shown bidi-isolated), or
 * a stand-in for a blank the SE may fill.
 */
export type SpokenPart = { text: string; blank?: string; filled?: boolean };

export interface SpokenLine {
  /** Where it came from: a talk track's index, or "evidence" for the line built from it. */
  source: number | 'evidence';
  parts: SpokenPart[];
  /** The whole line as read out. */
  text: string;
  /** The placeholders that fell back to a stand-in. */
  blanks: string[];
}

const LAST_RESORT = '…';

/** Adds plain text, joined to the plain text before it: only blanks and values split a line. */
function plain(parts: SpokenPart[], text: string): void {
  const last = parts.at(-1);
  if (last && last.blank === undefined && !last.filled) last.text += text;
  else parts.push({ text });
}

function speak(
  template: string,
  values: PlaceholderValues,
  source: SpokenLine['source'],
  lastResort: boolean,
): SpokenLine | null {
  const parts: SpokenPart[] = [];
  const blanks: string[] = [];
  let cursor = 0;
  for (const match of template.matchAll(PLACEHOLDER_PATTERN)) {
    const name = match[1]!;
    if (match.index > cursor) plain(parts, template.slice(cursor, match.index));
    cursor = match.index + match[0].length;
    const value = isKnown(name) ? values[name] : undefined;
    if (value) {
      parts.push({ text: value, filled: true });
      continue;
    }
    const standIn =
      (isKnown(name) ? SPOKEN_BLANKS[name] : undefined) ?? (lastResort ? LAST_RESORT : null);
    if (standIn === null) return null;
    parts.push({ text: standIn, blank: name });
    blanks.push(name);
  }
  if (cursor < template.length) plain(parts, template.slice(cursor));
  return { source, parts, text: parts.map((p) => p.text).join(''), blanks };
}

/**
 * The lines to offer for speaking, in order: every placeholder filled, or replaced by a
 * spoken stand-in marked as a blank; a line whose blank has no stand-in is skipped. Should
 * that skip every line, they come back with "…" marked in each blank, so nothing raw shows.
 * With `evidence`, the line built from the latest failure comes first.
 */
export function speakableLines(
  templates: readonly string[],
  values: PlaceholderValues,
  evidence: Evidence | null = null,
): SpokenLine[] {
  const built: SpokenLine[] = evidence
    ? [
        {
          source: 'evidence',
          parts: [{ text: diagnoseLine(evidence) }],
          text: diagnoseLine(evidence),
          blanks: [],
        },
      ]
    : [];
  const lines = templates
    .map((template, i) => speak(template, values, i, false))
    .filter((line): line is SpokenLine => line !== null);
  if (lines.length > 0 || templates.length === 0) return [...built, ...lines];
  return [
    ...built,
    ...templates.map((template, i) => speak(template, values, i, true) as SpokenLine),
  ];
}
