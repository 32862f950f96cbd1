import { documentedRoutes, listedRoutes, registeredRoutes } from '@continuum/http';
import { buildReportingOpenApi, IndicatorList, REPORTING_API } from './api';
import { INDICATORS } from './catalogue';
import type { IndicatorDefinition } from './definitions';
import { indicatorRoutes } from './indicators.routes';
import { reportRoutes } from './reports.routes';

type Doc = {
  paths: Record<
    string,
    Record<
      string,
      {
        security?: unknown;
        responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }>;
        parameters?: Array<{ name: string }>;
      }
    >
  >;
} & Record<string, unknown>;

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
    expect(doc.paths['/indicators']!.get!.parameters!.map((p) => p.name).sort()).toEqual([
      'city',
      'district',
      'format',
      'from',
      'groupBy',
      'policyVersion',
      'programme',
      'quarter',
      'to',
    ]);
  });

  it('defines every indicator under x-indicators, and is plain JSON', () => {
    expect((doc['x-indicators'] as unknown[]).length).toBe(INDICATORS.length);
    expect(new Set(INDICATORS.map((i) => i.name)).size).toBe(INDICATORS.length);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('gives each indicator under x-indicators its programmes, unit, period rule, parts and suppression', () => {
    const list = doc['x-indicators'] as IndicatorDefinition[];
    expect(IndicatorList.parse(list)).toEqual(list);
    const byName = new Map(list.map((d) => [d.name, d]));
    const isCount = (ref: { name: string; label: string }) => byName.get(ref.name)?.kind === 'count' && byName.get(ref.name)?.label === ref.label;
    for (const d of list) {
      expect(d.programmes.length).toBeGreaterThan(0);
      expect(d.period.text).not.toBe('');
      expect(d.suppression.text).not.toBe('');
      if (d.kind === 'share') expect({ name: d.name, parts: [isCount(d.numerator), isCount(d.denominator)] }).toEqual({ name: d.name, parts: [true, true] });
      if (d.kind === 'median')
        expect({ name: d.name, count: isCount(d.count), samples: d.samples !== '' }).toEqual({ name: d.name, count: true, samples: true });
      if (d.kind === 'ratio')
        expect({ name: d.name, count: isCount(d.count), base: d.base }).toEqual({ name: d.name, count: true, base: expect.stringMatching(/^per /) });
    }
    expect(byName.get('covered.families')!.programmes).toEqual(['hiv-family-follow-up', 'abandonment-prevention', 'parent-in-treatment']);
    expect(byName.get('treatment.relapses')).toMatchObject({ kind: 'count', programmes: ['parent-in-treatment'] }); // the programme's own
    expect(byName.get('children.hivTransmissionRate')).toMatchObject({
      kind: 'share',
      numerator: { name: 'children.hivTransmissions' },
      denominator: { name: 'children.finalHivStatus' },
    });
  });

  it("documents the quarterly report's JSON, definitions included", () => {
    const schema = doc.paths['/reports/quarterly']!.get!.responses['200']!.content!['application/json']!.schema;
    expect(Object.keys(schema.properties!)).toEqual(expect.arrayContaining(['programmes', 'definitions', 'threshold']));
  });
});
