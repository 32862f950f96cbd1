/**
 * Whole months between two calendar dates (YYYY-MM-DD), as a child's age is counted: born 2026-01-31,
 * one month old on 2026-02-28 only if the day has come (it has not: 0), on 2026-03-01 (1).
 */
export function ageInMonths(birthDate: string, on: string): number | null {
  const b = parse(birthDate);
  const d = parse(on);
  if (!b || !d) return null;
  let months = (d.y - b.y) * 12 + (d.m - b.m);
  if (d.day < b.day) months -= 1;
  return Math.max(0, months);
}

function parse(date: string): { y: number; m: number; day: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return match ? { y: Number(match[1]), m: Number(match[2]), day: Number(match[3]) } : null;
}
