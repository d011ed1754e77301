/**
 * The overlay's privacy parts: the one-line warning shown instead of the overlay in discreet
 * mode, the note left in the tab while the overlay is popped out, and the privacy section of
 * the help (the peek key and the per-meeting choice).
 */
import type { TargetedKeyboardEvent } from 'preact';
import { PEEK_MS } from '../../domain/privacy';
import type { PrivacyGuard } from '../privacy-guard';
import { PrivacyOverrideControl } from './PrivacyIndicator';
import { recoveryHotkeyLabel } from '../keys';
import type { OverlayControls } from './Overlay';

const PEEK_SECONDS = PEEK_MS / 1000;

export function DiscreetWarning({ guard }: { guard: PrivacyGuard }) {
  const text = guard.warning.value;
  if (!text) return null;
  const onKeyDown = (event: TargetedKeyboardEvent<HTMLElement>) => {
    // Keys typed in the overlay are ours: the call page's own shortcuts must not fire.
    event.stopPropagation();
    if (event.key !== 'Escape') return;
    event.preventDefault();
    guard.dismissWarning();
  };
  return (
    <div
      class="discreet"
      role="group"
      aria-label="Demo Rescue is hidden"
      tabIndex={-1}
      data-focus="warning"
      onKeyDown={onKeyDown}
    >
      <span class="dot" aria-hidden="true" />
      <p role="status">{text}</p>
      <button
        type="button"
        aria-label={`Peek at the overlay for ${PEEK_SECONDS} seconds`}
        title={`Peek for ${PEEK_SECONDS} s (or press ${recoveryHotkeyLabel()} again)`}
        onClick={() => guard.peek()}
      >
        Peek
      </button>
      <button
        type="button"
        class="icon"
        aria-label="Dismiss this warning"
        title="Dismiss (Esc)"
        onClick={() => guard.dismissWarning()}
      >
        ×
      </button>
    </div>
  );
}

export function PoppedOutMarker({ controls }: { controls: OverlayControls }) {
  return (
    <div class="pill marker" role="status" aria-label="Demo Rescue">
      <span class="dot" aria-hidden="true" />
      <span>Overlay popped out</span>
      <button type="button" onClick={() => controls.popIn?.()}>
        Back to this tab
      </button>
    </div>
  );
}

/**
 * Where the browser cannot tell which tab or window is shared (no Capture Handle: Firefox, whose
 * picker offers windows and screens only), any share hides the overlay, in the tab and popped
 * out alike; only the user knows the shared window does not hold it.
 */
const HIDDEN_WHILE_SHARING_UNRECOGNISED =
  'Sharing a window or your whole screen hides the overlay from your audience, and from you: ' +
  'this browser does not say which you share. If it is a window this tab is not in, choose ' +
  '“Always show” below.';

export function PrivacyHelp({ guard, canPopOut }: { guard: PrivacyGuard; canPopOut: boolean }) {
  const recognised = guard.support.recognisesOwnTab;
  return (
    <section aria-labelledby="privacy-help-label">
      <h3 class="label" id="privacy-help-label">
        While you share
      </h3>
      <p class="hint">
        {recognised
          ? 'Sharing your whole screen or this tab hides the overlay from your audience, and from you.'
          : HIDDEN_WHILE_SHARING_UNRECOGNISED}
        {recognised &&
          canPopOut &&
          ' Pop it out into its own window to keep it in sight while you share this tab.'}
      </p>
      <dl class="help">
        <dt>{recoveryHotkeyLabel()}</dt>
        <dd>Pressed again while hidden: peek for {PEEK_SECONDS} s</dd>
      </dl>
      <PrivacyOverrideControl guard={guard} id="privacy-override" />
    </section>
  );
}
