import { errorTotal, type ErrorCounts, type Ledger } from './ledger';
import type { Counts, Failure } from './checks';
import type { FaultRecord } from './faults';

const SHOWN_IDS = 5;

/** The final table: what the load generator saw, then what the checks counted; then every failed check with a few ids. */
export function printReport(
  out: (line: string) => void,
  parts: { faults: FaultRecord[]; ledger: Ledger; counts: Counts; failures: Failure[]; runSeconds: number },
): void {
  const rows: Array<[string, string]> = [];
  for (const f of parts.faults) rows.push([`${f.target} down (kill -9 → answering again)`, `${((f.upAt - f.killedAt) / 1000).toFixed(1)} s`]);
  for (const [kind, counts] of Object.entries(parts.ledger.errors) as Array<[string, ErrorCounts]>) {
    const statuses = Object.entries(counts.byStatus)
      .filter(([s]) => Number(s) >= 500)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    const notYet = counts.byStatus['404'] ?? 0;
    rows.push([
      `${kind}: 5xx/network/timeout errors seen`,
      `${errorTotal(counts)} (network ${counts.network}, timeout ${counts.timeout}${statuses ? `, ${statuses}` : ''})${notYet ? `; 404 not there yet ×${notYet}` : ''}`,
    ]);
  }
  for (const [name, value] of Object.entries(parts.counts)) rows.push([name, String(value)]);
  rows.push(['run time', `${parts.runSeconds.toFixed(0)} s`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  out('');
  out(`${'what'.padEnd(width)}  count`);
  out(`${'-'.repeat(width)}  -----`);
  for (const [k, v] of rows) out(`${k.padEnd(width)}  ${v}`);
  out('');
  if (parts.failures.length === 0) {
    out('FAULTS: every check holds');
    return;
  }
  out(`FAULTS: ${parts.failures.length} check(s) failed`);
  for (const f of parts.failures) {
    out(`  ✗ ${f.check}`);
    for (const id of f.ids.slice(0, SHOWN_IDS)) out(`      ${id}`);
    if (f.ids.length > SHOWN_IDS) out(`      … and ${f.ids.length - SHOWN_IDS} more`);
  }
}
