#!/usr/bin/env node
/**
 * Entry point of `npm run bench` (after `vite build`):
 *
 *   node tests/bench/run.mjs [--json <file>] [--runs <n>] [--rounds <n>] [--seconds <s>]
 *                            [--only weight,call-tab,storage,evidence]
 *
 * The bench is TypeScript so it can reuse the e2e harness; Vite's module runner (already a
 * dependency of the build) loads it without a separate TS loader. Exits 1 only when a section
 * crashed, never because a figure is over budget.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runnerImport } from 'vite';

const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    runs: { type: 'string', default: '30' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    only: { type: 'string' },
  },
});

function positive(name) {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`bench: --${name} must be a positive number`);
    process.exit(2);
  }
  return value;
}

const { module: bench } = await runnerImport(new URL('./bench.ts', import.meta.url).pathname, {
  configFile: false,
  logLevel: 'warn',
});

const sections = values.only ? values.only.split(',') : bench.SECTIONS;
const unknown = sections.filter((s) => !bench.SECTIONS.includes(s));
if (unknown.length > 0) {
  console.error(`bench: unknown section ${unknown.join(', ')} (${bench.SECTIONS.join(', ')})`);
  process.exit(2);
}

const report = await bench.runBench({
  runs: Math.round(positive('runs')),
  rounds: Math.round(positive('rounds')),
  seconds: positive('seconds'),
  sections,
  log: (line) => console.error(line),
});
console.log(bench.formatReport(report));
if (values.json) {
  await writeFile(values.json, bench.reportJson(report));
  console.log(`\nwritten to ${values.json}`);
}
process.exit(report.errors.length > 0 ? 1 : 0);
