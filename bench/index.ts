import { printResult, type BenchResult } from './report';

/** Each benchmark module exports `run()`; add yours to this list. */
const SUITES: { name: string; load: () => Promise<{ run(): Promise<BenchResult[]> }> }[] = [
  { name: 'store', load: () => import('./store') },
  { name: 'cper', load: () => import('./cper') },
  { name: 'cli', load: () => import('./cli') },
  { name: 'emulator', load: () => import('./emulator') },
  { name: 'replay', load: () => import('./replay') },
  { name: 'ui', load: () => import('./ui') },
];

const only = process.argv[2];
for (const s of SUITES) {
  if (only && !s.name.includes(only)) continue;
  console.log(`# ${s.name}`);
  const mod = await s.load();
  for (const r of await mod.run()) printResult(r);
}
