import type { CaseFacts } from './facts';
import { quarterPeriod } from './period';
import { quarterlyReport } from './quarterly-report';
import { foldedTallies, type DistrictRef } from './report-data';
import { esc, renderQuarterlyReport } from './report-html';
import { QuarterlyReportAnswer } from './reports.routes';
import { PROGRAMMES } from '@continuum/programmes';
import { INDICATORS } from './catalogue';

const d = (iso: string) => new Date(iso);
const district = (id: string, pilot: boolean, name = id): DistrictRef => ({ id, name, city: 'Testgrad', pilot, population: 10_000, socialWorkers: 1 });
const family = (id: string, districtId: string): CaseFacts => ({
  _id: id,
  programme: 'abandonment-prevention',
  districtsSeen: [districtId],
  districts: [{ at: d('2026-11-02T00:00:00Z'), district: districtId }],
  openedAt: d('2026-11-02T00:00:00Z'),
  riskLevelAtOpening: 'medium',
  riskFactors: ['poverty'],
  acceptedAt: d('2026-11-02T01:00:00Z'),
  familyMembers: 2,
  children: 1,
});

describe('the quarterly coordination report', () => {
  const districts = [district('kz-a', true, 'A <pilot> & co'), district('kz-b', true), district('kz-c', false)];
  // 2 families in A, 7 in B, 6 in C: the city has 15, the pilot districts 9.
  const facts = [
    ...[1, 2].map((i) => family(`a${i}`, 'kz-a')),
    ...[1, 2, 3, 4, 5, 6, 7].map((i) => family(`b${i}`, 'kz-b')),
    ...[1, 2, 3, 4, 5, 6].map((i) => family(`c${i}`, 'kz-c')),
  ];
  const report = quarterlyReport(
    foldedTallies(facts, quarterPeriod('2026-Q4'), d('2026-12-01T00:00:00Z')),
    districts,
    quarterPeriod('2026-Q4'),
    d('2026-12-01T00:00:00Z'),
    5,
  );

  it('compares the districts, the pilot districts with the later ones, and the city, suppressed', () => {
    const [programme] = report.programmes;
    expect(report.programmes).toHaveLength(1);
    expect(programme!.rows.map((r) => r.id)).toEqual(['kz-a', 'kz-b', 'kz-c', 'pilot', 'later', 'city']);
    const families = Object.fromEntries(programme!.rows.map((r) => [r.id, r.values['atRisk.families']]));
    // A (2) is hidden; the pilot subtotal (9) would give it away with B, so B goes too; C, later and the city stay.
    expect(families).toEqual({ 'kz-a': null, 'kz-b': null, 'kz-c': 6, pilot: 9, later: 6, city: 15 });
    expect(programme!.rows.find((r) => r.id === 'kz-c')!.values['staff.socialWorkersPer10k']).toBe(1);
  });

  it.each(PROGRAMMES.map((p) => [p.id, p.reportCharts] as const))('%s: its charts are indicators its report shows', (id, charts) => {
    const shown: string[] = INDICATORS.filter((d) => (d.programmes as readonly string[]).includes(id)).map((d) => d.name);
    expect(charts.filter((name) => !shown.includes(name))).toEqual([]);
    expect(charts.length).toBeGreaterThan(0);
  });

  it('renders one page with tables and inline charts, no script, every name escaped', () => {
    const html = renderQuarterlyReport(report);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<table>');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|src=|href=/i);
    expect(html).toContain('A &lt;pilot&gt; &amp; co');
    expect(html).not.toContain('A <pilot>');
    expect(html).toContain('<td data-row="kz-a" data-indicator="atRisk.families" class="s" title="suppressed">s</td>');
    expect(html).toContain('<td data-row="city" data-indicator="atRisk.families" class="total">15</td>');
  });

  it('answers as JSON what its schema describes, with the definitions of the indicators it shows', () => {
    const json = JSON.parse(JSON.stringify(report));
    expect(QuarterlyReportAnswer.parse(json)).toEqual(json);
    const names = json.definitions.map((d: { name: string }) => d.name);
    expect(names).toContain('atRisk.families');
    expect(names).not.toContain('children.hivTransmissionRate'); // no St. Petersburg case in the city
  });

  it("ends with each shown indicator's definition: parts or base, period rule, suppression; its rows point to it", () => {
    const html = renderQuarterlyReport(report);
    const shown = [...new Set([...html.matchAll(/<td data-row="[^"]*" data-indicator="([^"]+)"/g)].map((m) => m[1]!))];
    const defined = [...html.matchAll(/<li data-indicator="([^"]+)">(.*?)<\/li>/g)].map((m) => ({ name: m[1]!, text: m[2]! }));
    expect(defined.map((d) => d.name).sort()).toEqual([...shown].sort());
    for (const d of report.definitions) {
      const li = defined.find((x) => x.name === d.name)!.text;
      const parts = d.kind === 'share' ? [d.numerator, d.denominator] : d.kind === 'median' || d.kind === 'ratio' ? [d.count] : [];
      const expected = [
        d.label,
        d.period.text,
        d.suppression.text,
        ...(d.note ? [d.note] : []),
        ...parts.flatMap((p) => [p.name, p.label]),
        ...(d.kind === 'ratio' ? [d.base] : []),
      ];
      for (const text of expected) expect({ name: d.name, has: li.includes(esc(text)) ? text : `missing: ${text}` }).toEqual({ name: d.name, has: text });
      // The label in the tables carries the definition's number.
      const n = report.definitions.indexOf(d) + 1;
      expect(html).toContain(`<th scope="row">${esc(d.label)} <sup>${n}</sup></th>`);
    }
    expect(html).toContain('the threshold is 5');
  });
});
