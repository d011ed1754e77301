/**
 * Drafts the follow-up a prospect expects after a Tier-1 incident: impact, timeline, root cause,
 * resolution, prevention. Blameless: it describes what happened, not who is at fault.
 */
import type { FollowUpDraft, IncidentEvent, IncidentState } from './incident';
import { OUTCOME_LABELS } from './incident';
import { evidenceSummary, rootCauseSuggestion } from './evidence';
import { escapeMarkdown } from './markdown';
import type { Poc } from './poc';
import { formatClock, formatOffset } from './time';

export interface ReportSection {
  heading: string;
  lines: string[];
}

export interface FollowUpReport {
  subject: string;
  recipients: string[];
  greeting: string;
  intro: string;
  sections: ReportSection[];
  closing: string[];
  /** Plain-text body for email. */
  body: string;
}

export interface ReportInput {
  state: IncidentState;
  events: readonly IncidentEvent[];
  poc: Poc | null;
  /** The SE's edits; empty fields fall back to what the incident captured. */
  draft: Partial<FollowUpDraft>;
  /** Formats an absolute time for the reader, e.g. in the SE's locale. */
  formatTime: (at: number) => string;
}

export function timelineLines(state: IncidentState, events: readonly IncidentEvent[]): string[] {
  const lines: string[] = [];
  for (const e of events) {
    const when = formatOffset(e.at - state.startedAt);
    const text = describeEvent(e);
    if (text) lines.push(`${when}  ${text}`);
  }
  return lines;
}

export function describeEvent(e: IncidentEvent): string | null {
  switch (e.type) {
    case 'started':
      return 'The failure occurred during the session.';
    case 'acknowledged':
      return 'We acknowledged the failure and began investigating.';
    case 'issue-described':
      return `Symptom: ${e.text}`;
    case 'note':
      return `Note: ${e.text}`;
    case 'checklist':
      return e.done ? `Checked: ${e.item}` : null;
    case 'diagnosed':
      return `Likely cause identified: ${e.rootCause}`;
    case 'escalated':
      return `Escalated to engineering; update promised ${e.eta}.`;
    case 'pivoted':
      return `Continued the session with: ${e.criterionTitle}.`;
    case 'ended':
      return `Incident closed in the session: ${OUTCOME_LABELS[e.outcome].toLowerCase()}.`;
    case 'evidence':
      return `Seen in the demo: ${evidenceSummary(e.item)}`;
    case 'poc-selected':
    case 'follow-up-drafted':
    case 'follow-up-sent':
      return null;
  }
}

/** What the draft starts as, from what the overlay captured. */
export function initialDraft(state: IncidentState, poc: Poc | null): FollowUpDraft {
  const what = state.issue ?? 'the failure during our session';
  return {
    recipients: poc ? poc.contacts.map((c) => c.email).filter(Boolean) : [],
    subject: `Incident report: ${what}${poc ? ` (${poc.prospect} POC)` : ''}`,
    rootCause: state.rootCause ?? rootCauseSuggestion(state.evidence) ?? '',
    resolution:
      state.outcome === 'fixed-live'
        ? 'Fixed during the session and verified by re-running the same step.'
        : '',
    resolutionKind: state.outcome === 'fixed-live' ? 'permanent' : 'temporary',
    prevention: '',
    preventionOwner: '',
    preventionDate: '',
  };
}

function pick(value: string | undefined, fallback: string): string {
  return value && value.trim() ? value.trim() : fallback;
}

export function draftFollowUp(input: ReportInput): FollowUpReport {
  const { state, events, poc, formatTime } = input;
  const base = initialDraft(state, poc);
  const d = { ...base, ...input.draft };
  const greeting = poc?.contacts[0]?.name ? `Hi ${poc.contacts[0].name.split(' ')[0]},` : 'Hi all,';
  const duration = state.endedAt === null ? null : formatClock(state.endedAt - state.startedAt);
  const impact = [
    `During our session on ${formatTime(state.startedAt)}, ${state.issue ?? 'a step of the demo failed'}.`,
    duration ? `It affected the session for ${duration} (m:ss).` : null,
    state.pivot ? `We continued with "${state.pivot.criterionTitle}" in the meantime.` : null,
  ]
    .filter(Boolean)
    .join(' ');
  const prevention = [
    pick(d.prevention, '[What we are changing so it does not happen again]'),
    d.preventionOwner.trim() ? `Owner: ${d.preventionOwner.trim()}` : null,
    d.preventionDate.trim() ? `By: ${d.preventionDate.trim()}` : null,
  ]
    .filter(Boolean)
    .join('\n');
  const sections: ReportSection[] = [
    { heading: 'Impact', lines: [impact] },
    { heading: 'Timeline (relative to the failure)', lines: timelineLines(state, events) },
    { heading: 'Root cause', lines: [pick(d.rootCause, '[What happened and why]')] },
    {
      heading: `Resolution (${d.resolutionKind})`,
      lines: [pick(d.resolution, '[What was done to fix it]')],
    },
    { heading: 'Prevention', lines: prevention.split('\n') },
  ];
  const intro =
    "Thank you for your patience during today's session. As promised, here is our report on the failure you saw, written the way we would report a production incident.";
  const closing = [
    'If you have any questions, reply to this email and we will walk you through it.',
    '',
    'Best regards,',
  ];
  const body = [
    greeting,
    '',
    intro,
    ...sections.flatMap((section) => ['', section.heading.toUpperCase(), ...section.lines]),
    '',
    ...closing,
  ].join('\n');
  return {
    subject: pick(d.subject, base.subject),
    recipients: d.recipients,
    greeting,
    intro,
    sections,
    closing,
    body,
  };
}

/**
 * The same report as Markdown, for download. Every line holds user text (a POC name, a note,
 * a recipient) and is escaped whole: only the Markdown this function adds is Markdown.
 */
export function reportToMarkdown(report: FollowUpReport): string {
  const md = escapeMarkdown;
  return [
    `# ${md(report.subject).replaceAll('\n', ' ')}`,
    '',
    ...(report.recipients.length ? [`To: ${md(report.recipients.join(', '))}`, ''] : []),
    md(report.greeting),
    '',
    md(report.intro),
    ...report.sections.flatMap((section) => [
      '',
      `## ${md(section.heading)}`,
      '',
      ...section.lines.map((line) =>
        // A list item's continuation lines are indented to stay inside the item.
        section.heading.startsWith('Timeline')
          ? `- ${md(line).replaceAll('\n', '\n  ')}`
          : md(line),
      ),
    ]),
    '',
    ...report.closing.map(md),
    '',
  ].join('\n');
}
