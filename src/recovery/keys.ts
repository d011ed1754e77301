/** The recovery hotkey and the keys the overlay understands while it has focus. */

/** Ctrl+Shift+9 (Cmd+Shift+9 on a Mac), by physical key so keyboard layouts do not matter. */
export function isRecoveryHotkey(event: KeyboardEvent): boolean {
  return (
    event.shiftKey &&
    !event.altKey &&
    (event.ctrlKey || event.metaKey) &&
    (event.code === 'Digit9' || event.key === '9')
  );
}

/** The recovery hotkey as this platform's users read it, for hints in the overlay. */
export function recoveryHotkeyLabel(platform: string = navigator.platform): string {
  return /^(Mac|iPhone|iPad)/.test(platform) ? '⌘+Shift+9' : 'Ctrl+Shift+9';
}

export type OverlayCommand =
  | { kind: 'acknowledge' }
  | { kind: 'focus-notes' }
  | { kind: 'tick'; index: number }
  | { kind: 'next-talk-track' }
  | { kind: 'use-evidence' }
  | { kind: 'pivot' }
  | { kind: 'escalate' }
  | { kind: 'fixed-live' }
  | { kind: 'discard' }
  | { kind: 'toggle-collapse' }
  | { kind: 'help' }
  | { kind: 'leave' };

/** Shown in the overlay's help, in this order. */
export const OVERLAY_KEYS: readonly { keys: string; does: string }[] = [
  { keys: 'A', does: 'Mark the failure acknowledged' },
  { keys: 'N', does: 'Write a note (Enter saves it)' },
  { keys: '1–9', does: 'Tick a checklist item' },
  { keys: 'T', does: 'Next talk track' },
  { keys: 'W', does: 'Use the latest failure seen in the demo as what failed' },
  { keys: 'P', does: 'Choose what to pivot to' },
  { keys: 'E', does: 'Escalate: timeline and pivot' },
  { keys: 'F', does: 'Fixed live (ends the incident)' },
  { keys: 'D', does: 'Discard as a false alarm' },
  { keys: 'C', does: 'Collapse to the clock, or expand' },
  { keys: '?', does: 'Show or hide these keys' },
  { keys: 'Esc', does: 'Collapse and go back to the call' },
];

const LETTERS: Record<string, OverlayCommand> = {
  a: { kind: 'acknowledge' },
  n: { kind: 'focus-notes' },
  t: { kind: 'next-talk-track' },
  w: { kind: 'use-evidence' },
  p: { kind: 'pivot' },
  e: { kind: 'escalate' },
  f: { kind: 'fixed-live' },
  d: { kind: 'discard' },
  c: { kind: 'toggle-collapse' },
  '?': { kind: 'help' },
};

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  const tag = target.localName;
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return (target as HTMLElement).isContentEditable;
}

/**
 * The command for a key pressed inside the overlay, or null. Letters and digits are ignored
 * while typing in a field; Esc always works.
 */
export function overlayCommandFor(event: KeyboardEvent): OverlayCommand | null {
  if (event.key === 'Escape') return { kind: 'leave' };
  if (event.ctrlKey || event.metaKey || event.altKey || isTextEntry(event.target)) return null;
  if (/^[1-9]$/.test(event.key)) return { kind: 'tick', index: Number(event.key) - 1 };
  return LETTERS[event.key.toLowerCase()] ?? null;
}
