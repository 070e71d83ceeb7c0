#!/usr/bin/env node
// `npm test`: system deps check (installs Debian chromium + nats-server when missing
// and running as root, else says exactly what to install), then typecheck, lint,
// build, unit and end-to-end tests. Ends with a plain `N passed, N failed` line,
// also written to test-results/summary.txt for .ci/run. A step that leaves a process
// running (found by the run's ARW_TEST_RUN marker) fails, and the process is killed.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describeProcesses, findLeftovers, killProcesses, TEST_RUN_VAR } from './leftover-processes.mjs';

const SYSTEM_DEPS = [
  { bin: '/usr/bin/chromium', pkg: 'chromium', why: 'browser end-to-end tests and benchmarks' },
  { bin: '/usr/sbin/nats-server', alt: '/usr/bin/nats-server', pkg: 'nats-server', why: 'sync scale-out tests' },
];

const results = [];
const started = Date.now();
// Set before anything starts, so every descendant inherits it (spawners pass process.env).
const runId = randomUUID();
process.env[TEST_RUN_VAR] = runId;

function run(label, command, args, options = {}) {
  const t0 = Date.now();
  console.log(`\n▶ ${label}: ${[command, ...args].join(' ')}`);
  const child = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...options.env } });
  const ok = child.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${label} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return ok;
}

/** Lists, kills and records as one failure whatever `label` left running; returns 1 if it did. */
function reapLeftovers(label) {
  const left = findLeftovers(TEST_RUN_VAR, runId);
  if (left.length === 0) return 0;
  console.error(`✘ ${label} left ${left.length} process(es) running (killed now):\n${describeProcesses(left)}`);
  killProcesses(left);
  results.push({ label: `${label}: ${left.length} process(es) left running`, ok: false });
  return 1;
}

function ensureSystemDeps() {
  const missing = SYSTEM_DEPS.filter((dep) => !existsSync(dep.bin) && !(dep.alt && existsSync(dep.alt)));
  if (missing.length === 0) return true;
  const pkgs = missing.map((dep) => dep.pkg).join(' ');
  if (process.getuid?.() === 0) {
    console.log(`Installing Debian packages: ${pkgs} (${missing.map((d) => d.why).join('; ')})`);
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    return (
      run('apt-get update', 'apt-get', ['update', '-qq'], { env }) &&
      run('apt-get install', 'apt-get', ['install', '-y', '-qq', ...missing.map((d) => d.pkg)], { env })
    );
  }
  console.error(
    `\nMissing system packages: ${pkgs}.\nInstall them, then run npm test again:\n\n  sudo apt-get update && sudo apt-get install -y ${pkgs}\n`,
  );
  return false;
}

function step(label, command, args, options) {
  const ok = run(label, command, args, options);
  results.push({ label, ok });
  reapLeftovers(label);
  return ok;
}

mkdirSync('test-results', { recursive: true });
const depsOk = ensureSystemDeps();
results.push({ label: 'system packages', ok: depsOk });

step('typecheck', 'npm', ['run', '-s', 'typecheck']);
step('lint', 'npm', ['run', '-s', 'lint']);
const built = step('build', 'npx', ['vite', 'build', '--logLevel', 'warn']);

let passed = results.filter((r) => r.ok).length;
let failed = results.filter((r) => !r.ok).length;

// Unit tests in parallel; then the integration and browser suites one after the
// other, so timing-sensitive tests (tab takeover, live views) never share the 2 cores.
const suites = [
  { label: 'unit tests', projects: ['unit', 'unit-app'] },
  { label: 'integration tests (real sockets, nats-server)', projects: ['integration'], needs: depsOk },
  { label: 'end-to-end tests (chromium)', projects: ['e2e'], needs: depsOk && built },
];
for (const suite of suites) {
  if (suite.needs === false) {
    console.log(`\nSkipping ${suite.label}: ${!depsOk ? 'system packages are missing' : 'the build failed'}`);
    failed += 1;
    continue;
  }
  const reportPath = `test-results/vitest-${suite.projects[0]}.json`;
  const projectArgs = suite.projects.flatMap((name) => ['--project', name]);
  run(suite.label, 'npx', [
    'vitest',
    'run',
    ...projectArgs,
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${reportPath}`,
  ]);
  failed += reapLeftovers(suite.label);
  try {
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests + (report.numFailedTestSuites ?? 0) - countSuitesWithFailedTests(report);
    if (report.numTotalTests === 0) failed += 1;
    results.push({
      label: `${suite.label}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`,
      ok: report.numFailedTests === 0 && report.success !== false,
    });
  } catch {
    console.error(`The test runner wrote no report for ${suite.label}: counting it as failed.`);
    results.push({ label: suite.label, ok: false });
    failed += 1;
  }
}

// A suite that failed to load has no failed tests of its own; count it once.
function countSuitesWithFailedTests(report) {
  return report.testResults.filter(
    (suite) => suite.status === 'failed' && suite.assertionResults.some((a) => a.status === 'failed'),
  ).length;
}

const line = `${passed} passed, ${failed} failed`;
writeFileSync('test-results/summary.txt', `${line}\n`);
console.log(`\nnpm test finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
for (const r of results) console.log(`  ${r.ok ? '✔' : '✘'} ${r.label}`);
console.log(line);
process.exit(failed === 0 ? 0 : 1);
