/**
 * The practice call: an extension page that looks like a call with a shared demo, where the
 * same overlay runs on practice incidents so an SE can rehearse the protocol before a real demo.
 * Practice incidents are real incidents (platform "practice"): they are scored and listed too.
 */
import { effect, signal } from '@preact/signals';
import { render } from 'preact';
import { createOverlayController } from '../content/overlay/controller';
import { isRecoveryHotkey } from '../recovery/keys';
import { createOverlayStore } from '../recovery/store';
import browser from 'webextension-polyfill';
import { PRACTICE_PAGE } from '../shared/constants';
import { send } from '../shared/messaging';
import { sidePanelSupported } from '../shared/side-panel-open';

/**
 * `?demo`: the practice demo in a tab of its own, for the SE to present and to press the hotkey
 * from, as in a real call; the recovery then shows in the side panel beside it.
 */
const demoTab = new URLSearchParams(location.search).has('demo');
const store = createOverlayStore();
const controller = demoTab
  ? null
  : createOverlayController({ doc: document, store, practice: true });
const problem = signal<string | null>(null);
const starting = signal(false);

void store.follow();
void store.refresh();
void store.loadPocs();

async function simulateFailure(): Promise<void> {
  if (starting.value) return;
  starting.value = true;
  try {
    await send('recovery/start', {});
    await store.refresh();
    problem.value = null;
  } catch (error) {
    problem.value = `The practice incident could not start: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    starting.value = false;
  }
}

// Here the keys reach the page only when Chrome's shortcut is unassigned; otherwise the worker
// starts the incident and this page follows the stored incident like any overlay.
window.addEventListener(
  'keydown',
  (event) => {
    if (!event.isTrusted || event.repeat || !isRecoveryHotkey(event)) return;
    event.preventDefault();
    void simulateFailure();
  },
  true,
);

// A new practice incident takes focus, however it started (button, page keys or Chrome's shortcut).
let focusedIncident: string | null = null;
effect(() => {
  const incident = store.incident.value;
  const id =
    incident?.record.platform === 'practice' && store.active.value ? incident.record.id : null;
  if (id && id !== focusedIncident) controller?.requestFocus();
  focusedIncident = id;
});

const PEOPLE = [
  { name: 'Priya Raman', role: 'VP Engineering, prospect' },
  { name: 'Marcus Chen', role: 'Data lead, prospect' },
  { name: 'Sofia Alvarez', role: 'Account executive' },
  { name: 'You', role: 'presenting' },
];

const initials = (name: string) =>
  name
    .split(' ')
    .map((part) => part[0])
    .join('')
    .slice(0, 2);

function DemoApp({ failing }: { failing: boolean }) {
  return (
    <div class="demo-app">
      <nav aria-label="Demo app">
        <strong>Northwind Insights</strong>
        <span>Dashboards</span>
        <span>Pipelines</span>
        <span>Exports</span>
        <span>Settings</span>
      </nav>
      <div class="demo-main">
        <h2>Quarterly revenue by region</h2>
        <div class={failing ? 'chart broken' : 'chart'} aria-hidden="true">
          {[62, 80, 45, 90, 70, 55, 96].map((height, i) => (
            <span key={i} style={{ height: `${failing ? 8 : height}%` }} />
          ))}
        </div>
        {failing ? (
          <div class="failure" role="img" aria-label="The demo shows an error">
            <p>Export failed: 500 Internal Server Error</p>
            <p>upstream timeout after 30 s · request 7f3a-19c2</p>
          </div>
        ) : (
          <p>Export ready. Scheduled refresh every 15 minutes.</p>
        )}
      </div>
    </div>
  );
}

function PracticeCall() {
  const incident = store.incident.value;
  const active = store.active.value;
  const practising = active && incident?.record.platform === 'practice';
  const liveElsewhere = active && incident !== null && incident.record.platform !== 'practice';
  return (
    <div class="call">
      <header class="topbar">
        <h1>Practice call</h1>
        <p>Rehearse the recovery protocol. Nothing on this page is shared with anyone.</p>
      </header>
      {liveElsewhere && (
        <p class="notice" role="status">
          A live incident is running in your call tab. Finish it there before practising.
        </p>
      )}
      {problem.value && (
        <p class="notice" role="alert">
          {problem.value}
        </p>
      )}
      <section class="guide" aria-labelledby="guide-title">
        <h2 id="guide-title">How to practise</h2>
        <ol>
          <li>
            Present the demo (best from a second tab, as in a real call: the recovery then opens in
            the side panel beside it), then press <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>9</kbd> (
            <kbd>⌘</kbd>+<kbd>Shift</kbd>+<kbd>9</kbd> on a Mac) or “Simulate a failure”.
          </li>
          <li>
            Say the acknowledgement out loud within a minute, then press <kbd>A</kbd>.
          </li>
          <li>Diagnose with the checklist and notes; fix it live or escalate and pivot.</li>
          <li>End the incident and open the follow-up report.</li>
        </ol>
      </section>
      <main class="stage">
        <section class="shared" aria-label="Shared screen: demo app">
          <div class="shared-label">
            You are presenting: Northwind Insights{' '}
            {sidePanelSupported() && (
              <button type="button" onClick={openDemoTab}>
                Present it from a second tab
              </button>
            )}
          </div>
          <DemoApp failing={Boolean(practising)} />
        </section>
        <section class="tiles" aria-label="Participants">
          {PEOPLE.map((person, i) => (
            <div key={person.name} class={i === 0 ? 'tile speaking' : 'tile'}>
              <span>
                {person.name}
                <br />
                <small>{person.role}</small>
              </span>
              <span class="avatar" aria-hidden="true">
                {initials(person.name)}
              </span>
            </div>
          ))}
        </section>
      </main>
      <footer class="controls" aria-label="Call controls">
        <button type="button" aria-pressed="false">
          Mute
        </button>
        <button type="button" aria-pressed="false">
          Stop video
        </button>
        <button
          type="button"
          class="primary"
          disabled={starting.value || Boolean(liveElsewhere)}
          onClick={() => void simulateFailure()}
        >
          {practising ? 'Show the overlay' : 'Simulate a failure'}
        </button>
      </footer>
    </div>
  );
}

function openDemoTab(): void {
  void browser.tabs.create({ url: `${browser.runtime.getURL(PRACTICE_PAGE)}?demo` });
}

function PracticeDemo() {
  const incident = store.incident.value;
  const practising = store.active.value && incident?.record.platform === 'practice';
  return (
    <div class="demo-tab">
      <p class="demo-tab-note" role="note">
        Practice demo: present this tab from the practice call, then press <kbd>Ctrl</kbd>+
        <kbd>Shift</kbd>+<kbd>9</kbd> here. The recovery opens in the side panel beside it, which
        the audience of a shared tab never sees.
      </p>
      <DemoApp failing={Boolean(practising)} />
    </div>
  );
}

const app = document.getElementById('app');
if (app) render(demoTab ? <PracticeDemo /> : <PracticeCall />, app);
