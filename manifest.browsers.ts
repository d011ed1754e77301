/**
 * The one place where the browsers' manifests differ. manifest.json is the Chrome manifest
 * (Edge takes the same build); `manifestFor('firefox')` derives Firefox's from it. The code is
 * the same for all: it checks for features (Document Picture-in-Picture, chrome.sidePanel,
 * IDBIndex.getAllRecords), never for a browser. crxjs's Firefox target also drops
 * `use_dynamic_url` from web_accessible_resources: Firefox has no such key, and its
 * moz-extension:// origin is already a random UUID per install.
 */
import type { ManifestV3Export } from '@crxjs/vite-plugin';
import chromeManifest from './manifest.json' with { type: 'json' };

export type TargetBrowser = 'chrome' | 'firefox';

/** A manifest object as crxjs takes it. */
type Manifest = Extract<ManifestV3Export, { manifest_version: number }>;

/** Firefox 140 (an ESR) is the first to read data_collection_permissions. */
export const FIREFOX_MIN_VERSION = '140.0';
export const FIREFOX_ANDROID_MIN_VERSION = '142.0';
/** The add-on id AMO and Firefox know the extension by (fixed so its storage survives updates). */
export const GECKO_ID = 'demo-rescue@demo-rescue.example';

/** Chrome-only keys Firefox would warn about or ignore. */
const CHROME_ONLY_KEYS = ['minimum_chrome_version', 'side_panel', 'key', 'update_url'];
/** Chrome-only permissions (sidePanel: the side panel; Firefox has no such API). */
const CHROME_ONLY_PERMISSIONS = new Set(['sidePanel']);

function firefoxManifest(chrome: typeof chromeManifest): Manifest {
  const copy: Partial<typeof chromeManifest> = structuredClone(chrome);
  for (const key of CHROME_ONLY_KEYS) delete (copy as Record<string, unknown>)[key];
  const firefox = {
    ...(copy as Manifest),
    // An event page: Firefox has no extension service workers. crxjs points it at its loader.
    background: { scripts: [chrome.background.service_worker], type: 'module' },
    permissions: chrome.permissions.filter((p) => !CHROME_ONLY_PERMISSIONS.has(p)),
    // Firefox has no global shortcuts: the command works while Firefox has focus.
    commands: Object.fromEntries(
      Object.entries(chrome.commands).map(([name, { global: _global, ...command }]) => [
        name,
        command,
      ]),
    ),
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        // Everything stays on the user's machine: nothing is collected or transmitted.
        data_collection_permissions: { required: ['none' as const] },
      },
      // Firefox for Android reads data_collection_permissions from 142.
      gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
    },
  };
  return firefox;
}

export function manifestFor(browser: TargetBrowser): Manifest {
  return browser === 'firefox' ? firefoxManifest(chromeManifest) : chromeManifest;
}
