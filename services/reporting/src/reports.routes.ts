import { Router } from 'express';
import { z } from 'zod';
import { DomainError, Programme } from '@continuum/domain';
import { parseOr400, staffOf } from '@continuum/http';
import type { Store } from '@continuum/store';
import { requireReader } from './access';
import { IndicatorDefinition } from './definitions';
import { PeriodQuery, periodOf } from './period';
import { quarterlyReport } from './quarterly-report';
import { loadDistricts, loadTallies } from './report-data';
import { renderQuarterlyReport } from './report-html';

export const QuarterlyReportQuery = z.strictObject({
  city: z.string().trim().min(1).max(100).describe("the city whose districts the report compares, e.g. 'St. Petersburg'"),
  ...PeriodQuery,
  format: z.enum(['html', 'json']).default('html').describe('the page for the meeting, or its numbers'),
});

const Values = z.record(z.string(), z.number().nullable()).describe('indicator → value; null when not applicable or hidden');
/** The report as JSON (format=json): a QuarterlyReport, dates as ISO strings. */
export const QuarterlyReportAnswer = z.object({
  city: z.string(),
  period: z.object({ from: z.string(), to: z.string().describe('excluded'), label: z.string() }),
  generatedAt: z.string(),
  threshold: z.number().int().describe('counts below it are suppressed'),
  programmes: z.array(
    z.object({
      programme: Programme,
      rows: z.array(
        z.object({
          id: z.string(),
          label: z.string(),
          kind: z.enum(['district', 'subtotal', 'total']),
          pilot: z.boolean().optional(),
          values: Values,
          hidden: z.array(z.string()).describe('the indicators suppressed in this row'),
        }),
      ),
    }),
  ),
  definitions: z.array(IndicatorDefinition).describe('the definitions of the indicators the report shows'),
});

/** The page has no script and no external asset: the browser may load nothing but its inline styles. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** GET /reports/quarterly: the city's quarterly coordination report, always suppressed (it leaves the districts). */
export function reportRoutes(store: Store, threshold: number): Router {
  const router = Router();

  router.get('/reports/quarterly', async (req, res) => {
    requireReader(staffOf(req));
    const q = parseOr400(QuarterlyReportQuery, req.query, 'query');
    const period = periodOf(q);
    if ('error' in period) throw new DomainError('INVALID', 'invalid query', [{ path: 'quarter', message: period.error }]);
    const districts = await loadDistricts(store, { city: q.city });
    if (districts.length === 0) throw new DomainError('NOT_FOUND', 'no districts in that city');
    const now = new Date();
    const report = quarterlyReport(
      await loadTallies(
        store,
        districts.map((d) => d.id),
        period,
        now,
      ),
      districts,
      period,
      now,
      threshold,
    );
    if (q.format === 'json') {
      res.json(report);
      return;
    }
    res.set('content-security-policy', CSP).type('html').send(renderQuarterlyReport(report));
  });

  return router;
}
