#!/usr/bin/env node
/**
 * `npm run package`: after `npm run build` and `npm run build:firefox`, writes the three store
 * packages into release/: demo-rescue-<version>-chrome.zip (Chrome Web Store) and -edge.zip
 * (Edge Add-ons, the same Chromium build) from dist/, -firefox.zip (addons.mozilla.org) from
 * dist-firefox/. Leaves out dev-only files (.vite/, source maps) and dev-only manifest fields
 * (key, update_url). Entries are sorted and timestamped from SOURCE_DATE_EPOCH (default
 * 1980-01-01), so the same build always gives the same zip.
 *
 * Each zip is then read back and checked (scripts/package-checks.mjs), and the Firefox one is
 * linted with Mozilla's `web-ext lint` (offline). Exits 1 on any problem or lint error.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { packageProblems } from './package-checks.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const DEV_MANIFEST_FIELDS = ['key', 'update_url'];

/** Store → the build it ships. Edge Add-ons takes the Chrome build unchanged. */
const PACKAGES = [
  { store: 'chrome', dir: 'dist', build: 'npm run build' },
  { store: 'edge', dir: 'dist', build: 'npm run build' },
  { store: 'firefox', dir: 'dist-firefox', build: 'npm run build:firefox' },
];

const skip = (path) =>
  path.split('/').some((part) => part === '.vite') ||
  path.endsWith('.map') ||
  path.endsWith('.DS_Store');

function list(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? list(full) : [full];
  });
}

const epoch = Number(process.env.SOURCE_DATE_EPOCH);
const mtime = new Date(
  Number.isFinite(epoch) && epoch > 315_532_800 ? epoch * 1000 : Date.UTC(1980, 0, 2),
);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

function zipBuild(dist) {
  const files = {};
  const dropped = [];
  for (const full of list(dist).sort()) {
    const path = relative(dist, full).split(sep).join('/');
    if (skip(path)) {
      dropped.push(path);
      continue;
    }
    if (path === 'manifest.json') {
      const shipped = JSON.parse(readFileSync(full, 'utf8'));
      for (const field of DEV_MANIFEST_FIELDS) delete shipped[field];
      files[path] = [strToU8(`${JSON.stringify(shipped, null, 2)}\n`), { mtime }];
    } else {
      files[path] = [readFileSync(full), { mtime }];
    }
  }
  return { zip: zipSync(files, { level: 9 }), dropped };
}

/** Mozilla's linter on the zip's contents; returns its error count (and prints every finding). */
function webExtLint(entries) {
  const dir = mkdtempSync(join(tmpdir(), 'demo-rescue-lint-'));
  try {
    for (const [path, data] of Object.entries(entries)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), data);
    }
    const bin = join(root, 'node_modules/.bin/web-ext');
    const result = spawnSync(bin, ['lint', '--source-dir', dir, '--output', 'json', '--no-input'], {
      encoding: 'utf8',
    });
    let report;
    try {
      report = JSON.parse(result.stdout);
    } catch {
      console.error(`package: web-ext lint did not run: ${result.stderr || result.error}`);
      return 1;
    }
    for (const kind of ['errors', 'warnings', 'notices']) {
      for (const finding of report[kind]) {
        const where = finding.file ? ` (${finding.file})` : '';
        console.log(`  web-ext ${kind.slice(0, -1)}: ${finding.code}: ${finding.message}${where}`);
      }
    }
    const { errors, warnings, notices } = report.summary;
    console.log(`  web-ext lint: ${errors} errors, ${warnings} warnings, ${notices} notices`);
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const releaseDir = resolve(root, 'release');
mkdirSync(releaseDir, { recursive: true });
let failed = false;
for (const { store, dir, build } of PACKAGES) {
  const dist = resolve(root, dir);
  if (!existsSync(join(dist, 'manifest.json'))) {
    console.error(`package: ${dir}/manifest.json is missing: run \`${build}\` first.`);
    failed = true;
    continue;
  }
  const { zip, dropped } = zipBuild(dist);
  const out = join(releaseDir, `demo-rescue-${version}-${store}.zip`);
  writeFileSync(out, zip);

  // Checked as written: read back from the file, not from what was meant to go in.
  const entries = unzipSync(readFileSync(out));
  const unpacked = Object.values(entries).reduce((sum, data) => sum + data.length, 0);
  console.log(
    `package: ${relative(root, out)}: ${kb(statSync(out).size)} ` +
      `(${Object.keys(entries).length} files, ${kb(unpacked)} unpacked)`,
  );
  if (dropped.length) console.log(`  left out ${dropped.join(', ')}`);
  const problems = packageProblems(store, entries, version);
  for (const problem of problems) console.error(`  PROBLEM: ${problem}`);
  if (store === 'firefox' && webExtLint(entries) > 0) failed = true;
  if (problems.length) failed = true;
}
if (failed) {
  console.error('package: FAILED (see above)');
  process.exit(1);
}
