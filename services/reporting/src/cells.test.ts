import fc from 'fast-check';
import { addParts, caseCells, cellDelta, cellKey, OPEN, tallyCells, type CellPart } from './cells';
import { foldFacts, type Fact, type FactRecord } from './facts';
import { indicatorValues, tally, type Place, type Tally } from './indicators';
import { nextQuarter, quarterPeriod } from './period';

/** Random cohorts: cases of both programmes, over 2025 and 2026, in three districts, on two policy versions each. */
const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);
const DISTRICTS = ['d-a', 'd-b', 'd-c'];
const POLICIES = ['spb-2026.2', 'spb-2026.3', 'spb-2026.4', 'kz-2026.2', 'kz-2026.3'];
const PROGRAMMES = ['hiv-family-follow-up', 'abandonment-prevention'];

const arbFact: fc.Arbitrary<Fact> = fc.oneof(
  fc.constant<Fact>({ kind: 'accepted' }),
  fc.constantFrom(...DISTRICTS).map((d): Fact => ({ kind: 'transferred', toDistrict: d })),
  fc.constantFrom(...POLICIES).map((v): Fact => ({ kind: 'policy-changed', toVersion: v })),
  fc.subarray(['poverty', 'single-mother', 'unknown-code', 'intent-to-abandon']).map((f): Fact => ({ kind: 'risk-screened', factors: f })),
  fc.constant<Fact>({ kind: 'follow-up-started' }),
  fc.constant<Fact>({ kind: 'first-contact' }),
  fc.constantFrom('completed-successfully', 'moved-away', 'referral-rejected', 'refused').map((o): Fact => ({ kind: 'closed', outcome: o })),
  fc.constant<Fact>({ kind: 'reopened' }),
  fc.constant<Fact>({ kind: 'intent-to-abandon' }),
  fc
    .record({
      child: fc.integer({ min: 0, max: 2 }),
      result: fc.constantFrom('positive', 'negative', 'indeterminate'),
      // A result with a test and milestone, or one reported before results had them.
      test: fc.option(
        fc.record({
          test: fc.constantFrom('pcr', 'antibody'),
          milestone: fc.constantFrom('6-weeks', '18-months', 'unscheduled'),
          breastfed: fc.constantFrom(true, false, undefined),
        }),
        { nil: undefined },
      ),
    })
    .map(({ test, ...r }): Fact => ({ kind: 'hiv-result', ...r, ...test })),
  fc
    .record({ child: fc.integer({ min: 0, max: 2 }), ageMonths: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }) })
    .map((r): Fact => ({ kind: 'placed-in-care', ...r })),
  fc.constantFrom('t1', 't2', 't3').map((id): Fact => ({ kind: 'contact-planned', taskId: id })),
  fc.constantFrom('t1', 't2', 't3').map((id): Fact => ({ kind: 'contact-cancelled', taskId: id })),
  fc.constantFrom('t1', 't2', 't3').map((id): Fact => ({ kind: 'contact-done', taskId: id })),
  fc.constantFrom('t1', 't4').map((id): Fact => ({ kind: 'task-overdue', taskId: id })),
  fc.constantFrom('c1', 'c2').map((id): Fact => ({ kind: 'conference-held', conferenceId: id })),
);

/** One case: referred and opened (in most cases), then up to 12 facts over the next 15 months, in random order of arrival. */
const arbCase = (caseId: string) =>
  fc
    .record({
      programme: fc.constantFrom(...PROGRAMMES),
      district: fc.constantFrom(...DISTRICTS),
      policy: fc.constantFrom(...POLICIES),
      openedDay: fc.integer({ min: 0, max: 600 }),
      referredHoursBefore: fc.integer({ min: 0, max: 200 }),
      opened: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
      urgent: fc.boolean(),
      children: fc.integer({ min: 0, max: 3 }),
      level: fc.constantFrom('low', 'medium', 'high', 'urgent'),
      factors: fc.subarray(['poverty', 'single-mother', 'intent-to-abandon', 'no-housing']),
      later: fc.array(fc.record({ afterHours: fc.integer({ min: 0, max: 15 * 30 * 24 }), fact: arbFact }), { maxLength: 12 }),
    })
    .map((c): FactRecord[] => {
      const openedAt = START + c.openedDay * DAY + 9 * 3_600_000;
      const rec = (n: number, at: number, fact: Fact, district = c.district): FactRecord => ({
        _id: `${caseId}-${String(n).padStart(2, '0')}`,
        caseId,
        programme: c.programme,
        district,
        at: new Date(at),
        fact,
      });
      const out = [rec(0, openedAt - 60_000, { kind: 'referred', referredAt: new Date(openedAt - c.referredHoursBefore * 3_600_000), urgent: c.urgent })];
      if (c.opened) {
        out.push(
          rec(1, openedAt, {
            kind: 'opened',
            policyVersion: c.policy,
            riskLevel: c.level,
            children: c.children,
            familyMembers: 1 + c.children,
            motherHivPositive: c.children % 2 === 1,
            riskFactors: c.factors,
            intentOnReferral: c.factors.includes('intent-to-abandon'),
          }),
        );
      }
      let district = c.district;
      c.later.forEach((l, i) => {
        if (l.fact.kind === 'transferred') district = l.fact.toDistrict;
        out.push(rec(i + 2, openedAt + l.afterHours * 3_600_000, l.fact, district));
      });
      return out;
    });

const arbCohort = fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbCase(`case-${i}`))).map((cs) => cs.flat()));

/** Every place's tally of a quarter, as the fold gives it and as the cells give it. */
const byPlace = (p: Place) => cellKey(p, '');
const QUARTERS = [
  '2024-Q4',
  '2025-Q1',
  '2025-Q2',
  '2025-Q3',
  '2025-Q4',
  '2026-Q1',
  '2026-Q2',
  '2026-Q3',
  '2026-Q4',
  '2027-Q1',
  '2027-Q2',
  '2027-Q3',
  '2027-Q4',
];
const LATE_NOW = new Date('2028-06-01T00:00:00Z'); // after every fact of a cohort

const summed = (parts: Iterable<CellPart>) =>
  addParts(
    new Map(),
    [...parts].map((p) => [cellKey(p, p.quarter), p] as [string, CellPart]),
  );
/** Adds a delta to summed cells, as the store's $inc does. */
const applyDelta = (cells: Map<string, CellPart>, delta: ReadonlyMap<string, CellPart>) => addParts(cells, delta);

/** Zero counts and empty histogram bins say nothing: left out so the two tallies compare. */
const normal = (rows: Map<string, Tally>) =>
  Object.fromEntries(
    [...rows].map(([row, t]) => [
      row,
      {
        counts: Object.fromEntries(Object.entries(t.counts).filter(([, n]) => n !== 0)),
        samples: Object.fromEntries(
          Object.entries(t.samples)
            .map(([n, h]) => [n, Object.fromEntries(Object.entries(h).filter(([, v]) => v !== 0))] as const)
            .filter(([, h]) => Object.keys(h).length > 0),
        ),
      },
    ]),
  );

describe('indicator cells', () => {
  it('give, quarter by quarter and place by place, exactly what folding the cases gives', () => {
    fc.assert(
      fc.property(arbCohort, (records) => {
        const cases = foldFacts(records);
        const cells = summed(cases.flatMap((f) => [...caseCells(f).values()]));
        for (const quarter of QUARTERS) {
          const folded = tally(cases, quarterPeriod(quarter), LATE_NOW, byPlace);
          const fromCells = tallyCells(cells.values(), quarter, LATE_NOW, byPlace);
          expect(normal(fromCells)).toEqual(normal(folded));
          // And so every indicator, medians included.
          for (const [row, t] of folded) expect(indicatorValues(fromCells.get(row), null)).toEqual(indicatorValues(t, null));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('read a quarter still running as of now, and a quarter to come as nothing', () => {
    fc.assert(
      fc.property(arbCohort, fc.integer({ min: 0, max: 700 }), (records, day) => {
        const now = new Date(START + day * DAY);
        // What has happened by now: the facts the projection holds then.
        const cases = foldFacts(records.filter((r) => r.at <= now && (r.fact.kind !== 'referred' || r.fact.referredAt <= now)));
        const cells = summed(cases.flatMap((f) => [...caseCells(f).values()]));
        for (const quarter of QUARTERS) {
          const folded = tally(cases, quarterPeriod(quarter), now, byPlace);
          expect(normal(tallyCells(cells.values(), quarter, now, byPlace))).toEqual(normal(folded));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('move with the case: fact by fact, the deltas add up to the cells of the whole case, whatever the order facts arrive in', () => {
    fc.assert(
      fc.property(
        arbCohort.chain((rs) => fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length })),
        (arrival) => {
          let cells = new Map<string, CellPart>();
          const applied = new Map<string, Map<string, CellPart>>();
          const seen: FactRecord[] = [];
          for (const r of arrival) {
            seen.push(r);
            const [f] = foldFacts(seen.filter((s) => s.caseId === r.caseId));
            const next = caseCells(f!);
            cells = applyDelta(cells, cellDelta(applied.get(r.caseId) ?? new Map(), next));
            applied.set(r.caseId, next);
          }
          const whole = summed(foldFacts(arrival).flatMap((f) => [...caseCells(f).values()]));
          for (const quarter of QUARTERS)
            expect(normal(tallyCells(cells.values(), quarter, LATE_NOW, byPlace))).toEqual(normal(tallyCells(whole.values(), quarter, LATE_NOW, byPlace)));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('carry an open case into every later quarter without a fact there', () => {
    const records: FactRecord[] = [
      {
        _id: 'e1',
        caseId: 'c',
        programme: 'hiv-family-follow-up',
        district: 'd-a',
        at: new Date('2025-02-01T00:00:00Z'),
        fact: { kind: 'referred', referredAt: new Date('2025-02-01T00:00:00Z'), urgent: false },
      },
      {
        _id: 'e2',
        caseId: 'c',
        programme: 'hiv-family-follow-up',
        district: 'd-a',
        at: new Date('2025-02-02T00:00:00Z'),
        fact: {
          kind: 'opened',
          policyVersion: 'spb-2026.2',
          riskLevel: 'low',
          children: 1,
          familyMembers: 2,
          motherHivPositive: false,
          riskFactors: [],
          intentOnReferral: false,
        },
      },
      { _id: 'e3', caseId: 'c', programme: 'hiv-family-follow-up', district: 'd-a', at: new Date('2025-02-03T00:00:00Z'), fact: { kind: 'accepted' } },
    ];
    const cells = summed(caseCells(foldFacts(records)[0]!).values());
    expect([...cells.values()].map((c) => c.quarter).sort()).toEqual(['2025-Q1', OPEN]);
    for (let q = '2025-Q2'; q <= '2027-Q4'; q = nextQuarter(q)) {
      expect(tallyCells(cells.values(), q, LATE_NOW, () => 'all').get('all')?.counts).toEqual({
        'caseload.openCases': 1,
        'covered.families': 1,
        'covered.people': 2,
      });
    }
    expect(tallyCells(cells.values(), '2024-Q4', LATE_NOW, () => 'all').size).toBe(0);
  });
});
