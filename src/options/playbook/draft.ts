/**
 * What the playbook editor holds while the SE types: the raw text of every field, valid or not,
 * so invalid input stays in its field with the reason beside it instead of being dropped. A
 * draft turns into a Playbook only when the schemas accept every field.
 */
import type { PhaseId, Playbook } from '../../domain/playbook';
import { PHASE_IDS, PHASE_LABELS } from '../../domain/playbook';
import type { ValidationProblem } from '../../shared/schemas';
import { PhaseGuideSchema, PlaybookSchema, validate } from '../../shared/schemas';

export interface TalkTrackDraft {
  /** Stable identity for rendering and focus while tracks move; never stored. */
  key: number;
  text: string;
}

export interface PhaseDraft {
  goal: string;
  talkTracks: TalkTrackDraft[];
  /** One phrase per line, as typed. */
  dontSay: string;
  /** One item per line, as typed. */
  checklist: string;
}

export interface WindowsDraft {
  acknowledgeSeconds: string;
  diagnoseMinutes: string;
  followUpHours: string;
}

export interface PlaybookDraft {
  phases: Record<PhaseId, PhaseDraft>;
  windows: WindowsDraft;
}

export type LineListField = 'dontSay' | 'checklist';
export type WindowField = keyof WindowsDraft;

let nextKey = 1;
export const newTrackKey = (): number => nextKey++;

/** Each window field: where its schema problems point, its unit and its milliseconds per unit. */
export const WINDOW_FIELDS: Record<
  WindowField,
  { path: `windows.${keyof Playbook['windows']}`; label: string; unit: string; msPerUnit: number }
> = {
  acknowledgeSeconds: {
    path: 'windows.acknowledgeMs',
    label: 'Acknowledge window',
    unit: 'seconds',
    msPerUnit: 1000,
  },
  diagnoseMinutes: {
    path: 'windows.diagnoseMs',
    label: 'Diagnose window',
    unit: 'minutes',
    msPerUnit: 60_000,
  },
  followUpHours: {
    path: 'windows.followUpMs',
    label: 'Follow-up deadline',
    unit: 'hours',
    msPerUnit: 3_600_000,
  },
};
const WINDOW_FIELD_NAMES = Object.keys(WINDOW_FIELDS) as WindowField[];
const msPerUnit = (field: WindowField) => WINDOW_FIELDS[field].msPerUnit;

/** Up to 3 decimals, without trailing zeros: 90 s of minutes reads "1.5". */
const formatAmount = (value: number) => String(Math.round(value * 1000) / 1000);

export function phaseDraftFrom(
  guide: Playbook['phases'][PhaseId],
  keys: readonly number[] = [],
): PhaseDraft {
  return {
    goal: guide.goal,
    // Reuse the keys of tracks in the same place so an update from another tab keeps focus.
    talkTracks: guide.talkTracks.map((text, i) => ({ key: keys[i] ?? newTrackKey(), text })),
    dontSay: guide.dontSay.join('\n'),
    checklist: guide.checklist.join('\n'),
  };
}

export function draftFrom(playbook: Playbook, previous?: PlaybookDraft): PlaybookDraft {
  const phases = {} as Record<PhaseId, PhaseDraft>;
  for (const id of PHASE_IDS) {
    const keys = previous?.phases[id].talkTracks.map((t) => t.key);
    phases[id] = phaseDraftFrom(playbook.phases[id], keys);
  }
  const { acknowledgeMs, diagnoseMs, followUpMs } = playbook.windows;
  return {
    phases,
    windows: {
      acknowledgeSeconds: formatAmount(acknowledgeMs / msPerUnit('acknowledgeSeconds')),
      diagnoseMinutes: formatAmount(diagnoseMs / msPerUnit('diagnoseMinutes')),
      followUpHours: formatAmount(followUpMs / msPerUnit('followUpHours')),
    },
  };
}

/** The lines of a one-per-line field that count as items (blank lines are spacing, not items). */
export function linesOf(text: string): { item: string; line: number }[] {
  return text
    .split('\n')
    .map((raw, index) => ({ item: raw.trim(), line: index + 1 }))
    .filter(({ item }) => item !== '');
}

function parseAmount(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** Problems keyed by field: `phases.<id>.goal`, `….talkTracks`, `….talkTracks[i]`, `….dontSay`, `windows.<field>`. */
export type DraftProblems = Map<string, string[]>;

export interface DraftCheck {
  /** Set when every field is valid. */
  playbook: Playbook | null;
  problems: DraftProblems;
  /** Each problem with a label a person recognises, in page order. */
  summary: string[];
}

const fieldLabel = (phase: PhaseId, field: string) => `${PHASE_LABELS[phase]} › ${field}`;

function add(problems: DraftProblems, key: string, message: string) {
  const list = problems.get(key) ?? [];
  list.push(message);
  problems.set(key, list);
}

interface LineLists {
  dontSay: { line: number }[];
  checklist: { line: number }[];
}

/** Where a schema problem in a phase belongs in the editor, and how to say it there. */
function placePhaseProblem(
  phase: PhaseId,
  { path, message }: ValidationProblem,
  lines: LineLists,
): { key: string; text: string; summary: string } {
  const match = /^(goal|talkTracks|dontSay|checklist)(?:\[(\d+)\])?/.exec(path);
  const field = (match?.[1] ?? 'goal') as 'goal' | 'talkTracks' | LineListField;
  const index = match?.[2] === undefined ? null : Number(match[2]);
  const key = `phases.${phase}.${field}`;
  if (field === 'goal') {
    return {
      key,
      text: `The goal ${message}.`,
      summary: `${fieldLabel(phase, 'Goal')}: ${message}`,
    };
  }
  if (field === 'talkTracks') {
    return index === null
      ? {
          key,
          text: `Talk tracks: ${message}.`,
          summary: `${fieldLabel(phase, 'Talk tracks')}: ${message}`,
        }
      : {
          key: `${key}[${index}]`,
          text: `This talk track ${message}.`,
          summary: `${fieldLabel(phase, `Talk track ${index + 1}`)}: ${message}`,
        };
  }
  const label = field === 'dontSay' ? "Don't say" : 'Checklist';
  const line = index === null ? undefined : lines[field][index]?.line;
  return line === undefined
    ? { key, text: `${label}: ${message}.`, summary: `${fieldLabel(phase, label)}: ${message}` }
    : {
        key,
        text: `Line ${line} ${message}.`,
        summary: `${fieldLabel(phase, label)}: line ${line} ${message}`,
      };
}

function checkPhase(
  phase: PhaseId,
  draft: PhaseDraft,
  problems: DraftProblems,
  summary: string[],
): Playbook['phases'][PhaseId] {
  const lines = { dontSay: linesOf(draft.dontSay), checklist: linesOf(draft.checklist) };
  const guide = {
    goal: draft.goal,
    talkTracks: draft.talkTracks.map((t) => t.text),
    dontSay: lines.dontSay.map((l) => l.item),
    checklist: lines.checklist.map((l) => l.item),
  };
  const result = validate(PhaseGuideSchema, guide);
  for (const problem of result.ok ? [] : result.problems) {
    const placed = placePhaseProblem(phase, problem, lines);
    add(problems, placed.key, placed.text);
    summary.push(placed.summary);
  }
  return guide;
}

/** Validates every field of the draft at once, so all problems show together. */
export function checkDraft(draft: PlaybookDraft): DraftCheck {
  const problems: DraftProblems = new Map();
  const summary: string[] = [];

  const windowSummary: string[] = [];
  const amounts = {} as Record<WindowField, number | null>;
  for (const field of WINDOW_FIELD_NAMES) {
    const amount = parseAmount(draft.windows[field]);
    amounts[field] = amount;
    if (amount === null) {
      const message = `Enter a number of ${WINDOW_FIELDS[field].unit}.`;
      add(problems, WINDOW_FIELDS[field].path, message);
      windowSummary.push(`${WINDOW_FIELDS[field].label}: ${message}`);
    }
  }
  const toMs = (field: WindowField) => Math.round((amounts[field] ?? NaN) * msPerUnit(field));
  const windows = {
    acknowledgeMs: toMs('acknowledgeSeconds'),
    diagnoseMs: toMs('diagnoseMinutes'),
    followUpMs: toMs('followUpHours'),
  };

  const phases = {} as Playbook['phases'];
  for (const id of PHASE_IDS) phases[id] = checkPhase(id, draft.phases[id], problems, summary);

  // The windows alone, against a known-good set of phases, so their checks (including
  // "diagnose longer than acknowledge") run even while a phase field is invalid.
  const windowsResult = validate(PlaybookSchema, { phases: EMPTY_PHASES, windows });
  if (!windowsResult.ok) {
    for (const { path, message } of windowsResult.problems) {
      const field = WINDOW_FIELD_NAMES.find((f) => WINDOW_FIELDS[f].path === path);
      // Unparsable amounts already have their own message.
      if (!field || amounts[field] === null) continue;
      const { label } = WINDOW_FIELDS[field];
      add(problems, path, `The ${label.toLowerCase()} ${message}.`);
      windowSummary.push(`${label}: ${message}`);
    }
  }
  summary.unshift(...windowSummary);

  const playbook = problems.size === 0 ? { phases, windows } : null;
  return { playbook, problems, summary };
}

const EMPTY_GUIDE = { goal: '', talkTracks: [], dontSay: [], checklist: [] };
const EMPTY_PHASES: Playbook['phases'] = {
  acknowledge: EMPTY_GUIDE,
  diagnose: EMPTY_GUIDE,
  escalate: EMPTY_GUIDE,
  'follow-up': EMPTY_GUIDE,
};

/** One line for the save status: the first problem, and how many more there are. */
export function summarise(summary: readonly string[]): string {
  const [first, ...rest] = summary;
  if (!first) return '';
  return rest.length ? `${first} (and ${rest.length} more)` : first;
}
