import { documentedRoutes, listedRoutes, registeredRoutes } from '@continuum/http';
import { buildReportingOpenApi, REPORTING_API } from './api';
import { INDICATORS } from './catalogue';
import { indicatorRoutes } from './indicators.routes';
import { reportRoutes } from './reports.routes';

type Doc = { paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown>; parameters?: Array<{ name: string }> }>> } & Record<string, unknown>;



describe('reporting OpenAPI document', () => {
  const doc = buildReportingOpenApi() as Doc;
  const routes = registeredRoutes(indicatorRoutes(null as never, 5), reportRoutes(null as never, 5));

  it('documents every route the routers register, and no other', () => {
    expect(routes).toEqual(['get /indicators', 'get /reports/quarterly']);
    expect(documentedRoutes(doc)).toEqual(routes);
    expect(listedRoutes(REPORTING_API)).toEqual(routes);
  });

  it('asks for a bearer token everywhere and lists the query parameters', () => {
    for (const ops of Object.values(doc.paths)) for (const op of Object.values(ops)) expect(op.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/indicators']!.get!.parameters!.map((p) => p.name).sort()).toEqual(['city', 'district', 'format', 'from', 'groupBy', 'policyVersion', 'programme', 'quarter', 'to']);
  });

  it('defines every indicator under x-indicators, and is plain JSON', () => {
    expect((doc['x-indicators'] as unknown[]).length).toBe(INDICATORS.length);
    expect(new Set(INDICATORS.map((i) => i.name)).size).toBe(INDICATORS.length);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
