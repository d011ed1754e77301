#!/usr/bin/env node
/**
 * `npm test`: typecheck, lint, unit tests, then end-to-end tests in real Chromium, in that
 * order. Stops at the first failing stage with its exit code. The last line is always
 * `N passed, N failed` (counting stages).
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const STAGES = ['typecheck', 'lint', 'test:unit', 'test:e2e'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let current;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => current?.kill(signal));
}

function runStage(stage) {
  return new Promise((resolve) => {
    current = spawn(npm, ['run', stage], {
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    current.on('error', (error) => {
      console.error(`test: cannot run npm run ${stage}: ${error.message}`);
      resolve(127);
    });
    current.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;
const results = [];
let exitCode = 0;
for (const stage of STAGES) {
  console.log(`\n> npm run ${stage}`);
  const started = performance.now();
  const code = await runStage(stage);
  results.push({ stage, code, ms: performance.now() - started });
  if (code !== 0) {
    exitCode = code;
    break;
  }
}

console.log('\nSummary:');
for (const stage of STAGES) {
  const result = results.find((r) => r.stage === stage);
  const status = !result
    ? 'skipped'
    : result.code === 0
      ? 'passed'
      : `FAILED (exit ${result.code})`;
  console.log(`  ${stage.padEnd(10)} ${status}${result ? ` in ${seconds(result.ms)}` : ''}`);
}
const total = results.reduce((sum, r) => sum + r.ms, 0);
console.log(`  total      ${seconds(total)}`);
const passed = results.filter((r) => r.code === 0).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(exitCode);
