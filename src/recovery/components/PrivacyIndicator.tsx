/**
 * The privacy guard in the overlay: one status line saying whether the audience can see the
 * overlay ("Private: you are sharing another tab"), and the per-meeting choice. Styles are in
 * PRIVACY_CSS, for the overlay's shadow root; colours follow the overlay's CSS variables.
 */
import { signal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { PRIVACY_OVERRIDES, type PrivacyOverride } from '../../domain/privacy';
import type { PrivacyGuard } from '../privacy-guard';

export function PrivacyIndicator({ guard }: { guard: PrivacyGuard }) {
  const { mode, indicator, exposed, suggestion } = guard.view.value;
  return (
    <div class="dr-privacy" data-mode={mode} data-exposed={String(exposed)}>
      <p class="dr-privacy-status" role="status">
        <span class="dr-privacy-dot" aria-hidden="true" />
        {guard.ready.value ? indicator : 'Checking what you are sharing…'}
      </p>
      {guard.ready.value && suggestion && <p class="dr-privacy-suggestion">{suggestion}</p>}
    </div>
  );
}

const OVERRIDE_LABELS: Record<PrivacyOverride, string> = {
  auto: 'Hide while the audience could see it',
  show: 'Always show',
  hide: 'Always hide',
};

export function PrivacyOverrideControl({ guard, id }: { guard: PrivacyGuard; id: string }) {
  const error = useMemo(() => signal<string | null>(null), []);
  const choose = (mode: PrivacyOverride) => {
    error.value = null;
    guard.setOverride(mode).catch((failure: unknown) => {
      const reason = failure instanceof Error ? failure.message : String(failure);
      error.value = `Your choice was not saved: ${reason}`;
    });
  };
  return (
    <div class="dr-privacy-choice">
      <label for={id}>Overlay in this meeting</label>
      <select
        id={id}
        value={guard.override.value}
        aria-describedby={error.value ? `${id}-error` : undefined}
        onChange={(event) => choose(event.currentTarget.value as PrivacyOverride)}
      >
        {PRIVACY_OVERRIDES.map((mode) => (
          <option key={mode} value={mode}>
            {OVERRIDE_LABELS[mode]}
          </option>
        ))}
      </select>
      {error.value && (
        <p id={`${id}-error`} class="dr-privacy-error" role="alert">
          {error.value}
        </p>
      )}
    </div>
  );
}

export const PRIVACY_CSS = `
.dr-privacy { margin: 0; }
.dr-privacy-status { display: flex; align-items: center; gap: 0.5em; margin: 0; font-weight: 700; }
.dr-privacy-dot {
  flex: none; width: 0.6em; height: 0.6em; border-radius: 50%;
  background: var(--ok, #4ade80);
}
.dr-privacy[data-exposed='true'] .dr-privacy-dot { background: var(--danger, #f87171); }
.dr-privacy[data-exposed='true'][data-mode='normal'] .dr-privacy-status { color: var(--danger, #f87171); }
.dr-privacy-suggestion { margin: 0.25em 0 0 1.1em; color: var(--muted, #cbd5e1); }
.dr-privacy-choice { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25em 0.5em; }
.dr-privacy-choice select {
  font: inherit; color: var(--fg, #f8fafc); background: var(--field, #1e293b);
  border: 1px solid var(--line, #334155); border-radius: 4px; padding: 0.2em 0.4em;
  max-width: 100%;
}
.dr-privacy-choice select:focus-visible { outline: 2px solid var(--focus, #fde047); outline-offset: 2px; }
.dr-privacy-error { flex-basis: 100%; margin: 0; color: var(--danger, #f87171); }
`;
