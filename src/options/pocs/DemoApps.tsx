/**
 * The demo app's addresses of a POC. Adding one asks Chrome, on the SE's click, for access to
 * exactly that origin (an optional host permission); removing it gives the access back unless
 * another POC still uses it. Failures are captured only on origins Chrome granted. The
 * console.error opt-in is off unless the SE turns it on, and says what it changes on the page.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { Poc } from '../../domain/poc';
import { POC_LIMITS, normalizeDemoOrigin, originPattern } from '../../domain/poc';
import { send } from '../../shared/messaging';
import { usePage } from '../ui/context';
import type { PocsModel } from './model';

/** Which of these origins Chrome has granted, following grants made anywhere. */
function useGranted(origins: readonly string[]) {
  const granted = useSignal<ReadonlySet<string>>(new Set());
  const key = origins.join(' ');
  useEffect(() => {
    let live = true;
    const check = async () => {
      const results = await Promise.all(
        origins.map((origin) =>
          browser.permissions.contains({ origins: [originPattern(origin)] }).catch(() => false),
        ),
      );
      if (live) granted.value = new Set(origins.filter((_, i) => results[i]));
    };
    void check();
    const onChange = () => void check();
    browser.permissions.onAdded.addListener(onChange);
    browser.permissions.onRemoved.addListener(onChange);
    return () => {
      live = false;
      browser.permissions.onAdded.removeListener(onChange);
      browser.permissions.onRemoved.removeListener(onChange);
    };
  }, [key]);
  return granted;
}

/** Must run inside the click: Chrome asks only on a user gesture. */
function requestAccess(origin: string): Promise<boolean> {
  return browser.permissions.request({ origins: [originPattern(origin)] }).catch(() => false);
}

async function captureFollows(): Promise<void> {
  await send('evidence/refresh', {}).catch(() => undefined);
}

export function DemoApps({ poc, model }: { poc: Poc; model: PocsModel }) {
  const { announce } = usePage();
  const draft = useSignal('');
  const problem = useSignal<string | null>(null);
  const apps = poc.demoApps ?? [];
  const granted = useGranted(apps);
  const id = `poc-demo-apps-${poc.id}`;

  const setApps = (next: string[]) => model.update(poc.id, (p) => ({ ...p, demoApps: next }));
  const setConsoleErrors = (on: boolean) => {
    model.update(poc.id, (p) => ({ ...p, consoleErrors: on }));
    announce(
      on
        ? 'console.error is captured on these demo pages from their next load.'
        : 'console.error is no longer captured; demo pages loaded from now on are left untouched.',
    );
  };

  const grant = (origin: string) => {
    const asked = requestAccess(origin);
    void asked.then(async (ok) => {
      await captureFollows();
      announce(
        ok
          ? `Access to ${origin} granted: Demo Rescue notes its failures.`
          : `Chrome did not grant access to ${origin}. Failures there are not captured.`,
      );
    });
    return asked;
  };

  const add = () => {
    const origin = normalizeDemoOrigin(draft.value);
    if (origin === null) {
      problem.value = 'Type an address like https://app.acme-demo.com (http or https).';
      return;
    }
    if (apps.includes(origin)) {
      problem.value = `${origin} is already in this list.`;
      return;
    }
    if (apps.length >= POC_LIMITS.demoApps) {
      problem.value = `A POC can have at most ${POC_LIMITS.demoApps} demo app addresses.`;
      return;
    }
    problem.value = null;
    draft.value = '';
    setApps([...apps, origin]);
    void grant(origin);
  };

  const remove = (origin: string) => {
    setApps(apps.filter((app) => app !== origin));
    const elsewhere = (model.pocs.value ?? []).some(
      (other) => other.id !== poc.id && (other.demoApps ?? []).includes(origin),
    );
    if (elsewhere) {
      announce(`${origin} removed. Another POC still uses it, so its access stays.`);
      return;
    }
    void browser.permissions
      .remove({ origins: [originPattern(origin)] })
      .catch(() => false)
      .then(async () => {
        await captureFollows();
        announce(`${origin} removed and its access given back.`);
      });
  };

  return (
    <fieldset>
      <legend>Demo app</legend>
      <p class="hint" id={`${id}-hint`}>
        The addresses your demo runs on, e.g. https://app.acme-demo.com, and its API if that has its
        own address (both are needed to see the API's failures). Chrome asks you to allow each one.
        Demo Rescue then notes failed requests and page errors there while a tab shows your demo, on
        this machine only: never bodies, cookies or query strings.
      </p>
      {apps.length === 0 ? <p class="empty">No demo app addresses yet.</p> : null}
      <ul class="rows" aria-label="Demo app addresses">
        {apps.map((origin) => {
          const ok = granted.value.has(origin);
          return (
            <li key={origin} class="row">
              <span class="demo-origin">{origin}</span>
              <span class={ok ? 'badge' : 'badge warning'} data-granted={ok}>
                {ok ? 'Access granted' : 'No access yet'}
              </span>
              {!ok && (
                <button type="button" onClick={() => void grant(origin)}>
                  Grant access to {origin}
                </button>
              )}
              <button type="button" onClick={() => remove(origin)}>
                Remove {origin}
              </button>
            </li>
          );
        })}
      </ul>
      <div class="field">
        <label for={id}>Demo app address</label>
        <div class="row">
          <input
            id={id}
            type="url"
            value={draft.value}
            placeholder="https://app.acme-demo.com"
            aria-invalid={problem.value ? true : undefined}
            aria-describedby={problem.value ? `${id}-problem` : `${id}-hint`}
            onInput={(e) => (draft.value = e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
          <button type="button" onClick={add}>
            Add and allow access
          </button>
        </div>
        {problem.value ? (
          <p id={`${id}-problem`} class="field-errors" role="alert">
            {problem.value}
          </p>
        ) : null}
      </div>
      <label class="checkbox">
        <input
          type="checkbox"
          checked={poc.consoleErrors === true}
          aria-describedby={`${id}-console-hint`}
          onChange={(e) => setConsoleErrors(e.currentTarget.checked)}
        />
        Also capture console.error on these demo pages
      </label>
      <p class="hint" id={`${id}-console-hint`}>
        Off unless you turn it on. No browser API reports a page's console to an extension, so this
        wraps console.error on these pages: every call still reaches the console unchanged, and Demo
        Rescue notes its message and first stack line. A page that inspects console.error could tell
        it was wrapped, and DevTools links each console.error to the wrapper instead of the line
        that called it. Applies to pages loaded after the change.
      </p>
    </fieldset>
  );
}
