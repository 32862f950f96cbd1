import type { OpenTestSystem } from '../../harness/system';
import type { BenchResult } from './result';

/** What a benchmark gets: the running system (servers and services, as `npm start` runs them; none for a standalone one), its flags, and a progress line. */
export interface BenchContext {
  t: OpenTestSystem;
  flags: Record<string, string>;
  say: (line: string) => void;
}

export interface Bench {
  name: string;
  title: string;
  /** Flags it reads (`--name=value`), with their defaults, for `npm run bench -- --help`. */
  flags: Record<string, string>;
  /** Runs without the system (starts what it measures itself); the runner starts the system only for the others. */
  standalone?: boolean;
  run(ctx: BenchContext): Promise<BenchResult>;
}

/** --name=1000,100000: sizes in ascending order (a benchmark adds each size to the previous one). */
export function sizesFlag(flags: Record<string, string>, name: string, fallback: string): number[] {
  const raw = flags[name] ?? fallback;
  const sizes = raw.split(',').map((x) => Number(x.trim().replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`--${name} must be positive whole numbers separated by commas (got "${raw}")`);
  return [...new Set(sizes)].sort((a, b) => a - b);
}

/** 1000 → 1k, 1000000 → 1M. */
export const sizeLabel = (n: number) => (n >= 1e6 && n % 1e5 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 100 === 0 ? `${n / 1e3}k` : String(n));

/** A flag as a positive integer, or the default; a bad value stops the run and names the flag. */
export function intFlag(flags: Record<string, string>, name: string, fallback: number): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number (got "${raw}")`);
  return value;
}
