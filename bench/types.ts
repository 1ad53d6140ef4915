// Each area's benchmark module exports `run(): Promise<BenchRow[]>`; bench/run.ts prints them as one table.
export interface BenchRow {
  /** What was measured, e.g. `Grep, 5,000 files / 20 MB`. */
  name: string;
  /** The median (or the single figure for sizes). */
  value: number;
  unit: 'ms' | 'KB' | 'MB' | 'x';
  /** The target from the issue, in the same unit; the row reports whether value ≤ target. */
  target?: number;
  note?: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times, and returns the median in ms. */
export async function timeMedian(fn: () => unknown, runs = 15, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}
