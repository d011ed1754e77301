/**
 * Focuses the first of `selectors` that matches an enabled element under `root`. After a move,
 * the button pressed may have become disabled (the item reached the top or bottom), so focus
 * falls back to the item's other button instead of being lost to the page.
 */
export function focusFirst(root: ParentNode | null | undefined, selectors: string[]): void {
  for (const selector of selectors) {
    const element = root?.querySelector<HTMLElement>(`${selector}:not(:disabled)`);
    if (element) {
      element.focus();
      return;
    }
  }
}

export const otherMove = (part: 'up' | 'down'): 'up' | 'down' => (part === 'up' ? 'down' : 'up');
