import { z } from 'zod';
import { buildOpenApi, type ApiRoute } from '@continuum/http';
import { INDICATOR_DEFINITIONS, IndicatorDefinition } from './definitions';
import { IndicatorsAnswer, IndicatorsQuery } from './indicators.routes';
import { QuarterlyReportAnswer, QuarterlyReportQuery } from './reports.routes';

/** Every route of the reporting routers; api.test.ts checks the two lists match. */
export const REPORTING_API: ApiRoute[] = [
  {
    method: 'get',
    path: '/indicators',
    summary: 'The programmes’ indicators by district, programme and policy version, for a quarter or a date range',
    description:
      'Counted from the projections of the case events. A thing counts where the case was (district, policy version) when it happened. ' +
      'The staff of a district see its figures as they are; a coordinator, or a query covering any district not the caller’s, gets them ' +
      'suppressed: counts below the threshold are hidden, and so is any cell a published total would give away (`hidden` lists them). ' +
      '`format=csv` answers the same table as CSV (hidden cells read `suppressed`). Each indicator is defined under `x-indicators`: ' +
      'its programmes, unit, numerator and denominator (a share), samples (a median) or base (a ratio), period rule and suppression.',
    tags: ['indicators'],
    auth: true,
    query: IndicatorsQuery,
    responses: { 200: { description: 'The indicator rows and their total', schema: IndicatorsAnswer }, 404: { description: 'No districts in that city' } },
  },
  {
    method: 'get',
    path: '/reports/quarterly',
    summary: "The city's quarterly coordination report (HTML, or its numbers as JSON)",
    description:
      'For the meeting of the city’s health and social departments: each programme’s indicators by district, the pilot districts against the later ones, ' +
      'tables and bar charts, and the definitions of the indicators it shows (as under `x-indicators`). Always suppressed: it leaves the districts.',
    tags: ['reports'],
    auth: true,
    query: QuarterlyReportQuery,
    responses: {
      200: { description: 'An HTML page (text/html), or with format=json its numbers and definitions', schema: QuarterlyReportAnswer },
      404: { description: 'No districts in that city' },
    },
  },
];

/** `x-indicators`: every indicator's definition, from the catalogue (see definitions.ts). */
export const IndicatorList = z.array(IndicatorDefinition);

/** The reporting service's OpenAPI document, served at GET /openapi.json; the indicators' definitions under `x-indicators`. */
export function buildReportingOpenApi(): Record<string, unknown> {
  const doc = buildOpenApi(
    {
      title: 'Continuum reporting API',
      version: '0.1.0',
      description: 'Indicators of the two programmes and the quarterly coordination report, counted from the case events. Every route takes a bearer JWT.',
    },
    REPORTING_API,
  );
  return { ...doc, 'x-indicators': IndicatorList.parse(INDICATOR_DEFINITIONS) };
}
