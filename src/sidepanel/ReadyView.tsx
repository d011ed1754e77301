/**
 * The side panel before anything breaks: the call it is ready for and the POC chosen for it,
 * the assigned shortcut, a "Start recovery" button and the follow-ups due.
 */
import { useEffect, useState } from 'preact/hooks';
import type { IncidentRecord } from '../domain/record';
import { formatDue } from '../domain/time';
import type { OverlayStore } from '../recovery/store';
import type { PanelReady } from '../shared/messages';
import { send } from '../shared/messaging';
import { openShortcutSettings, startRecoveryShortcut } from '../shared/shortcut-settings';
import type { PanelHost } from './host';

const PLATFORM_NAMES = { meet: 'Google Meet', zoom: 'Zoom' } as const;
const FOLLOW_UPS_SHOWN = 5;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The shortcut as Chrome assigned it: null when none is, undefined while reading. */
function useShortcut(): string | null | undefined {
  const [shortcut, setShortcut] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    startRecoveryShortcut().then(setShortcut, () => setShortcut(null));
  }, []);
  return shortcut;
}

function useReady(): [PanelReady | null, string | null, () => void] {
  const [ready, setReady] = useState<PanelReady | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    send('panel/ready', {}).then(
      (value) => {
        setReady(value);
        setError(null);
      },
      (e: unknown) => setError(`Your call could not be found: ${messageOf(e)}`),
    );
  useEffect(() => {
    void load();
    // The SE opens the call tab after the panel: look again when they come back to it.
    const onFocus = () => void load();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, []);
  return [ready, error, () => void load()];
}

function useFollowUps(): IncidentRecord[] | null {
  const [due, setDue] = useState<IncidentRecord[] | null>(null);
  useEffect(() => {
    send('incidents/list', {
      query: {
        text: '',
        status: 'follow-up-due',
        pocId: null,
        platform: 'any',
        from: null,
        to: null,
      },
      cursor: null,
      limit: FOLLOW_UPS_SHOWN,
    }).then(
      (page) => setDue(page.items),
      () => setDue([]),
    );
  }, []);
  return due;
}

export function ReadyView({ store, host }: { store: OverlayStore; host: PanelHost }) {
  const shortcut = useShortcut();
  const [ready, readyError, reload] = useReady();
  const followUps = useFollowUps();
  const [problem, setProblem] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const pocs = store.pocs.value ?? [];

  const start = () => {
    setStarting(true);
    host
      .start()
      .then(
        () => setProblem(null),
        (e: unknown) => setProblem(`The recovery could not start: ${messageOf(e)}`),
      )
      .finally(() => setStarting(false));
  };
  const choosePoc = (pocId: string | null) => {
    send('panel/choose-poc', { pocId }).then(reload, (e: unknown) =>
      setProblem(`The POC could not be saved: ${messageOf(e)}`),
    );
  };

  const call = ready?.call ?? null;
  return (
    <main class="ready" aria-labelledby="ready-title">
      <h1 id="ready-title">Demo Rescue is ready</h1>
      <p class="calm">
        If the demo breaks, stay calm: press the shortcut and follow the steps here.
      </p>

      <section aria-labelledby="shortcut-title">
        <h2 id="shortcut-title">Shortcut</h2>
        {shortcut === undefined ? (
          <p>Reading…</p>
        ) : shortcut ? (
          <p class="shortcut">
            <kbd>{shortcut}</kbd> <span>from the demo tab, or from any app</span>
          </p>
        ) : (
          <p>
            No shortcut is assigned.{' '}
            <button type="button" class="link" onClick={() => void openShortcutSettings()}>
              Assign one
            </button>
          </p>
        )}
      </section>

      <section aria-labelledby="call-title">
        <h2 id="call-title">This call</h2>
        {readyError ? (
          <p role="alert">{readyError}</p>
        ) : !ready ? (
          <p>Looking for your call…</p>
        ) : call ? (
          <>
            <p>
              {PLATFORM_NAMES[call.platform]}
              {call.meetingCode && <span class="code"> · {call.meetingCode}</span>}
            </p>
            <label class="field">
              <span>POC</span>
              <select
                value={ready.pocId ?? ''}
                disabled={call.meetingCode === null}
                onChange={(event) => choosePoc(event.currentTarget.value || null)}
              >
                <option value="">No POC</option>
                {pocs.map((poc) => (
                  <option key={poc.id} value={poc.id}>
                    {poc.prospect}: {poc.name}
                  </option>
                ))}
              </select>
            </label>
            {store.pocsError.value && <p role="alert">{store.pocsError.value}</p>}
          </>
        ) : (
          <p>No Meet or Zoom call is open. Join your call, then come back here.</p>
        )}
      </section>

      <button type="button" class="start" disabled={starting} onClick={start}>
        Start recovery
      </button>
      {(problem ?? host.withdrawn.value) && <p role="alert">{problem ?? host.withdrawn.value}</p>}

      <section aria-labelledby="follow-ups-title">
        <h2 id="follow-ups-title">Follow-ups due</h2>
        {followUps === null ? (
          <p>Loading…</p>
        ) : followUps.length === 0 ? (
          <p>None due.</p>
        ) : (
          <ul class="follow-ups">
            {followUps.map((record) => (
              <li key={record.id}>
                <span class="who">{record.prospect ?? 'No POC'}</span>
                {record.followUpDueAt !== null && (
                  <span class="due"> {formatDue(record.followUpDueAt, Date.now())}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
