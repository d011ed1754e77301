/**
 * What `npm run package` checks in each zip it wrote, read back from the zip itself: a manifest
 * its store accepts, every file the manifest names present, and nothing that is not for users
 * (source maps, tests, Vite's metadata). Each check returns a list of problems, empty when fine.
 */

import { strFromU8 } from 'fflate';

/** Paths that must never ship. */
const NOT_SHIPPED = [
  [/\.map$/, 'a source map'],
  [/(^|\/)\.vite\//, "Vite's build metadata"],
  [/(^|\/)tests?\//, 'a test file'],
  [/\.(test|spec|e2e)\.[cm]?[jt]sx?$/, 'a test file'],
  [/(^|\/)\.DS_Store$/, 'Finder metadata'],
];

/** Keys only an unpacked developer build may carry; the stores refuse or rewrite them. */
const DEV_ONLY_KEYS = ['key', 'update_url'];

/** Every file path the manifest refers to. */
function referencedFiles(manifest) {
  const files = [
    ...Object.values(manifest.icons ?? {}),
    ...Object.values(manifest.action?.default_icon ?? {}),
    manifest.action?.default_popup,
    manifest.options_ui?.page,
    manifest.side_panel?.default_path,
    manifest.background?.service_worker,
    ...(manifest.background?.scripts ?? []),
    ...(manifest.content_scripts ?? []).flatMap((script) => [
      ...(script.js ?? []),
      ...(script.css ?? []),
    ]),
  ];
  return files.filter((file) => typeof file === 'string');
}

function commonProblems(manifest, paths, version) {
  const problems = [];
  if (manifest.manifest_version !== 3) problems.push('manifest_version is not 3');
  if (manifest.version !== version) {
    problems.push(`version ${manifest.version} is not package.json's ${version}`);
  }
  for (const key of DEV_ONLY_KEYS) if (key in manifest) problems.push(`has "${key}"`);
  const present = new Set(paths);
  for (const file of referencedFiles(manifest)) {
    if (!present.has(file)) problems.push(`names ${file}, which is not in the zip`);
  }
  return problems;
}

function fileProblems(paths) {
  return paths.flatMap((path) => {
    const found = NOT_SHIPPED.find(([pattern]) => pattern.test(path));
    return found ? [`ships ${found[1]}: ${path}`] : [];
  });
}

/** Chrome Web Store and Edge Add-ons: the same Chromium manifest. */
function chromiumProblems(manifest) {
  const problems = [];
  if (typeof manifest.background?.service_worker !== 'string') {
    problems.push('background.service_worker is missing');
  }
  if (manifest.background?.scripts) problems.push('background.scripts is Firefox-only');
  if (manifest.browser_specific_settings)
    problems.push('browser_specific_settings is Firefox-only');
  return problems;
}

function firefoxProblems(manifest) {
  const problems = [];
  const gecko = manifest.browser_specific_settings?.gecko;
  if (!Array.isArray(manifest.background?.scripts) || manifest.background.scripts.length === 0) {
    problems.push('background.scripts is missing (Firefox runs an event page)');
  }
  if (manifest.background?.service_worker) {
    problems.push('background.service_worker: Firefox has no extension service workers');
  }
  if (!gecko?.id) problems.push('browser_specific_settings.gecko.id is missing');
  if (!gecko?.strict_min_version) problems.push('gecko.strict_min_version is missing');
  const required = gecko?.data_collection_permissions?.required;
  if (!Array.isArray(required) || required.length === 0) {
    problems.push('gecko.data_collection_permissions.required is missing (AMO requires it)');
  }
  for (const [name, command] of Object.entries(manifest.commands ?? {})) {
    if ('global' in command) problems.push(`command ${name} has "global" (Chrome-only)`);
  }
  if ('side_panel' in manifest) problems.push('side_panel is Chrome-only');
  if ('minimum_chrome_version' in manifest) problems.push('minimum_chrome_version is Chrome-only');
  if ((manifest.permissions ?? []).includes('sidePanel')) problems.push('sidePanel is Chrome-only');
  return problems;
}

/**
 * @param {'chrome' | 'edge' | 'firefox'} store
 * @param {Record<string, Uint8Array>} entries the zip's files
 * @param {string} version package.json's version
 * @returns {string[]} problems, empty when the package is fine
 */
export function packageProblems(store, entries, version) {
  const paths = Object.keys(entries);
  const raw = entries['manifest.json'];
  if (!raw) return ['manifest.json is missing'];
  let manifest;
  try {
    manifest = JSON.parse(strFromU8(raw));
  } catch (error) {
    return [`manifest.json is not JSON: ${error.message}`];
  }
  const specific = store === 'firefox' ? firefoxProblems(manifest) : chromiumProblems(manifest);
  const inManifest = [...commonProblems(manifest, paths, version), ...specific];
  return [...inManifest.map((problem) => `manifest.json ${problem}`), ...fileProblems(paths)];
}
