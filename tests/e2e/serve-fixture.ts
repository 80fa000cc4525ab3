import { spawn, type ChildProcess } from 'node:child_process';
import { test as base, expect, type Page } from '@playwright/test';

export interface Served {
  url: string;
  origin: string;
  token: string;
}

/** Starts `erst-viewer serve FILES --port 0` and waits for the URL it prints. */
export async function serve(files: string[]): Promise<{ served: Served; proc: ChildProcess }> {
  const proc = spawn('node', ['bin/erst-viewer.js', 'serve', ...files, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 20_000);
    proc.stdout!.on('data', (c) => {
      out += c;
      const m = /serving on (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.stderr!.on('data', (c) => (out += c));
    proc.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  const u = new URL(url);
  return { served: { url, origin: u.origin, token: u.searchParams.get('token')! }, proc };
}

/**
 * Console errors and CSP violations fail the test: every page gets listeners before it loads,
 * and the test asserts both lists are empty at the end.
 */
function watchProblems(page: Page): { errors: string[] } {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return { errors };
}

export const test = base.extend<{ problems: { errors: string[] } }>({
  problems: async ({ page }, use) => {
    const p = watchProblems(page);
    await use(p);
    expect(p.errors, 'no console errors or CSP violations').toEqual([]);
  },
});
export { expect };
