import { execFileSync } from 'node:child_process';

/** The browser tests run the built CLI and renderer, so build them once first. */
export default function globalSetup(): void {
  if (process.env.ERST_SKIP_BUILD) return;
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}
