/** One figure a benchmark measured. `ratio` rows compare a figure with its baseline (ours ÷ baseline). */
export interface Figure {
  metric: string;
  value: number | null;
  unit: string;
  note?: string;
}

/** What one benchmark prints and writes: its parameters, and its figures in the order they read best. */
export interface BenchResult {
  bench: string;
  title: string;
  params: Record<string, string | number | boolean>;
  figures: Figure[];
  startedAt: string;
  seconds: number;
}

export const figure = (metric: string, value: number | null, unit: string, note?: string): Figure => ({ metric, value, unit, ...(note ? { note } : {}) });

function formatValue(value: number | null): string {
  if (value === null) return '–';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** A result as a markdown section: a heading, the parameters, and a table of figures. */
export function toMarkdown(result: BenchResult): string {
  const params = Object.entries(result.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const rows = result.figures.map((f) => `| ${f.metric} | ${formatValue(f.value)} | ${f.unit} | ${f.note ?? ''} |`);
  return [
    `### ${result.title}`,
    '',
    `\`${result.bench}\` (${params}; ${result.seconds.toFixed(0)} s)`,
    '',
    '| metric | value | unit | note |',
    '| --- | ---: | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
