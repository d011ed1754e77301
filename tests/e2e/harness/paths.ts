/** Where the E2E tests find things: the repo, the built extension, the fixtures, Chromium. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import manifest from '../../../manifest.json' with { type: 'json' };

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** Absolute path of the built extension (run `npx vite build` first). */
export const DIST_DIR = resolve(REPO_ROOT, 'dist');
export const FIXTURES_DIR = resolve(REPO_ROOT, 'tests/fixtures');
/** Chromium binary: $CHROMIUM_PATH or Debian's /usr/bin/chromium. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Name Chromium gives the content scripts' isolated world (the manifest `name`). */
export const EXTENSION_NAME = manifest.name;

/** Pages the extension ships (paths relative to dist/). */
export type ExtensionPagePath =
  | 'src/popup/index.html'
  | 'src/options/index.html'
  | 'src/practice/index.html'
  | 'src/report/index.html'
  | (string & {});

/** True when an X display is available (headed runs, xdotool). */
export const hasDisplay = () => Boolean(process.env.DISPLAY);

/** dist/manifest.json as built (throws with a hint when dist/ is missing). */
export function readBuiltManifest(): chrome.runtime.ManifestV3 {
  const file = join(DIST_DIR, 'manifest.json');
  if (!existsSync(file)) throw new Error(`${file} not found: run \`npx vite build\` first`);
  return JSON.parse(readFileSync(file, 'utf8')) as chrome.runtime.ManifestV3;
}
