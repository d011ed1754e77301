#!/usr/bin/env node
/**
 * Runs a command with an X display: as-is when DISPLAY is set (or on macOS/Windows), otherwise
 * under `xvfb-run -a` when it exists. Inherits stdio and exits with the command's exit code.
 *
 *   node scripts/with-display.mjs npx vitest run --project e2e
 */
import { spawn, spawnSync } from 'node:child_process';
import { constants } from 'node:os';

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('usage: node scripts/with-display.mjs <command> [args...]');
  process.exit(2);
}

const hasCommand = (name) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
const needsXvfb = !process.env.DISPLAY && process.platform === 'linux' && hasCommand('xvfb-run');

const argv = needsXvfb
  ? ['xvfb-run', '-a', '--server-args=-screen 0 1280x800x24', ...command]
  : command;
if (!process.env.DISPLAY && !needsXvfb && process.platform === 'linux') {
  console.warn('with-display: no DISPLAY and no xvfb-run; running without a display');
}

const [file, ...args] = argv;
const child = spawn(file, args, { stdio: 'inherit', shell: process.platform === 'win32' });

// Forward interrupts so the child (and its browsers) can shut down cleanly.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('error', (error) => {
  console.error(`with-display: cannot run ${file}: ${error.message}`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (constants.signals[signal] ?? 1));
});
