/** Acting on the overlay as the user would: real (trusted) clicks and key presses. */
import type { Page } from 'playwright-core';
import { cdpSession } from './cdp';
import {
  EDITABLE_ROLES,
  findInOverlay,
  type FindOptions,
  type OverlayA11yNode,
} from './overlay-a11y';
import { nodeCenter } from './overlay-host';
import { waitFor } from './wait';

/**
 * Clicks the overlay control with this accessible name using a real (trusted) mouse click at
 * its box center. Note: if something covers the overlay, the click lands on that instead.
 */
export async function clickInOverlay(
  page: Page,
  name: string | RegExp,
  options: FindOptions = {},
): Promise<OverlayA11yNode> {
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  const node = await findInOverlay(page, name, options);
  const point = await waitFor(
    async () => nodeCenter(await cdpSession(page), node.backendNodeId),
    Math.max(500, deadline - Date.now()),
    { message: `box of ${String(name)}` },
  );
  await page.mouse.click(point.x, point.y);
  return node;
}

/**
 * Focuses the overlay field with this accessible name (label) and types `text` with real key
 * events. Matches editable roles (textbox, searchbox, combobox, spinbutton) unless `role` is
 * given. `clear` selects and deletes the current content first.
 */
export async function typeInOverlay(
  page: Page,
  label: string | RegExp,
  text: string,
  { clear = false, role = EDITABLE_ROLES, ...options }: FindOptions & { clear?: boolean } = {},
): Promise<OverlayA11yNode> {
  const node = await findInOverlay(page, label, { ...options, role });
  const session = await cdpSession(page);
  await session.send('DOM.focus', { backendNodeId: node.backendNodeId });
  if (clear) {
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
  }
  await page.keyboard.type(text);
  return node;
}
