#!/usr/bin/env node
/**
 * `npm test`: typecheck, lint, unit tests, end-to-end tests in real Chromium, then the Firefox
 * suite in Firefox ESR, in that order. Stops at the first failing stage with its exit code. The last line is always
 * `N passed, N failed[, N skipped]`, counting tests (a failing typecheck or lint counts as one
 * failure), so CI can read how many tests ran.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const STAGES = ['typecheck', 'lint', 'test:unit', 'test:e2e', 'test:firefox'];
/** Stages that run vitest: npm appends these arguments to their vitest command. */
const TEST_STAGES = new Set(['test:unit', 'test:e2e', 'test:firefox']);
const reports = mkdtempSync(join(tmpdir(), 'demo-rescue-test-'));
const reportFile = (stage) => join(reports, `${stage.replace(':', '-')}.json`);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let current;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => current?.kill(signal));
}

function runStage(stage) {
  const extra = TEST_STAGES.has(stage)
    ? ['--', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile(stage)}`]
    : [];
  return new Promise((resolve) => {
    current = spawn(npm, ['run', stage, ...extra], {
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
  console.log(`  ${stage.padEnd(12)} ${status}${result ? ` in ${seconds(result.ms)}` : ''}`);
}
const total = results.reduce((sum, r) => sum + r.ms, 0);
console.log(`  total        ${seconds(total)}`);

/** Vitest's JSON report for a stage, or null when it crashed before writing one. */
function testCounts(stage) {
  try {
    const report = JSON.parse(readFileSync(reportFile(stage), 'utf8'));
    return {
      passed: report.numPassedTests,
      failed: report.numFailedTests,
      skipped: report.numPendingTests + report.numTodoTests,
    };
  } catch {
    return null;
  }
}

const counts = { passed: 0, failed: 0, skipped: 0 };
for (const { stage, code } of results) {
  const tests = TEST_STAGES.has(stage) ? testCounts(stage) : null;
  if (tests) {
    counts.passed += tests.passed;
    counts.failed += tests.failed;
    counts.skipped += tests.skipped;
  }
  if (code !== 0 && !tests?.failed) counts.failed += 1;
}
rmSync(reports, { recursive: true, force: true });
const skipped = counts.skipped ? `, ${counts.skipped} skipped` : '';
console.log(`${counts.passed} passed, ${counts.failed} failed${skipped}`);
process.exit(exitCode);
