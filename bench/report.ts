/** One line of `npm run bench`: a figure, its unit, and where there is one, its ratio to a baseline measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number; unit: string };
  /** value / baseline.value (or the inverse where lower is better; said in `note`). */
  ratio?: number;
  note?: string;
}

export function printResult(r: BenchResult): void {
  const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
  let line = `${r.name}: ${fmt(r.value)} ${r.unit}`;
  if (r.baseline) line += `  | baseline ${r.baseline.name}: ${fmt(r.baseline.value)} ${r.baseline.unit}`;
  if (r.ratio !== undefined) line += `  | ratio ${r.ratio.toFixed(3)}`;
  if (r.note) line += `  (${r.note})`;
  console.log(line);
}

export function timeIt<T>(fn: () => T): { ms: number; result: T } {
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
}
