/**
 * Isolates user text for plain-text places (option labels, document titles, announcements,
 * strings joined from several values): between FIRST STRONG ISOLATE and POP DIRECTIONAL
 * ISOLATE, so a right-to-left run or an unclosed override in it (a prospect name ending in
 * U+202E) cannot reorder the text around it. In markup, `<bdi>` or `dir="auto"` does the same.
 */
export const isolate = (text: string): string => `\u2068${text}\u2069`;
