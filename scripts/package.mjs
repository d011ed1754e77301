#!/usr/bin/env node
/**
 * `npm run package`: zips dist/ into release/demo-rescue-<version>.zip for the Chrome Web Store.
 * Leaves out dev-only files (.vite/, source maps) and dev-only manifest fields (key,
 * update_url). Entries are sorted and timestamped from SOURCE_DATE_EPOCH (default 1980-01-01),
 * so the same dist/ always gives the same zip.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = resolve(root, 'dist');
const DEV_MANIFEST_FIELDS = ['key', 'update_url'];

let manifest;
try {
  manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
} catch {
  console.error('package: dist/manifest.json is missing: run `npm run build` first.');
  process.exit(1);
}

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

const files = {};
const dropped = [];
for (const full of list(dist).sort()) {
  const path = relative(dist, full).split(sep).join('/');
  if (skip(path)) {
    dropped.push(path);
    continue;
  }
  if (path === 'manifest.json') {
    const shipped = { ...manifest };
    for (const field of DEV_MANIFEST_FIELDS) delete shipped[field];
    files[path] = [strToU8(`${JSON.stringify(shipped, null, 2)}\n`), { mtime }];
  } else {
    files[path] = [readFileSync(full), { mtime }];
  }
}

const zip = zipSync(files, { level: 9 });
const releaseDir = resolve(root, 'release');
mkdirSync(releaseDir, { recursive: true });
const out = join(releaseDir, `demo-rescue-${manifest.version}.zip`);
writeFileSync(out, zip);

const unpacked = Object.keys(files).reduce((sum, path) => sum + files[path][0].length, 0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
console.log(
  `package: ${relative(root, out)}: ${kb(statSync(out).size)} ` +
    `(${Object.keys(files).length} files, ${kb(unpacked)} unpacked)`,
);
if (dropped.length) console.log(`package: left out ${dropped.join(', ')}`);
