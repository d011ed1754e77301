/** The follow-up as a mailto: link, within the length mail clients and browsers accept. */
import type { FollowUpReport } from './report';

/** Long mailto: URLs get truncated or dropped by some mail clients and OS handlers. */
export const MAILTO_MAX_LENGTH = 1900;

export type MailtoLink = { fits: true; url: string } | { fits: false; length: number };

/** Keeps "@" readable; everything else in an address is percent-encoded. */
function encodeAddress(address: string): string {
  return encodeURIComponent(address.trim()).replace(/%40/g, '@');
}

export function mailtoLink(report: FollowUpReport, maxLength = MAILTO_MAX_LENGTH): MailtoLink {
  const to = report.recipients
    .filter((r) => r.trim())
    .map(encodeAddress)
    .join(',');
  // RFC 6068: line breaks in a body are CRLF.
  const body = report.body.replace(/\r?\n/g, '\r\n');
  const url = `mailto:${to}?subject=${encodeURIComponent(report.subject)}&body=${encodeURIComponent(body)}`;
  return url.length <= maxLength ? { fits: true, url } : { fits: false, length: url.length };
}
