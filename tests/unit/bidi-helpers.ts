/** Checks that user text cannot reorder the text around it (bidi isolation). */
import { expect } from 'vitest';

/** A prospect name a colleague's file could carry: it ends in RIGHT-TO-LEFT OVERRIDE. */
export const OVERRIDING = 'Evil Corp\u202E';

/**
 * Every text node holding `text` isolates it: the value sits between FSI and PDI in the
 * node, or an element of its own (`<bdi>` or one with `dir`) holds exactly that value.
 */
export function expectIsolated(root: Node, text: string): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let found = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const value = node.nodeValue ?? '';
    if (!value.includes(text)) continue;
    found += 1;
    if (value.includes(`\u2068${text}\u2069`)) continue;
    const isolate = node.parentElement?.closest('bdi, [dir]');
    expect(
      isolate?.textContent?.trim(),
      `"${value}" in <${node.parentElement?.tagName.toLowerCase()}> is not isolated`,
    ).toBe(text.trim());
  }
  expect(found, `no text node holds "${text}"`).toBeGreaterThan(0);
}
