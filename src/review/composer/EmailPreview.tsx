/** The email as the prospect will read it, updated as the SE types. */
import type { FollowUpReport } from '../../domain/report';

export function EmailPreview({ report }: { report: FollowUpReport }) {
  return (
    <section class="email-preview" aria-labelledby="preview-title">
      <h3 id="preview-title">Preview</h3>
      <div class="email">
        <dl class="email-headers">
          <dt>To</dt>
          <dd>
            {report.recipients.length ? report.recipients.join(', ') : <em>No recipients</em>}
          </dd>
          <dt>Subject</dt>
          <dd dir="auto">{report.subject}</dd>
        </dl>
        <div class="email-body">
          <p dir="auto">{report.greeting}</p>
          <p>{report.intro}</p>
          {report.sections.map((section) => (
            <div key={section.heading} class="email-section">
              <h4 dir="auto">{section.heading}</h4>
              {section.heading.startsWith('Timeline') ? (
                <ul>
                  {section.lines.map((line, i) => (
                    <li key={i} dir="auto">
                      {line}
                    </li>
                  ))}
                </ul>
              ) : (
                section.lines.map((line, i) => (
                  <p key={i} dir="auto">
                    {line}
                  </p>
                ))
              )}
            </div>
          ))}
          {report.closing
            .filter((line) => line.trim())
            .map((line, i) => (
              <p key={i}>{line}</p>
            ))}
        </div>
      </div>
    </section>
  );
}
