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

/** A flag as a positive integer, or the default; a bad value stops the run and names the flag. */
export function intFlag(flags: Record<string, string>, name: string, fallback: number): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number (got "${raw}")`);
  return value;
}
