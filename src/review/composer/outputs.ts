/** Where a finished report goes: the clipboard (plain and rich text), a Markdown file, a mail. */
import browser from 'webextension-polyfill';
import { reportToMarkdown, type FollowUpReport } from '../../domain/report';
import { reportToHtml } from '../../domain/report-html';

/** Copies the email body as plain text and as HTML, so a rich mail editor keeps the headings. */
export async function copyReport(report: FollowUpReport): Promise<void> {
  const clipboard = navigator.clipboard;
  if (!clipboard) throw new Error('The clipboard is not available on this page.');
  if (typeof ClipboardItem === 'undefined' || !clipboard.write) {
    await clipboard.writeText(report.body);
    return;
  }
  await clipboard.write([
    new ClipboardItem({
      'text/plain': new Blob([report.body], { type: 'text/plain' }),
      'text/html': new Blob([reportToHtml(report)], { type: 'text/html' }),
    }),
  ]);
}

function downloadFile(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by then; the URL only holds memory.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function downloadMarkdown(report: FollowUpReport, fileName: string): void {
  downloadFile(fileName, reportToMarkdown(report), 'text/markdown;charset=utf-8');
}

/**
 * A new tab hands a mailto: link to the mail handler (a web mail handler gets a real tab)
 * without navigating the popup or the call tab away.
 */
export async function openMailLink(url: string): Promise<void> {
  await browser.tabs.create({ url });
}
