/**
 * Text made safe to place in Markdown: a viewer shows it as the same plain text, never as HTML
 * (tags, entities, autolinks), links, images, emphasis, code, headings, lists, quotes or tables.
 * HTML's characters become entities (rendered as themselves by every viewer); Markdown's
 * punctuation gets a backslash, which CommonMark allows before any ASCII punctuation.
 */
const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Punctuation that starts links, images, emphasis, code, tables or strikethrough anywhere. */
const INLINE = /[\\`*_[\]!|~]/g;

/**
 * At the start of a line (after spaces): headings, list items, ordered items ("1." "1)"),
 * setext underlines and thematic breaks ("===" "---"), quotes (already an entity), and
 * indentation a viewer would turn into a code block.
 */
const LINE_START = /^(\s*)(#|[+\-=](?=[\s=-]*$)|[+-](?=\s)|\d{1,9}(?=[.)](?:\s|$)))/;

function escapeLine(line: string): string {
  const inline = line.replace(/[&<>]/g, (c) => HTML[c]!).replace(INLINE, '\\$&');
  const trimmed = inline.replace(/^[ \t]+/, '');
  return trimmed.replace(LINE_START, (_, space: string, mark: string) =>
    /^\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`,
  );
}

/** Escapes every line of `text` (a newline inside user text starts a new Markdown line). */
export function escapeMarkdown(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(escapeLine)
    .join('\n');
}
