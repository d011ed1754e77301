/**
 * The private text field: free text typed for the recovery (notes, what failed, the promised
 * update in the SE's words) goes into a small extension page framed inside the overlay, never
 * into the call page's document. The call page hears every key event of its own document, even
 * inside a closed shadow root; a cross-origin frame's events it cannot hear, nor read its DOM.
 * The frame sends the text straight to the worker (runtime messaging from an extension page).
 * Declared in web_accessible_resources for the call origins only, with a dynamic URL.
 */
import * as v from 'valibot';
import type { OverlaySize } from '../domain/settings';

export const PRIVATE_FIELD_PAGE = 'src/private-field/index.html';

export type PrivateFieldKind = 'note' | 'issue' | 'eta';
export const PRIVATE_FIELD_KINDS: readonly PrivateFieldKind[] = ['note', 'issue', 'eta'];

export interface PrivateFieldSpec {
  /** The field's accessible name (the overlay shows it as the label above the frame). */
  label: string;
  placeholder: string;
  maxLength: number;
  /** Saved once per value (Enter or leaving it), rather than a new entry each time. */
  single: boolean;
}

/** The fields' accessible names: all the overlay bundle needs of them (the rest is the frame's). */
export const PRIVATE_FIELD_LABELS: Record<PrivateFieldKind, string> = {
  note: 'Notes',
  issue: 'What failed',
  eta: 'Your words',
};

export const PRIVATE_FIELDS: Record<PrivateFieldKind, PrivateFieldSpec> = {
  note: {
    label: PRIVATE_FIELD_LABELS.note,
    placeholder: 'What you saw or tried — Enter saves',
    maxLength: 2000,
    single: false,
  },
  issue: {
    label: PRIVATE_FIELD_LABELS.issue,
    placeholder: 'e.g. the export returned a 500 — Enter saves',
    maxLength: 500,
    single: true,
  },
  eta: {
    label: PRIVATE_FIELD_LABELS.eta,
    placeholder: 'e.g. by 3 pm today — Enter records the escalation',
    maxLength: 200,
    single: true,
  },
};

/** The query string the frame is loaded with (the path comes from runtime.getURL). */
export function privateFieldQuery(kind: PrivateFieldKind, size: OverlaySize): string {
  return `?field=${kind}&size=${size}`;
}

export function parsePrivateFieldQuery(
  search: string,
): { kind: PrivateFieldKind; size: OverlaySize } | null {
  const params = new URLSearchParams(search);
  const kind = params.get('field') as PrivateFieldKind | null;
  const size = params.get('size');
  if (!kind || !PRIVATE_FIELD_KINDS.includes(kind)) return null;
  const known = size === 'compact' || size === 'large' ? size : 'regular';
  return { kind, size: known };
}

/** Pushed by the worker to the call tab's top frame: Esc was pressed in a private field. */
export const OVERLAY_LEAVE_MESSAGE = 'overlay/leave';
export const OverlayLeaveSchema = v.object({ type: v.literal(OVERLAY_LEAVE_MESSAGE) });
