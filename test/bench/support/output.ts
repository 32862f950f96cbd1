import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toMarkdown, type BenchResult } from './result';

/** Where results land (gitignored with the rest of .data/): a timestamped pair, and latest.{json,md}. */
export const RESULTS_DIR = join(__dirname, '..', '..', '..', '.data', 'bench');

export function writeResults(results: readonly BenchResult[], machine: Record<string, string | number>): { json: string; markdown: string } {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const markdown = [`## Benchmarks ${new Date().toISOString().slice(0, 16)}Z`, '', machineLine(machine), '', ...results.map(toMarkdown)].join('\n');
  const json = JSON.stringify({ machine, results }, null, 2);
  const files = { json: join(RESULTS_DIR, `bench-${stamp}.json`), markdown: join(RESULTS_DIR, `bench-${stamp}.md`) };
  writeFileSync(files.json, json);
  writeFileSync(files.markdown, markdown);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), json);
  writeFileSync(join(RESULTS_DIR, 'latest.md'), markdown);
  return files;
}

const machineLine = (machine: Record<string, string | number>) =>
  Object.entries(machine)
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
