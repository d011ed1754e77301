/**
 * The follow-up as HTML for rich-text paste into a mail client. Built as a string for the
 * clipboard only (never inserted into our own DOM), with every value escaped.
 */
import type { FollowUpReport } from './report';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const paragraph = (text: string) => `<p>${escapeHtml(text)}</p>`;

export function reportToHtml(report: FollowUpReport): string {
  const sections = report.sections.map((section) => {
    const heading = `<h3>${escapeHtml(section.heading)}</h3>`;
    const lines = section.heading.startsWith('Timeline')
      ? `<ul>${section.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`
      : section.lines.map(paragraph).join('');
    return heading + lines;
  });
  const closing = report.closing.filter((line) => line.trim()).map(paragraph);
  return [paragraph(report.greeting), paragraph(report.intro), ...sections, ...closing].join('\n');
}
