/**
 * The demo origins Chrome granted us (optional host permissions the options page asked for on
 * the SE's click), and what follows from them: the webRequest filters and the page-error
 * script, registered for exactly those origins and for nothing when there are none.
 */
import browser from 'webextension-polyfill';
import { isDemoOrigin, originPattern } from '../domain/poc';
import {
  PAGE_ERRORS_MAIN_SCRIPT,
  PAGE_ERRORS_MAIN_SCRIPT_ID,
  PAGE_ERRORS_SCRIPT,
  PAGE_ERRORS_SCRIPT_ID,
} from '../shared/constants';
import { listenTo } from './evidence-capture';

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

export async function isGrantedDemoUrl(url: string): Promise<boolean> {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return false;
  }
  return (await grantedDemoOrigins()).includes(origin);
}

/** Both page-error scripts (page world and isolated relay) for exactly these origins. */
async function registerPageErrors(origins: readonly string[]): Promise<void> {
  const scripting = browser.scripting;
  const ids = [PAGE_ERRORS_SCRIPT_ID, PAGE_ERRORS_MAIN_SCRIPT_ID];
  const existing = await scripting.getRegisteredContentScripts({ ids });
  if (existing.length > 0) {
    await scripting.unregisterContentScripts({ ids: existing.map((script) => script.id) });
  }
  if (origins.length === 0) return;
  const common = {
    matches: origins.map(originPattern),
    runAt: 'document_start' as const,
    allFrames: false,
    persistAcrossSessions: true,
  };
  await scripting.registerContentScripts([
    { ...common, id: PAGE_ERRORS_MAIN_SCRIPT_ID, js: [PAGE_ERRORS_MAIN_SCRIPT], world: 'MAIN' },
    { ...common, id: PAGE_ERRORS_SCRIPT_ID, js: [PAGE_ERRORS_SCRIPT] },
  ]);
}

let applying: Promise<string[]> | null = null;

/** Makes the listeners and the page-error script follow the current grants. */
export function followGrants(): Promise<string[]> {
  const run = async () => {
    const origins = await grantedDemoOrigins();
    listenTo(origins);
    await registerPageErrors(origins).catch((error: unknown) =>
      console.error('Demo Rescue: the page-error script was not registered', error),
    );
    return origins;
  };
  // One at a time: a grant and a revoke in quick succession apply in order.
  const next = (applying ?? Promise.resolve([])).then(run, run);
  applying = next;
  return next;
}
