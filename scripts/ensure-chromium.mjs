#!/usr/bin/env node
/**
 * Makes sure the e2e prerequisites exist: Chromium ($CHROMIUM_PATH, else /usr/bin/chromium) and,
 * on Linux, xvfb-run + xauth (headed runs without a display), xdotool (real key presses) and
 * openbox (a window manager: without one, X windows are never offered as capture sources).
 * With `--firefox` it checks Firefox ESR instead of Chromium ($FIREFOX_PATH, else
 * /usr/bin/firefox-esr), for the Firefox suite. As root on Debian/Ubuntu it installs what is
 * missing with apt-get; otherwise it explains. Fast and silent when everything is present.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const firefox = process.argv.includes('--firefox');
const browser = firefox
  ? { name: 'Firefox ESR', pkg: 'firefox-esr', env: 'FIREFOX_PATH', path: '/usr/bin/firefox-esr' }
  : { name: 'Chromium', pkg: 'chromium', env: 'CHROMIUM_PATH', path: '/usr/bin/chromium' };
const browserPath = process.env[browser.env] ?? browser.path;
const isRoot = process.getuid?.() === 0;

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const hasCommand = (name) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;

/** Tool → Debian package providing it. */
const TOOLS = { 'xvfb-run': 'xvfb', xauth: 'xauth', xdotool: 'xdotool', openbox: 'openbox' };

function missing() {
  const packages = [];
  if (!executable(browserPath)) packages.push(browser.pkg);
  if (process.platform === 'linux') {
    for (const [tool, pkg] of Object.entries(TOOLS)) if (!hasCommand(tool)) packages.push(pkg);
  }
  return packages;
}

function run(command, args) {
  console.log(`ensure-chromium: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    console.error(`ensure-chromium: \`${command} ${args.join(' ')}\` failed (${result.status})`);
    process.exit(result.status ?? 1);
  }
}

let packages = missing();
if (packages.length === 0) process.exit(0);

if (isRoot && process.platform === 'linux' && hasCommand('apt-get')) {
  console.log(`ensure-chromium: installing ${packages.join(', ')}`);
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', ...packages]);
  packages = missing();
}

if (firefox && packages.includes(browser.pkg)) {
  console.error(
    [
      `ensure-chromium: no Firefox at ${browserPath}.`,
      '  Install it (Debian/Ubuntu: `sudo apt-get install firefox-esr xvfb xauth`),',
      '  or point FIREFOX_PATH at a Firefox binary (140 or later).',
    ].join('\n'),
  );
  process.exit(1);
}
if (packages.includes('chromium')) {
  console.error(
    [
      `ensure-chromium: no Chromium at ${browserPath}.`,
      '  Install it (Debian/Ubuntu: `sudo apt-get install chromium xvfb xauth xdotool`),',
      '  or point CHROMIUM_PATH at a Chromium binary, e.g. `CHROMIUM_PATH=/path/to/chromium npm test`.',
      '  (Branded Google Chrome ignores --load-extension; use Chromium or Chrome for Testing.)',
    ].join('\n'),
  );
  process.exit(1);
}
if (packages.length > 0) {
  console.warn(
    `ensure-chromium: missing ${packages.join(', ')}: tests that need a display or real key ` +
      'presses will be skipped (install them with apt-get as root to run everything).',
  );
}
