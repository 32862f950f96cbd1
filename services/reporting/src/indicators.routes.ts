import { Router } from 'express';
import { z } from 'zod';
import { Code, DomainError, Programme } from '@continuum/domain';
import { parseOr400, staffOf, toCsv } from '@continuum/http';
import type { Store } from '@continuum/store';
import { leavesTheDistrict, requireReader } from './access';
import { INDICATOR_NAMES } from './catalogue';
import { DIMENSIONS, indicatorTable, type Dimension } from './indicator-table';
import { isWholeQuarter, PeriodQuery, periodOf, type Period } from './period';
import { loadDistricts, loadTallies, type DistrictRef } from './report-data';
import { suppressTable } from './suppression';

const ID = '[a-z0-9][a-z0-9._:-]{0,63}';
const DIM = `(${DIMENSIONS.join('|')})`;

export const IndicatorsQuery = z.strictObject({
  district: z
    .string()
    .regex(new RegExp(`^${ID}(,${ID}){0,49}$`, 'i'), 'must be district ids separated by commas')
    .optional()
    .describe('the districts, comma-separated (default: every district, or the city’s)'),
  city: z.string().trim().min(1).max(100).optional().describe("the city's districts (instead of `district`)"),
  programme: Programme.optional(),
  policyVersion: Code.optional().describe('only what happened while cases followed this policy version'),
  ...PeriodQuery,
  groupBy: z
    .string()
    .regex(new RegExp(`^${DIM}(,${DIM}){0,2}$`), `must be dimensions separated by commas: ${DIMENSIONS.join(', ')}`)
    .default('district,programme')
    .describe('the dimensions of the rows'),
  format: z.enum(['json', 'csv']).default('json'),
});

const Values = z.record(z.string(), z.number().nullable()).describe('indicator → value; null when not applicable or hidden');
const Hidden = z.array(z.string()).describe('the indicators suppressed in this row');
export const IndicatorsAnswer = z.object({
  period: z.object({ from: z.string(), to: z.string().describe('excluded'), label: z.string() }),
  filters: z.object({ districts: z.array(z.string()), programme: z.string().nullable(), policyVersion: z.string().nullable() }),
  groupBy: z.array(z.enum(DIMENSIONS)),
  suppression: z.object({ applied: z.boolean(), threshold: z.number().int() }),
  rows: z.array(
    z.object({
      district: z.string().optional(),
      programme: z.string().optional(),
      policyVersion: z.string().nullable().optional(),
      values: Values,
      hidden: Hidden,
    }),
  ),
  total: z.object({ values: Values, hidden: Hidden }),
});

/** GET /indicators: the indicators by district, programme and policy version for a quarter or a date range, as JSON or CSV. */
export function indicatorRoutes(store: Store, threshold: number): Router {
  const router = Router();

  router.get('/indicators', async (req, res) => {
    const staff = staffOf(req);
    requireReader(staff);
    const q = parseOr400(IndicatorsQuery, req.query, 'query');
    const period = periodOf(q);
    if ('error' in period) throw new DomainError('INVALID', 'invalid query', [{ path: 'quarter', message: period.error }]);
    if (q.district && q.city) throw new DomainError('INVALID', 'invalid query', [{ path: 'city', message: 'give district or city, not both' }]);
    const districts = await scope(store, q);
    const groupBy = [...new Set(q.groupBy.split(','))] as Dimension[];

    const now = new Date();
    const tallies = await loadTallies(
      store,
      districts.map((d) => d.id),
      period,
      now,
      q.programme,
    );
    const table = indicatorTable(tallies, { districts, programme: q.programme, policyVersion: q.policyVersion, groupBy });
    const suppress = leavesTheDistrict(
      staff,
      districts.map((d) => d.id),
    );
    // Outside her own districts, whole quarters only: two overlapping date ranges would difference a family out.
    if (suppress && !isWholeQuarter(period)) {
      throw new DomainError('INVALID', 'invalid query', [
        { path: 'from', message: 'outside your own districts, indicators are by whole quarters: use quarter' },
      ]);
    }
    const rows = [...table.rows, table.total];
    // Suppressed, the total is a published sum of the rows: a hidden row cannot be worked out from it.
    const shown = suppress
      ? suppressTable(rows, [{ parts: table.rows.map((r) => r.id), total: 'total' }], threshold)
      : rows.map((r) => ({ ...r, hidden: [] as string[] }));
    const total = shown.pop()!;

    if (q.format === 'csv') {
      const lines = shown.map((r, i) => [
        ...groupBy.map((d) => table.rows[i]!.key[d] ?? null),
        ...INDICATOR_NAMES.map((n) => (r.hidden.includes(n) ? 'suppressed' : (r.values[n] ?? null))),
      ]);
      lines.push([
        ...groupBy.map((_, i) => (i === 0 ? 'total' : null)),
        ...INDICATOR_NAMES.map((n) => (total.hidden.includes(n) ? 'suppressed' : (total.values[n] ?? null))),
      ]);
      res
        .type('text/csv; charset=utf-8')
        .attachment(`indicators-${fileLabel(period)}.csv`)
        .send(toCsv([...groupBy, ...INDICATOR_NAMES], lines));
      return;
    }
    res.json({
      period: { from: period.from.toISOString(), to: period.to.toISOString(), label: period.label },
      filters: { districts: districts.map((d) => d.id), programme: q.programme ?? null, policyVersion: q.policyVersion ?? null },
      groupBy,
      suppression: { applied: suppress, threshold },
      rows: shown.map((r, i) => ({ ...table.rows[i]!.key, values: r.values, hidden: r.hidden })),
      total: { values: total.values, hidden: total.hidden },
    });
  });

  return router;
}

/** The districts a query covers; an unknown district is a 400, a city without districts a 404. */
async function scope(store: Store, q: z.infer<typeof IndicatorsQuery>): Promise<DistrictRef[]> {
  if (q.district) {
    const ids = [...new Set(q.district.split(','))];
    const districts = await loadDistricts(store, { ids });
    const unknown = ids.filter((id) => !districts.some((d) => d.id === id));
    if (unknown.length) throw new DomainError('INVALID', 'invalid query', [{ path: 'district', message: `unknown district: ${unknown.join(', ')}` }]);
    return districts;
  }
  const districts = await loadDistricts(store, q.city ? { city: q.city } : {});
  if (q.city && districts.length === 0) throw new DomainError('NOT_FOUND', 'no districts in that city');
  return districts;
}

const fileLabel = (p: Period) => p.label.replace(/[^A-Za-z0-9.-]/g, '_');
