/** Scorecard marks: shape and text as well as colour, so no mark relies on colour alone. */
import type { MarkResult, ScoreMark } from '../domain/scorecard';

const ICONS: Record<MarkResult, string> = { pass: '✓', fail: '✗', pending: '…', 'n/a': '–' };
const RESULT_LABELS: Record<MarkResult, string> = {
  pass: 'passed',
  fail: 'missed',
  pending: 'pending',
  'n/a': 'not applicable',
};

function MarkIcon({ result }: { result: MarkResult }) {
  return (
    <span class={`mark-icon mark-${result === 'n/a' ? 'na' : result}`} aria-hidden="true">
      {ICONS[result]}
    </span>
  );
}

/** A row of icons for the list, each with its text alternative. */
export function CompactScorecard({ marks }: { marks: ScoreMark[] }) {
  return (
    <span class="compact-scorecard">
      {marks.map((mark) => (
        <span key={mark.id} class="compact-mark" title={`${mark.label}: ${mark.reason}`}>
          <MarkIcon result={mark.result} />
          <span class="visually-hidden">{`${mark.label}: ${RESULT_LABELS[mark.result]}.`}</span>
        </span>
      ))}
    </span>
  );
}

/** Every mark with the reason for it, for the detail view. */
export function ScorecardDetails({ marks }: { marks: ScoreMark[] }) {
  return (
    <ul class="scorecard" aria-label="Scorecard">
      {marks.map((mark) => (
        <li key={mark.id} class="scorecard-mark" data-mark={mark.id}>
          <MarkIcon result={mark.result} />
          <span>
            <span class="scorecard-label">
              {mark.label}
              <span class="visually-hidden">{`: ${RESULT_LABELS[mark.result]}`}</span>
            </span>
            <span class="scorecard-reason">{mark.reason}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
