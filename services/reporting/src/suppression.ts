import { INDICATORS, ROW_SUMS } from './catalogue';
import type { IndicatorValues } from './indicators';

/** A published sum: the cells that add up to it, and the cell that shows it. */
export interface SumRule {
  parts: string[];
  total: string;
}

/**
 * Which counts to hide. Primary: every count from 1 to threshold − 1 (a zero says nothing about anyone).
 * Complementary: wherever a published total has exactly one hidden part, that part could be worked out
 * from the total and the others, so the smallest other part is hidden too (a non-zero one when there is
 * one); when there is no other part, the total itself is hidden. Repeated until no total gives one away,
 * since a cell hidden for one total may leave another total with a single hidden part. The smallest sums
 * go first (a pilot subtotal before the city): a complement found there often protects the larger one too.
 */
export function suppressCounts(values: ReadonlyMap<string, number>, sums: readonly SumRule[], threshold: number): Set<string> {
  const hidden = new Set<string>();
  for (const [cell, v] of values) if (v > 0 && v < threshold) hidden.add(cell);
  const ordered = [...sums].sort((a, b) => a.parts.length - b.parts.length);
  for (let changed = true; changed;) {
    changed = false;
    for (const sum of ordered) {
      if (hidden.has(sum.total) || !values.has(sum.total)) continue; // nothing published to work from
      const parts = sum.parts.filter((p) => values.has(p));
      if (parts.filter((p) => hidden.has(p)).length !== 1) continue;
      const candidates = parts.filter((p) => !hidden.has(p)).sort((a, b) => rank(values.get(a)!) - rank(values.get(b)!) || a.localeCompare(b));
      hidden.add(candidates[0] ?? sum.total);
      changed = true;
    }
  }
  return hidden;
}

/** Non-zero before zero (hiding a known zero protects less), then the smallest. */
const rank = (v: number) => (v === 0 ? Number.MAX_SAFE_INTEGER : v);

export interface TableRow {
  id: string;
  values: IndicatorValues;
}
export interface SuppressedRow extends TableRow {
  /** The indicators hidden in this row (their values are null). */
  hidden: string[];
}

/**
 * Suppresses a table of indicator rows. `rowSums` says which rows add up to which (e.g. the districts to
 * the city, the pilot districts to their subtotal); it applies to every count column. Within a row, the
 * catalogue's additive counts (risk levels → families at risk) are sums too. Then what depends on a hidden
 * count is hidden: a share with its numerator or denominator, a median of fewer samples than the threshold,
 * a caseload with its open cases. Reference data (staff, population) is never hidden.
 */
export function suppressTable(rows: readonly TableRow[], rowSums: ReadonlyArray<{ parts: string[]; total: string }>, threshold: number): SuppressedRow[] {
  const cell = (row: string, indicator: string) => `${row}\u0000${indicator}`;
  const counts = INDICATORS.filter((i) => i.kind === 'count').map((i) => i.name);
  const values = new Map<string, number>();
  for (const row of rows) for (const name of counts) values.set(cell(row.id, name), row.values[name] ?? 0);

  const sums: SumRule[] = [];
  for (const name of counts) for (const s of rowSums) sums.push({ parts: s.parts.map((r) => cell(r, name)), total: cell(s.total, name) });
  for (const row of rows) for (const s of ROW_SUMS) sums.push({ parts: s.parts.map((n) => cell(row.id, n)), total: cell(row.id, s.total) });
  const hiddenCells = suppressCounts(values, sums, threshold);

  return rows.map((row) => {
    const isHidden = (name: string) => hiddenCells.has(cell(row.id, name));
    const hidden = INDICATORS.filter((def) => {
      switch (def.kind) {
        case 'count':
          return isHidden(def.name);
        case 'share':
          return isHidden(def.num!) || isHidden(def.den!);
        case 'median': {
          const n = row.values[def.of!] ?? 0;
          return n > 0 && n < threshold;
        }
        case 'ratio':
          return isHidden(def.of!);
        case 'reference':
          return false;
      }
    }).map((def) => def.name);
    const values = { ...row.values };
    for (const name of hidden) values[name] = null;
    return { id: row.id, values, hidden };
  });
}
