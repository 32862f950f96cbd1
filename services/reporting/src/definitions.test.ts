import { Programme } from '@continuum/domain';
import { INDICATORS, ROW_SUMS, type IndicatorDef } from './catalogue';
import { INDICATOR_DEFINITIONS, IndicatorDefinition, definitionsOf } from './definitions';
import type { CaseFacts } from './facts';
import { tally } from './indicators';
import { quarterPeriod } from './period';
import { suppressTable } from './suppression';

const def = (name: string): IndicatorDef => {
  const d = INDICATORS.find((i) => i.name === name);
  if (!d) throw new Error(`${name} is not in the catalogue`);
  return d;
};
const countNamed = (name: string) => {
  const d = def(name);
  expect({ name, kind: d.kind }).toEqual({ name, kind: 'count' });
  return d;
};

describe('the indicator catalogue', () => {
  it('names each indicator once, with its programmes, unit and period rule', () => {
    expect(new Set(INDICATORS.map((d) => d.name)).size).toBe(INDICATORS.length);
    for (const d of INDICATORS) {
      expect({ name: d.name, programmes: d.programmes.length > 0 && d.programmes.every((p) => Programme.safeParse(p).success) }).toEqual({
        name: d.name,
        programmes: true,
      });
      expect(d.unit && d.period).toBeTruthy();
      expect(d.label.trim()).not.toBe('');
    }
  });

  it('makes every share of two counts of the same unit and period rule', () => {
    const shares = INDICATORS.filter((d) => d.kind === 'share');
    expect(shares.length).toBeGreaterThan(0);
    for (const s of shares) {
      const [num, den] = [countNamed(s.num), countNamed(s.den)];
      expect({ name: s.name, units: [num.unit, den.unit], periods: [num.period, den.period] }).toEqual({
        name: s.name,
        units: [s.unit, s.unit],
        periods: [s.period, s.period],
      });
    }
  });

  it('gives every median its samples and the count it is hidden with, in days; every ratio its base', () => {
    for (const d of INDICATORS) {
      if (d.kind === 'median') {
        const of = countNamed(d.of);
        expect({ name: d.name, unit: d.unit, period: d.period, samples: d.samples.length > 10 }).toEqual({
          name: d.name,
          unit: 'days',
          period: of.period,
          samples: true,
        });
      }
      if (d.kind === 'ratio') {
        const of = countNamed(d.of);
        expect({ name: d.name, unit: d.unit, period: d.period, base: /^per /.test(d.base) }).toEqual({
          name: d.name,
          unit: of.unit,
          period: of.period,
          base: true,
        });
      }
      if (d.kind === 'reference') expect({ name: d.name, period: d.period }).toEqual({ name: d.name, period: 'reference' });
    }
    expect(def('caseload.perWorker')).toMatchObject({ kind: 'ratio', base: 'per social worker' });
    expect(def('staff.socialWorkersPer10k')).toMatchObject({ base: 'per 10,000 inhabitants' });
  });

  it("defines a child's final HIV status, the transmissions and their rate as the policy's rule counts them", () => {
    expect(def('children.finalHivStatus')).toMatchObject({
      kind: 'count',
      unit: 'children',
      period: 'flow',
      programmes: ['hiv-family-follow-up'],
      label:
        "Children whose HIV status became final in the period (by the policy's rule: confirmed positive by a second positive PCR; confirmed negative by a negative antibody test at 18 months, or where the city's protocol allows it by negative PCRs of a child never breastfed)",
      note: 'Each child once, in the quarter its status became final.',
    });
    expect(def('children.hivTransmissions')).toMatchObject({
      kind: 'count',
      unit: 'children',
      label: 'Of them confirmed HIV-positive: mother-to-child transmissions',
    });
    expect(def('children.hivTransmissionRate')).toMatchObject({ kind: 'share', num: 'children.hivTransmissions', den: 'children.finalHivStatus' });
  });

  it('says which counts are of what stood at the end of the period, and which of the cases open during it, as indicators.ts counts them', () => {
    // A family taken on and enrolled in the quarter before, with nothing happening in this one: it
    // contributes exactly what stands at the end of the period and what counts the cases open during it.
    const d = (iso: string) => new Date(iso);
    const quiet: CaseFacts = {
      _id: 'quiet',
      programme: 'hiv-family-follow-up',
      districtsSeen: ['a'],
      districts: [{ at: d('2026-08-01T00:00:00Z'), district: 'a' }],
      referredAt: d('2026-08-01T00:00:00Z'),
      openedAt: d('2026-08-01T00:00:00Z'),
      acceptedAt: d('2026-08-01T01:00:00Z'),
      followUpAt: d('2026-08-20T00:00:00Z'),
      familyMembers: 2,
    };
    const counted = Object.keys(tally([quiet], quarterPeriod('2026-Q4'), d('2027-02-01T00:00:00Z'), () => 'row').get('row')!.counts).sort();
    const standing: string[] = INDICATORS.filter((i) => i.kind === 'count' && (i.period === 'stock' || i.period === 'open-during')).map((i) => i.name);
    expect(counted).toEqual(standing.sort());
    // In the quarter it was referred in, its flows count too.
    const before = Object.keys(tally([quiet], quarterPeriod('2026-Q3'), d('2027-02-01T00:00:00Z'), () => 'row').get('row')!.counts);
    // Besides the standing counts, only flows.
    expect(before.filter((n) => def(n).period !== 'flow' && !standing.includes(n))).toEqual([]);
    expect(before).toEqual(expect.arrayContaining(['atRisk.families', 'followUp.enrolled']));
  });
});

describe('the definitions a reader is given', () => {
  const published = (name: string) => INDICATOR_DEFINITIONS.find((d) => d.name === name)!;

  it('are one per indicator, each as the published schema describes it', () => {
    expect(INDICATOR_DEFINITIONS.map((d) => d.name)).toEqual(INDICATORS.map((d) => d.name));
    for (const d of INDICATOR_DEFINITIONS) expect(IndicatorDefinition.parse(d)).toEqual(d);
  });

  it('name the numerator and denominator of a share, the count of a median or a ratio, by name and label', () => {
    expect(published('children.hivTransmissionRate')).toMatchObject({
      numerator: { name: 'children.hivTransmissions', label: 'Of them confirmed HIV-positive: mother-to-child transmissions' },
      denominator: { name: 'children.finalHivStatus', label: def('children.finalHivStatus').label },
      unit: 'children',
      period: { rule: 'flow' },
    });
    expect(published('firstContact.medianDays')).toMatchObject({
      count: { name: 'firstContact.count', label: def('firstContact.count').label },
      samples: expect.any(String),
    });
    expect(published('caseload.perWorker')).toMatchObject({ count: { name: 'caseload.openCases' }, base: 'per social worker', period: { rule: 'stock' } });
  });

  it('list only the indicators of the programmes asked for', () => {
    const kz = definitionsOf(['abandonment-prevention']).map((d) => d.name);
    expect(kz).toContain('children.enteredCare0to3');
    expect(kz).toContain('firstContact.withinDeadlineShare');
    expect(kz).not.toContain('children.hivTransmissionRate');
    expect(definitionsOf([...Programme.options])).toHaveLength(INDICATORS.length);
  });

  it('state the suppression suppression.ts applies', () => {
    // For each indicator: every count at 10 but one count the definition says it depends on at 2 (or, for
    // a count, itself): is it hidden? Then the same with every count at 2: reference data still shows.
    const THRESHOLD = 5;
    const counts = INDICATORS.filter((d) => d.kind === 'count').map((d) => d.name);
    const hiddenIn = (values: Record<string, number>) => suppressTable([{ id: 'r', values }], [], THRESHOLD)[0]!.hidden;
    const allAt = (n: number) => Object.fromEntries(counts.map((c) => [c, n]));
    const rowSummed = new Set(ROW_SUMS.flatMap((s) => [...s.parts, s.total]));
    for (const d of INDICATOR_DEFINITIONS) {
      const small = d.kind === 'count' ? [d.name] : d.suppression.dependsOn;
      if (d.suppression.rule === 'never') {
        expect({ name: d.name, small, hidden: hiddenIn(allAt(2)).includes(d.name) }).toEqual({ name: d.name, small: [], hidden: false });
        continue;
      }
      const byKind: Record<string, string> = { count: 'small-count', share: 'with-parts', median: 'with-count', ratio: 'with-count' };
      expect({ name: d.name, rule: d.suppression.rule }).toEqual({ name: d.name, rule: byKind[d.kind] });
      for (const part of small)
        expect({ name: d.name, part, hidden: hiddenIn({ ...allAt(10), [part]: 2 }).includes(d.name) }).toEqual({ name: d.name, part, hidden: true });
      if (d.kind !== 'count') expect({ name: d.name, shown: !hiddenIn(allAt(10)).includes(d.name) }).toEqual({ name: d.name, shown: true });
      // The risk levels add up to the families at risk: their definitions say so.
      if (rowSummed.has(d.name)) expect(d.suppression.text).toContain(ROW_SUMS[0]!.total);
    }
  });
});
