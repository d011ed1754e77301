#!/usr/bin/env node
/**
 * `npm start` (after `npm run build`): opens Chromium with dist/ loaded as an unpacked extension
 * and the practice call in front, in a profile kept in the system temp folder (delete it to
 * start over). Chromium: $CHROMIUM_PATH or /usr/bin/chromium. Without a display it prints how
 * to load the extension by hand instead.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = resolve(root, 'dist');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const profile = join(tmpdir(), 'demo-rescue-practice-profile');

function printManualSteps(reason) {
  console.log(
    [
      `${reason}`,
      'To try Demo Rescue, load it by hand in Chromium (or Chrome):',
      '  1. Open chrome://extensions',
      '  2. Turn on "Developer mode" (top right)',
      '  3. Click "Load unpacked" and select this folder:',
      `       ${dist}`,
      "  4. Open the extension's popup and start the practice call.",
    ].join('\n'),
  );
}

/** Chromium names an unpacked extension after the SHA-256 of its absolute path (a–p digits). */
function unpackedExtensionId(path) {
  const hex = createHash('sha256').update(path).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

if (!existsSync(join(dist, 'manifest.json'))) {
  console.error('start: dist/ is missing: run `npm run build` first (`npm start` does).');
  process.exit(1);
}

const desktop = process.platform === 'darwin' || process.platform === 'win32';
if (!desktop && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  printManualSteps('start: no display (DISPLAY is not set), so no browser window can open.');
  process.exit(0);
}
if (!existsSync(executablePath)) {
  printManualSteps(`start: no Chromium at ${executablePath} (set CHROMIUM_PATH to use another).`);
  process.exit(1);
}

mkdirSync(profile, { recursive: true });
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: false,
    viewport: null,
    // A normal-looking window: no automation banner; extensions allowed.
    ignoreDefaultArgs: ['--enable-automation', '--disable-extensions'],
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      '--no-first-run',
      '--no-default-browser-check',
      // Chromium refuses to run as root with its sandbox (containers, CI machines).
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  });
} catch (error) {
  console.error(`start: could not launch ${executablePath}: ${error.message.split('\n')[0]}`);
  console.error(`  (is another "npm start" browser still open? its profile is ${profile})`);
  printManualSteps('');
  process.exit(1);
}

const isOurs = (worker) => worker.url().startsWith('chrome-extension://');
const worker =
  context.serviceWorkers().find(isOurs) ??
  (await context
    .waitForEvent('serviceworker', { predicate: isOurs, timeout: 15_000 })
    .catch(() => undefined));
const extensionId = worker ? new URL(worker.url()).host : unpackedExtensionId(dist);
const practice = `chrome-extension://${extensionId}/src/practice/index.html`;

const page = context.pages()[0] ?? (await context.newPage());
await page.goto(practice).catch((error) => {
  console.error(`start: could not open ${practice}: ${error.message.split('\n')[0]}`);
});
console.log(`Demo Rescue ${extensionId} loaded from ${dist}`);
console.log(`Practice call: ${practice}`);
console.log(
  'Press Ctrl+Shift+9 in the practice call. Close the browser window (or Ctrl+C) to quit.',
);

const quit = () => context.close().finally(() => process.exit(0));
process.on('SIGINT', quit);
process.on('SIGTERM', quit);
context.on('close', () => process.exit(0));
