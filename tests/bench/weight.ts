/**
 * What a call page pays before and after the hotkey, read from the build: the manifest's
 * content scripts for the call origins (loaded by every call page, every frame) and the overlay
 * bundle (injected on demand), raw and gzipped; and what dist/manifest.json exposes to pages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { OVERLAY_SCRIPT } from '../../src/shared/constants';
import { DIST_DIR, MEET_URL, ZOOM_CLIENT_URL, ZOOM_URL, readBuiltManifest } from '../e2e/harness';
import type { Figure } from './figures';

const GROUP = 'weight';
const PRE_HOTKEY_GZ_BUDGET = 4 * 1024;
const OVERLAY_GZ_BUDGET = 30 * 1024;

const CALL_PAGES = [MEET_URL, ZOOM_URL, ZOOM_CLIENT_URL];

/** Chrome match-pattern semantics, enough for the manifest's patterns. */
function matchesPattern(pattern: string, href: string): boolean {
  if (pattern === '<all_urls>') return true;
  const parts = /^(\*|[a-z-]+):\/\/([^/]*)(\/.*)$/.exec(pattern);
  if (!parts) return false;
  const [, scheme, host, path] = parts as unknown as [string, string, string, string];
  const url = new URL(href);
  const protocol = url.protocol.slice(0, -1);
  if (scheme === '*' ? protocol !== 'http' && protocol !== 'https' : scheme !== protocol) {
    return false;
  }
  const hostOk =
    host === '*' ||
    url.hostname === host.replace(/^\*\./, '') ||
    (host.startsWith('*.') && url.hostname.endsWith(host.slice(1)));
  const glob = path.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return hostOk && new RegExp(`^${glob.join('.*')}$`).test(url.pathname + url.search);
}

const matchesCallPage = (patterns: readonly string[] = []) =>
  patterns.some((p) => CALL_PAGES.some((url) => matchesPattern(p, url)));

function sizes(file: string) {
  const bytes = readFileSync(join(DIST_DIR, file));
  return { raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
}

export function measureWeight(): Figure[] {
  const manifest = readBuiltManifest();
  const figures: Figure[] = [];
  const preHotkey: { file: string; raw: number; gz: number; world: string }[] = [];
  for (const script of manifest.content_scripts ?? []) {
    if (!matchesCallPage(script.matches)) continue;
    for (const file of [...(script.js ?? []), ...(script.css ?? [])]) {
      preHotkey.push({ file, world: script.world ?? 'ISOLATED', ...sizes(file) });
    }
  }
  for (const script of preHotkey) {
    figures.push({
      group: GROUP,
      name: `pre-hotkey ${script.file.split('/').pop()} (gz)`,
      value: script.gz,
      unit: 'bytes',
      note: `${script.raw} B raw, ${script.world} world`,
    });
  }
  const raw = preHotkey.reduce((sum, s) => sum + s.raw, 0);
  const gz = preHotkey.reduce((sum, s) => sum + s.gz, 0);
  const overlay = sizes(OVERLAY_SCRIPT);
  figures.push({
    group: GROUP,
    name: 'pre-hotkey total, every call page (gz)',
    value: gz,
    unit: 'bytes',
    budget: { max: PRE_HOTKEY_GZ_BUDGET, of: 'value' },
    baseline: { label: 'overlay, if loaded eagerly', value: overlay.gz },
    note: `${raw} B raw in ${preHotkey.length} files (gzip -9), each run in every frame`,
  });
  figures.push({
    group: GROUP,
    name: `overlay once shown, ${OVERLAY_SCRIPT} (gz)`,
    value: overlay.gz,
    unit: 'bytes',
    budget: { max: OVERLAY_GZ_BUDGET, of: 'value' },
    note: `${overlay.raw} B raw; injected into the top frame on the hotkey`,
  });

  // The private text field is framed in the overlay behind a per-session dynamic URL: a page
  // cannot probe a fixed URL for it. Anything else a call page could load would identify us.
  const exposed = (manifest.web_accessible_resources ?? []).filter(
    (entry) => 'matches' in entry && matchesCallPage(entry.matches) && !entry.use_dynamic_url,
  );
  figures.push({
    group: GROUP,
    name: 'fixed-URL web-accessible resources exposed to call pages',
    value: exposed.reduce((sum, entry) => sum + entry.resources.length, 0),
    unit: 'count',
    budget: { max: 0, of: 'value' },
    note: `dist/manifest.json has ${manifest.web_accessible_resources?.length ?? 0} web_accessible_resources entries`,
  });
  return figures;
}
