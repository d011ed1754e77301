/** The first screen of a new user: how to start, and a safe place to try it. */
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { openShortcutSettings, startRecoveryShortcut } from '../shared/shortcut-settings';
import { openPracticeCall } from './browser-actions';

type Shortcut = { state: 'loading' } | { state: 'known'; keys: string | null };

function ShortcutKeys({ shortcut }: { shortcut: Shortcut }) {
  if (shortcut.state === 'loading') return <span>…</span>;
  if (shortcut.keys === null) return <strong class="shortcut-missing">not assigned</strong>;
  return (
    <span class="keys">
      {shortcut.keys.split('+').map((key, i) => (
        <Fragment key={key}>
          {i > 0 && <span aria-hidden="true">+</span>}
          <kbd>{key}</kbd>
        </Fragment>
      ))}
    </span>
  );
}

export function Welcome() {
  const [shortcut, setShortcut] = useState<Shortcut>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    startRecoveryShortcut().then(
      (keys) => live && setShortcut({ state: 'known', keys }),
      () => live && setShortcut({ state: 'known', keys: null }),
    );
    return () => {
      live = false;
    };
  }, []);
  const unassigned = shortcut.state === 'known' && shortcut.keys === null;

  return (
    <section class="welcome" aria-labelledby="welcome-title">
      <h2 id="welcome-title">No incidents yet</h2>
      <p>
        When a demo breaks during a Google Meet or Zoom call, press the recovery shortcut. A private
        overlay walks you through acknowledging, diagnosing and escalating, and every incident lands
        here for the follow-up report.
      </p>
      <p class="shortcut-line">
        Recovery shortcut: <ShortcutKeys shortcut={shortcut} />
      </p>
      {unassigned && (
        <p class="hint">
          Assign a shortcut so you can start recovery without leaving the call. It works even when
          the browser is not focused.
        </p>
      )}
      <div class="button-row">
        <button type="button" class="button primary" onClick={() => void openPracticeCall()}>
          Try a practice call
        </button>
        <button type="button" class="button" onClick={() => void openShortcutSettings()}>
          {unassigned ? 'Assign a shortcut' : 'Change shortcut'}
        </button>
      </div>
    </section>
  );
}
