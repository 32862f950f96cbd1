import { Programme } from '@continuum/domain';
import { definitionsOf, type IndicatorDefinition } from './definitions';
import { indicatorValues } from './indicators';
import type { Period } from './period';
import { staffOfDistricts, type DistrictRef, type Tallies } from './report-data';
import { suppressTable, type SuppressedRow } from './suppression';

export interface ReportRow extends SuppressedRow {
  label: string;
  kind: 'district' | 'subtotal' | 'total';
  pilot?: boolean;
}

export interface QuarterlyReport {
  city: string;
  period: Period;
  generatedAt: Date;
  threshold: number;
  programmes: Array<{ programme: Programme; rows: ReportRow[] }>;
  /** The definitions of the indicators its programmes show, in the catalogue's order: its footnotes. */
  definitions: IndicatorDefinition[];
}

/**
 * The city's quarterly coordination report: for each programme with something counted in the city in
 * the period, one row per district, the pilot districts and the later ones as subtotals, and the city. It
 * leaves the districts (the city's health and social departments meet over it), so it is always suppressed:
 * the subtotals and the city total are published sums, and complementary suppression keeps every hidden
 * cell hidden.
 */
export function quarterlyReport(tallies: Tallies, districts: readonly DistrictRef[], period: Period, now: Date, threshold: number): QuarterlyReport {
  const byId = new Map(districts.map((d) => [d.id, d]));
  const pilot = districts.filter((d) => d.pilot);
  const later = districts.filter((d) => !d.pilot);
  const subtotals = pilot.length > 0 && later.length > 0;

  // The programmes with something counted in the city in the period (a case open in it counts).
  const counted = tallies.of((p) => (byId.has(p.district) ? p.programme : undefined));
  const programmes = Programme.options.filter((p) => counted.has(p));
  return {
    city: districts[0]?.city ?? '',
    period,
    generatedAt: now,
    threshold,
    programmes: programmes.map((programme) => {
      const of = (rowOf: (district: DistrictRef) => string) =>
        tallies.of((p) => {
          const d = byId.get(p.district);
          return d && p.programme === programme ? rowOf(d) : undefined;
        });
      const perDistrict = of((d) => d.id);
      const perGroup = of((d) => (d.pilot ? 'pilot' : 'later'));
      const city = of(() => 'city');

      const rows: Array<Omit<ReportRow, 'hidden'>> = [
        ...districts.map((d) => ({
          id: d.id,
          label: d.name,
          kind: 'district' as const,
          pilot: d.pilot,
          values: indicatorValues(perDistrict.get(d.id), staffOfDistricts([d])),
        })),
        ...(subtotals
          ? [
              { id: 'pilot', label: 'Pilot districts', kind: 'subtotal' as const, values: indicatorValues(perGroup.get('pilot'), staffOfDistricts(pilot)) },
              { id: 'later', label: 'Later districts', kind: 'subtotal' as const, values: indicatorValues(perGroup.get('later'), staffOfDistricts(later)) },
            ]
          : []),
        { id: 'city', label: 'City', kind: 'total' as const, values: indicatorValues(city.get('city'), staffOfDistricts(districts)) },
      ];
      const sums = [
        { parts: districts.map((d) => d.id), total: 'city' },
        ...(subtotals
          ? [
              { parts: pilot.map((d) => d.id), total: 'pilot' },
              { parts: later.map((d) => d.id), total: 'later' },
              { parts: ['pilot', 'later'], total: 'city' },
            ]
          : []),
      ];
      const suppressed = suppressTable(rows, sums, threshold);
      return { programme, rows: rows.map((r, i) => ({ ...r, values: suppressed[i]!.values, hidden: suppressed[i]!.hidden })) };
    }),
    definitions: definitionsOf(programmes),
  };
}
