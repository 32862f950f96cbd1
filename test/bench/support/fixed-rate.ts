import { percentiles } from './stats';

/** What a fixed-rate run measured: latencies in ms of the operations that succeeded, and the failures. */
export interface FixedRateRun {
  latenciesMs: number[];
  failures: string[];
  seconds: number;
}

/**
 * Offers `count` operations at `ratePerSecond`, each started on its schedule whether or not earlier ones
 * have finished (an open model: a slow system does not slow the offered load). Latency is measured from
 * the scheduled start, so queueing in the client counts too (no coordinated omission).
 */
export async function runAtFixedRate(opts: {
  count: number;
  ratePerSecond: number;
  op: (i: number) => Promise<void>;
  onProgress?: (done: number, failed: number) => void;
}): Promise<FixedRateRun> {
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  const intervalMs = 1000 / opts.ratePerSecond;
  const started = performance.now();
  const running: Promise<void>[] = [];
  let done = 0;
  for (let i = 0; i < opts.count; i++) {
    const scheduled = started + i * intervalMs;
    const wait = scheduled - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    running.push(
      opts
        .op(i)
        .then(
          () => void latenciesMs.push(performance.now() - scheduled),
          (err: Error) => void failures.push(err.message),
        )
        .finally(() => opts.onProgress?.(++done, failures.length)),
    );
  }
  await Promise.all(running);
  return { latenciesMs, failures, seconds: (performance.now() - started) / 1000 };
}

/** Runs `op` for 0..count-1 with at most `concurrency` at a time (a closed model: as fast as it goes). */
export async function runConcurrently(count: number, concurrency: number, op: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await op(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

/**
 * runAtFixedRate with progress every 5 s of offered load, a line on failures, and the percentiles of the
 * operations that succeeded (with how many failed).
 */
export async function latencyAtRate(opts: {
  what: string;
  count: number;
  ratePerSecond: number;
  op: (i: number) => Promise<unknown>;
  say: (line: string) => void;
}) {
  const { what, count, ratePerSecond, say } = opts;
  const result = await runAtFixedRate({
    count,
    ratePerSecond,
    op: async (i) => void (await opts.op(i)),
    onProgress: (done, failed) =>
      done % Math.max(1, ratePerSecond * 5) === 0 && say(`${what} at ${ratePerSecond}/s: ${done}/${count}${failed ? `, ${failed} failed` : ''}`),
  });
  if (result.failures.length) say(`${what}: ${result.failures.length} failed, e.g. ${result.failures[0]}`);
  return { ...percentiles(result.latenciesMs), failed: result.failures.length };
}
