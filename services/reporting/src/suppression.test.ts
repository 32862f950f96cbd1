import { suppressCounts, suppressTable } from './suppression';

const cells = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('suppressCounts', () => {
  it('hides counts from 1 to the threshold − 1, never zero', () => {
    const hidden = suppressCounts(cells({ a: 0, b: 1, c: 4, d: 5, e: 12 }), [], 5);
    expect([...hidden].sort()).toEqual(['b', 'c']);
  });

  it('hides a second cell when a published total would give the only hidden one away', () => {
    // a (3) is hidden; with the total 20 and b, c shown, a = 20 − 10 − 7: so the smallest other (c) goes too.
    const hidden = suppressCounts(cells({ a: 3, b: 10, c: 7, total: 20 }), [{ parts: ['a', 'b', 'c'], total: 'total' }], 5);
    expect([...hidden].sort()).toEqual(['a', 'c']);
  });

  it('prefers a non-zero complement to a zero one', () => {
    const hidden = suppressCounts(cells({ a: 2, b: 0, c: 9, total: 11 }), [{ parts: ['a', 'b', 'c'], total: 'total' }], 5);
    expect([...hidden].sort()).toEqual(['a', 'c']);
  });

  it('leaves a total alone when two parts are hidden already, or the total is hidden itself', () => {
    expect([...suppressCounts(cells({ a: 2, b: 3, c: 9, total: 14 }), [{ parts: ['a', 'b', 'c'], total: 'total' }], 5)].sort()).toEqual(['a', 'b']);
    expect([...suppressCounts(cells({ a: 2, b: 0, total: 2 }), [{ parts: ['a', 'b'], total: 'total' }], 5)].sort()).toEqual(['a', 'total']);
  });

  it('hides the total when the hidden cell is its only part', () => {
    expect([...suppressCounts(cells({ a: 2, total: 2 }), [{ parts: ['a'], total: 'total' }], 2)].sort()).toEqual([]);
    expect([...suppressCounts(cells({ a: 3, total: 3 }), [{ parts: ['a'], total: 'total' }], 5)].sort()).toEqual(['a', 'total']);
  });

  it('follows the consequences through nested totals until none gives a cell away', () => {
    // Districts d1..d4; pilot = d1 + d2, later = d3 + d4, city = pilot + later = all four.
    const values = cells({ d1: 2, d2: 8, d3: 6, d4: 9, pilot: 10, later: 15, city: 25 });
    const sums = [
      { parts: ['d1', 'd2', 'd3', 'd4'], total: 'city' },
      { parts: ['d1', 'd2'], total: 'pilot' },
      { parts: ['d3', 'd4'], total: 'later' },
      { parts: ['pilot', 'later'], total: 'city' },
    ];
    const hidden = suppressCounts(values, sums, 5);
    // d1 (primary) → d2 (pilot = d1 + d2) is hidden then; the city's sum has two hidden parts; nothing else.
    expect([...hidden].sort()).toEqual(['d1', 'd2']);
    // No published total has exactly one hidden part left.
    for (const s of sums) if (!hidden.has(s.total)) expect(s.parts.filter((p) => hidden.has(p)).length).not.toBe(1);
  });
});

describe('suppressTable', () => {
  const row = (id: string, values: Record<string, number | null>) => ({ id, values });

  it('hides shares, medians and caseloads with the counts they come from, never the reference data', () => {
    const rows = [
      row('a', {
        closed: 3,
        'closed.completedSuccessfully': 3,
        'closed.completedSuccessfullyShare': 1,
        'firstContact.count': 3,
        'firstContact.medianDays': 2,
        'caseload.openCases': 2,
        'caseload.perWorker': 1,
        'staff.socialWorkers': 2,
      }),
      row('b', {
        closed: 9,
        'closed.completedSuccessfully': 5,
        'closed.completedSuccessfullyShare': 0.556,
        'firstContact.count': 9,
        'firstContact.medianDays': 1,
        'caseload.openCases': 7,
        'caseload.perWorker': 7,
        'staff.socialWorkers': 1,
      }),
      row('total', {
        closed: 12,
        'closed.completedSuccessfully': 8,
        'closed.completedSuccessfullyShare': 0.667,
        'firstContact.count': 12,
        'firstContact.medianDays': 1.5,
        'caseload.openCases': 9,
        'caseload.perWorker': 3,
        'staff.socialWorkers': 3,
      }),
    ];
    const [a, b, total] = suppressTable(rows, [{ parts: ['a', 'b'], total: 'total' }], 5);
    expect(a!.hidden).toEqual(
      expect.arrayContaining([
        'closed',
        'closed.completedSuccessfully',
        'closed.completedSuccessfullyShare',
        'firstContact.count',
        'firstContact.medianDays',
        'caseload.openCases',
        'caseload.perWorker',
      ]),
    );
    expect(a!.values.closed).toBeNull();
    expect(a!.values['staff.socialWorkers']).toBe(2);
    // b's counts are hidden as complements (the total would give a's away); its median of 9 samples stays.
    expect(b!.hidden).toEqual(
      expect.arrayContaining(['closed', 'closed.completedSuccessfully', 'firstContact.count', 'caseload.openCases', 'caseload.perWorker']),
    );
    expect(b!.hidden).not.toContain('firstContact.medianDays');
    expect(b!.values['firstContact.medianDays']).toBe(1);
    expect(total!.hidden).toEqual([]);
    expect(total!.values.closed).toBe(12);
  });

  it('treats the risk levels as parts of the families at risk within a row', () => {
    const [only] = suppressTable(
      [row('a', { 'atRisk.families': 12, 'atRisk.level.low': 9, 'atRisk.level.medium': 3, 'atRisk.level.high': 0, 'atRisk.level.urgent': 0 })],
      [],
      5,
    );
    expect(only!.hidden.sort()).toEqual(['atRisk.level.low', 'atRisk.level.medium']);
    expect(only!.values['atRisk.families']).toBe(12);
  });
});
