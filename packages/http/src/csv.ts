/**
 * RFC 4180 CSV: a header, then one line per row, CRLF line ends. Fields with a comma, quote or line
 * break are quoted. A field starting with = + - @ is prefixed with an apostrophe, so a spreadsheet never
 * runs it as a formula (numbers are written as numbers and are not touched).
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

function field(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
