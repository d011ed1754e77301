/**
 * User text (prospect, POC, criteria, notes, playbook lines) may carry bidi controls or
 * right-to-left script; isolated, it can never reorder the text around it. Where markup can
 * hold it, the overlay uses <bdi>; plain strings (an <option>) get Unicode's isolates instead:
 * FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE.
 */
export function isolated(text: string): string {
  return `\u2068${text}\u2069`;
}
