/**
 * The demo origins Chrome granted us (optional host permissions the options page asked for on
 * the SE's click), and what follows from them: the page-error script, registered for exactly
 * those origins and for nothing when there are none; the console.error wrapper for those of
 * them whose POC opted in; and the webRequest listeners, filtered to those origins, only while
 * a tab shows one of them. Any webRequest listener, whatever its filter, makes Chrome slower for
 * every request of the profile (README, "What it costs"), so there is none while no demo tab
 * is open. The page-error script tells the worker when a demo page starts; what failed before
 * the listeners ran is taken from that page's Resource Timing (src/content/page-errors.ts).
 */
import browser from 'webextension-polyfill';
import { consoleErrorOrigins, isDemoOrigin, originPattern } from '../domain/poc';
import {
  PAGE_CONSOLE_MAIN_SCRIPT,
  PAGE_CONSOLE_MAIN_SCRIPT_ID,
  PAGE_ERRORS_MAIN_SCRIPT,
  PAGE_ERRORS_MAIN_SCRIPT_ID,
  PAGE_ERRORS_SCRIPT,
  PAGE_ERRORS_SCRIPT_ID,
} from '../shared/constants';
import { captureSinceItem } from '../shared/storage/items';
import { earlyListenersSince, listenTo } from './evidence-capture';
import { listPocs } from './pocs';

/** "https://app.example.com/*" → "https://app.example.com"; null for wider patterns. */
function originOf(pattern: string): string | null {
  const origin = pattern.replace(/\/\*$/, '');
  return isDemoOrigin(origin) ? origin : null;
}

/** Granted origins beyond the install-time call sites (those are never demo origins). */
export async function grantedDemoOrigins(): Promise<string[]> {
  const installed = new Set(browser.runtime.getManifest().host_permissions ?? []);
  const { origins = [] } = await browser.permissions.getAll();
  return origins
    .filter((pattern) => !installed.has(pattern))
    .map(originOf)
    .filter((origin): origin is string => origin !== null);
}

function originOfUrl(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export async function isGrantedDemoUrl(url: string): Promise<boolean> {
  const origin = originOfUrl(url);
  return origin !== null && (await grantedDemoOrigins()).includes(origin);
}

/** What capture follows: the granted demo origins, and those with console.error opted in. */
interface Followed {
  origins: string[];
  consoleOrigins: string[];
  /** Whether a tab shows one of `origins` now (request capture runs only then). */
  demoTabOpen: boolean;
}

/** Whether any tab shows one of these origins (tabs.query sees URLs we have access to). */
async function anyTabOn(origins: readonly string[]): Promise<boolean> {
  if (origins.length === 0) return false;
  const tabs = await browser.tabs.query({ url: origins.map(originPattern) }).catch(() => []);
  return tabs.length > 0;
}

/**
 * Both page-error scripts (page world and isolated relay) for exactly these origins, and the
 * console.error wrapper for exactly `consoleOrigins` (a subset of them).
 */
async function registerPageErrors({ origins, consoleOrigins }: Followed): Promise<void> {
  const scripting = browser.scripting;
  const ids = [PAGE_ERRORS_SCRIPT_ID, PAGE_ERRORS_MAIN_SCRIPT_ID, PAGE_CONSOLE_MAIN_SCRIPT_ID];
  const common = {
    matches: origins.map(originPattern),
    runAt: 'document_start' as const,
    allFrames: false,
    persistAcrossSessions: true,
  };
  const wanted =
    origins.length === 0
      ? []
      : [
          {
            ...common,
            id: PAGE_ERRORS_MAIN_SCRIPT_ID,
            js: [PAGE_ERRORS_MAIN_SCRIPT],
            world: 'MAIN' as const,
          },
          { ...common, id: PAGE_ERRORS_SCRIPT_ID, js: [PAGE_ERRORS_SCRIPT] },
          ...(consoleOrigins.length > 0
            ? [
                {
                  ...common,
                  id: PAGE_CONSOLE_MAIN_SCRIPT_ID,
                  matches: consoleOrigins.map(originPattern),
                  js: [PAGE_CONSOLE_MAIN_SCRIPT],
                  world: 'MAIN' as const,
                },
              ]
            : []),
        ];
  const existing = await scripting.getRegisteredContentScripts({ ids });
  // Unchanged (a tab closed, a demo page started): left registered, never briefly missing.
  if (sameScripts(existing, wanted)) return;
  if (existing.length > 0) {
    await scripting.unregisterContentScripts({ ids: existing.map((script) => script.id) });
  }
  if (wanted.length > 0) await scripting.registerContentScripts(wanted);
}

/** Whether the registered scripts are these: the same ids, each on the same pages. */
function sameScripts(
  existing: readonly { id: string; matches?: string[] }[],
  wanted: readonly { id: string; matches: string[] }[],
): boolean {
  const key = (scripts: readonly { id: string; matches?: string[] }[]) =>
    scripts
      .map((script) => `${script.id} ${[...(script.matches ?? [])].sort().join(' ')}`)
      .sort()
      .join('\n');
  return key(existing) === key(wanted);
}

async function followed(): Promise<Followed> {
  const origins = await grantedDemoOrigins();
  // The POCs are read only with a grant: no work at all for an SE without a demo app.
  if (origins.length === 0) return { origins, consoleOrigins: [], demoTabOpen: false };
  const demoTabOpen = await anyTabOn(origins);
  // Request capture must not hang on the POCs: unreadable, console.error is simply not captured.
  const pocs = await listPocs(false).catch((error: unknown) => {
    console.error('Demo Rescue: the POCs could not be read for console.error capture', error);
    return [];
  });
  const opted = new Set(consoleErrorOrigins(pocs));
  return { origins, consoleOrigins: origins.filter((origin) => opted.has(origin)), demoTabOpen };
}

let applying: Promise<Followed> | null = null;

/**
 * Makes the listeners and the page scripts follow the current grants and POCs; resolves to the
 * granted demo origins. Scripts apply to pages loaded from then on.
 */
export async function followGrants(): Promise<string[]> {
  const run = async () => {
    const now = await followed();
    const capturing = now.demoTabOpen ? now.origins : [];
    // Taken before listenTo: what the early queue holds is captured too, and a request that
    // ends while the listeners are added is never also taken from the page's Resource Timing.
    const from = earlyListenersSince() ?? Date.now();
    listenTo(capturing);
    await noteCaptureSince(capturing.length > 0, from);
    await registerPageErrors(now).catch((error: unknown) =>
      console.error('Demo Rescue: the page-error script was not registered', error),
    );
    return now;
  };
  // One at a time: a grant and a revoke in quick succession apply in order.
  const next = (applying ?? Promise.resolve(null)).then(run, run);
  applying = next;
  return (await next).origins;
}

/**
 * Keeps since when request capture has run: from the first listener of this worker (its early
 * catch-all listeners already queue what they hear) unless it ran before; null when it stops.
 */
async function noteCaptureSince(capturing: boolean, from: number): Promise<void> {
  const since = await captureSinceItem.get();
  if (!capturing) {
    if (since !== null) await captureSinceItem.set(null);
  } else if (since === null) {
    await captureSinceItem.set(from);
  }
}

/** Since when requests of demo tabs are captured (epoch ms), or null when they are not. */
export async function captureSince(): Promise<number | null> {
  return captureSinceItem.get();
}

/** Whether console.error reports from this page are wanted (granted, and its POC opted in). */
export async function capturesConsoleAt(url: string): Promise<boolean> {
  const origin = originOfUrl(url);
  if (origin === null) return false;
  const { consoleOrigins } = await (applying ?? followed());
  return consoleOrigins.includes(origin);
}
