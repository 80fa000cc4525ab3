// The project's one test command (`npm test`): build, type-check, lint, unit and component
// tests (vitest), browser tests (Playwright in Debian's Chromium), then one closing line
// `N passed, N failed, N skipped` counting every test and check.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const results = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
mkdirSync('test-results', { recursive: true });

function run(name, cmd, args, env = {}) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(name, cmd, args) {
  if (run(name, cmd, args)) results.passed++;
  else {
    results.failed++;
    failures.push(name);
  }
}

check('build', 'npm', ['run', '--silent', 'build']);
check('typecheck', 'npx', ['tsc', '-b']);
check('typecheck renderer', 'npx', ['vue-tsc', '--noEmit', '-p', 'renderer/tsconfig.json']);
check('lint', 'npm', ['run', '--silent', 'lint']);

rmSync('test-results/vitest.json', { force: true });
const unitOk = run('unit and component tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/vitest.json',
]);
if (existsSync('test-results/vitest.json')) {
  const v = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  results.passed += v.numPassedTests;
  results.failed += v.numFailedTests;
  results.skipped += v.numPendingTests + v.numTodoTests;
  if (v.numFailedTests || !unitOk) failures.push('vitest');
} else {
  results.failed++;
  failures.push('vitest (no report)');
}

function playwright(name, args, reportPath) {
  // Absolute: Playwright resolves a relative report path against the config's folder.
  const report = resolve(reportPath);
  rmSync(report, { force: true });
  const ok = run(name, 'npx', ['playwright', 'test', ...args, '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: report });
  if (!existsSync(report)) {
    results.failed++;
    failures.push(`${name} (no report)`);
    return;
  }
  const s = JSON.parse(readFileSync(report, 'utf8')).stats;
  results.passed += s.expected + (s.flaky ?? 0);
  results.failed += s.unexpected;
  results.skipped += s.skipped;
  if (s.unexpected || !ok) failures.push(name);
}

playwright('browser tests', [], 'test-results/playwright.json');
// Skipped, with its reason printed, where no Electron binary is installed.
playwright('desktop smoke test', ['-c', 'tests/e2e-electron/playwright.config.ts'], 'test-results/playwright-electron.json');

if (failures.length) console.log(`\nfailed: ${failures.join(', ')}`);
console.log(`\n${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(results.failed || failures.length ? 1 : 0);
