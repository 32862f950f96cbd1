import { percentiles } from '../support/stats';

/** Runs of one measured operation: each run's parts in ms (e.g. read and compute), and their medians. */
export interface TimedRuns<Part extends string> {
  runs: number;
  medianMs: Record<Part | 'total', number>;
}

/**
 * Repeats `op` up to `runs` times and takes the median of each part. Stops repeating once the runs so far
 * took `budgetMs`, so a slow measurement is not repeated for long.
 */
export async function timedRuns<Part extends string>(
  runs: number,
  budgetMs: number,
  op: (run: number) => Promise<Record<Part, number>>,
): Promise<TimedRuns<Part>> {
  const samples: Array<Record<Part, number>> = [];
  let spent = 0;
  while (samples.length < runs && (samples.length === 0 || spent < budgetMs)) {
    const parts = await op(samples.length + 1);
    samples.push(parts);
    spent += sum(parts);
  }
  const names = Object.keys(samples[0]!) as Part[];
  const medianMs = Object.fromEntries(names.map((n) => [n, percentiles(samples.map((s) => s[n])).p50])) as Record<Part | 'total', number>;
  medianMs.total = percentiles(samples.map(sum)).p50;
  return { runs: samples.length, medianMs };
}

const sum = (parts: Record<string, number>) => Object.values(parts).reduce((s, x) => s + x, 0);
