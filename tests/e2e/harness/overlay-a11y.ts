/** The overlay's accessibility tree (roles, names, states), and finding a control in it. */
import type { Page } from 'playwright-core';
import { cdpSession } from './cdp';
import { collapse, descendantIds, findOverlayHost } from './overlay-host';
import { waitFor } from './wait';

export interface OverlayA11yNode {
  role: string;
  name: string;
  /** Current value for form controls (textbox content, etc.). */
  value?: string;
  /** Accessibility states such as focused, disabled, expanded, checked, pressed. */
  properties: Record<string, unknown>;
  backendNodeId: number;
}

async function overlayA11yOnce(page: Page): Promise<OverlayA11yNode[] | null> {
  const session = await cdpSession(page);
  const found = await findOverlayHost(session);
  if (!found) return null;
  const inside = descendantIds(found.host);
  const { nodes } = await session.send('Accessibility.getFullAXTree', { frameId: found.frameId });
  const result: OverlayA11yNode[] = [];
  for (const node of nodes) {
    const id = node.backendDOMNodeId;
    if (node.ignored || id === undefined || id === found.host.backendNodeId || !inside.has(id)) {
      continue;
    }
    const role = String(node.role?.value ?? '');
    if (role === 'InlineTextBox') continue;
    const properties: Record<string, unknown> = {};
    for (const p of node.properties ?? []) properties[p.name] = p.value.value;
    result.push({
      role,
      name: String(node.name?.value ?? ''),
      ...(node.value?.value !== undefined ? { value: String(node.value.value) } : {}),
      properties,
      backendNodeId: id,
    });
  }
  return result;
}

/**
 * Accessibility nodes (role + name, not ignored) rendered inside the overlay host, from CDP
 * Accessibility.getFullAXTree. Throws when there is still no overlay after `timeoutMs`.
 */
export async function readOverlayA11y(
  page: Page,
  { timeoutMs = 5_000 }: { timeoutMs?: number } = {},
): Promise<OverlayA11yNode[]> {
  return waitFor(() => overlayA11yOnce(page), timeoutMs, {
    message: 'an overlay host to read the accessibility tree of',
  });
}

export interface FindOptions {
  /**
   * Restrict to ARIA role(s), e.g. 'button' or 'textbox'. Without it, any role except text
   * leaves (StaticText) matches.
   */
  role?: string | string[];
  timeoutMs?: number;
}

const TEXT_ROLES = ['StaticText', 'InlineTextBox', 'LabelText'];
export const EDITABLE_ROLES = ['textbox', 'searchbox', 'combobox', 'spinbutton'];

const roleMatches = (role: string, wanted: string | string[] | undefined) =>
  wanted === undefined
    ? !TEXT_ROLES.includes(role)
    : (Array.isArray(wanted) ? wanted : [wanted]).includes(role);

const nameMatches = (name: string, wanted: string | RegExp) =>
  typeof wanted === 'string' ? collapse(name) === collapse(wanted) : wanted.test(name);

/** Finds an overlay node by accessible name (exact string or RegExp), retrying until timeout. */
export async function findInOverlay(
  page: Page,
  name: string | RegExp,
  { role, timeoutMs = 5_000 }: FindOptions = {},
): Promise<OverlayA11yNode> {
  return waitFor(
    async () => {
      const nodes = (await overlayA11yOnce(page)) ?? [];
      return nodes.find((n) => roleMatches(n.role, role) && nameMatches(n.name, name)) ?? null;
    },
    timeoutMs,
    { message: `overlay node named ${String(name)}${role ? ` (${role})` : ''}` },
  );
}
