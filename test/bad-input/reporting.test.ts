import fc from 'fast-check';
import { Programme } from '@continuum/domain';
import { indicatorRoutes } from '../../services/reporting/src/indicators.routes';
import { reportRoutes } from '../../services/reporting/src/reports.routes';
import { openTestSystem, type OpenTestSystem } from '../harness/system';
import { BAD_DATES, badCodeString, withControlChars } from './support/bad-values';
import { failedRequestLines, forgedLogLines } from './support/log-scan';
import { attempt } from './support/property';
import type { QueryFields } from './support/query-mutations';
import { routesOf, untried } from './support/route-coverage';
import { propertiesOf, unknownMethodAttempt, unknownMethods, type RouteRow, type Service } from './support/route-properties';
import { jsonRequest, send } from './support/send';
import { Tally } from './support/tally';
import { staffService } from './support/service';

/*
 * Bad input to the reporting API: bad queries (every parameter, unknown ones, repeated ones), bad tokens,
 * and the combinations only the handler can refuse. The API only reads, so nothing can be stored; what a
 * query naming other districts gets is their figures suppressed, never refused, and that is checked too.
 */

const SUP = 'sup-spb-north';
const notMatching = (pattern: RegExp, examples: string[]) =>
  fc.oneof(fc.constantFrom(...examples), fc.string({ maxLength: 30 }), withControlChars(), badCodeString()).filter((s) => !pattern.test(s));
const ID = '[a-z0-9][a-z0-9._:-]{0,63}';
const DISTRICT_LIST = new RegExp(`^${ID}(,${ID}){0,49}$`, 'i');
const QUARTER = /^(19|20)\d{2}-Q[1-4]$/;
const GROUP_BY = /^(district|programme|policyVersion)(,(district|programme|policyVersion)){0,2}$/;
const PERIOD: QueryFields = {
  quarter: { kind: 'pattern', bad: () => notMatching(QUARTER, ['2026-Q5', '2026-Q0', '1899-Q1', '2100-Q1', '2026Q4', '2026-q4', '26-Q1', '+2026-Q1']) },
  from: { kind: 'date' },
  to: { kind: 'date' },
};

const INDICATORS: RouteRow<null> = {
  caller: () => SUP,
  effort: 4,
  query: {
    // Well-formed but unknown districts are refused too (400), by the handler.
    district: {
      kind: 'pattern',
      bad: () =>
        fc.oneof(
          notMatching(DISTRICT_LIST, ['', ',', 'a,,b', 'a,', Array.from({ length: 51 }, (_, i) => `d${i}`).join(',')]),
          fc.constantFrom('atlantis', 'spb-nevsky,atlantis'),
        ),
    },
    city: { kind: 'text', max: 100 },
    programme: { kind: 'enum', options: Programme.options },
    policyVersion: { kind: 'code' },
    ...PERIOD,
    groupBy: {
      kind: 'pattern',
      bad: () => notMatching(GROUP_BY, ['facility', 'district,,programme', 'district,programme,policyVersion,district', 'DISTRICT', 'district;programme']),
    },
    format: { kind: 'enum', options: ['json', 'csv'] },
  },
  outsiders: { none: 'other districts’ figures are answered suppressed, not refused: checked below' },
  semantic: () => [
    { query: '?quarter=2026-Q4&from=2026-10-01&to=2026-12-31', status: [400], paths: ['quarter'], what: 'a quarter and a range' },
    { query: '?from=2026-10-01', status: [400], paths: ['quarter'], what: 'from without to' },
    { query: '?from=2026-12-31&to=2026-10-01', status: [400], paths: ['quarter'], what: 'to before from' },
    { query: '?district=spb-nevsky&city=St.%20Petersburg', status: [400], paths: ['city'], what: 'a district and a city' },
    { query: '?city=Atlantis', status: [404], what: 'a city without districts' },
    { query: `?city=${encodeURIComponent(`x\n{"level":50}`)}`, status: [404], what: 'a log-injection city' },
    { staff: 'idd-nevsky-1', status: [403], what: 'a specialist' },
  ],
};

const QUARTERLY: RouteRow<null> = {
  caller: () => 'coord-city',
  effort: 4,
  query: { city: { kind: 'text', max: 100 }, ...PERIOD, format: { kind: 'enum', options: ['html', 'json'] } },
  baseQuery: [['city', 'St. Petersburg']],
  outsiders: { none: 'the city report is always suppressed; it names no district' },
  semantic: () => [
    { query: '', status: [400], paths: ['city'], what: 'no city' },
    { query: '?city=Atlantis', status: [404], what: 'a city without districts' },
    { query: '?city=St.%20Petersburg&quarter=2026-Q4&to=2026-12-31', status: [400], paths: ['quarter'], what: 'a quarter and a range' },
    { query: '?city=St.%20Petersburg', staff: 'doc-almaty-1', status: [403], what: 'a specialist' },
  ],
};

/** The reporting API's routes; the first test checks this is all of them. */
const ROUTES: Record<string, RouteRow<null>> = { 'get /indicators': INDICATORS, 'get /reports/quarterly': QUARTERLY };

let t: OpenTestSystem;
let service: Service;
let failedBefore = 0;
const tally = new Tally('reporting');
const startedAt = Date.now();

beforeAll(async () => {
  t = await openTestSystem();
  service = await staffService(t, 'reporting', t.system.reportingUrl);
  failedBefore = failedRequestLines(t.system.logDir);
});
afterAll(async () => {
  process.stderr.write(`${tally.summary(`${Object.keys(ROUTES).length} routes and the methods they lack`, startedAt)}\n`);
  await t.close();
});

it('the table covers every route reporting registers and documents', async () => {
  const { registered, served } = await routesOf([indicatorRoutes(null as never, 0), reportRoutes(null as never, 0)], t.system.reportingUrl);
  expect(Object.keys(ROUTES).sort()).toEqual(registered);
  expect(served).toEqual(registered);
});

describe.each(Object.entries(ROUTES))('%s', (route, row) => {
  it.each(propertiesOf(route, row))('$name', (property) => property.run(tally, null, service));
});

it('answers 404 with the error body for a method a path has no route for', async () => {
  for (const { route, method } of unknownMethods(ROUTES)) await attempt(tally, unknownMethodAttempt(route, ROUTES[route]!, method, null, service));
});

it('answers a query naming other districts with their figures suppressed, never unsuppressed', async () => {
  for (const [staff, districts] of [
    [SUP, 'kz-almaty-bostandyk'],
    [SUP, 'spb-nevsky,kz-almaty-bostandyk'],
    ['sw-almaty-1', 'spb-nevsky'],
    ['coord-city', 'spb-nevsky'],
  ] as const) {
    const answer = await send(jsonRequest('GET', t.system.reportingUrl, `/indicators?district=${districts}`, { token: service.tokenFor(staff) }));
    tally.count('get /indicators', answer.status);
    expect([staff, districts, answer.status, answer.body.suppression?.applied]).toEqual([staff, districts, 200, true]);
  }
});

// The dates BAD_DATES holds are refused by the period parameters too (a sanity check of the list's use).
it('refuses every listed bad date as from or to', async () => {
  for (const date of BAD_DATES) {
    for (const name of ['from', 'to']) {
      const other = name === 'from' ? 'to=2026-12-31' : 'from=2026-10-01';
      await attempt(tally, {
        route: 'get /indicators',
        req: jsonRequest('GET', t.system.reportingUrl, `/indicators?${name}=${encodeURIComponent(date)}&${other}`, { token: service.tokenFor(SUP) }),
        expected: { status: [400], paths: [name] },
        what: `${name}=${date}`,
      });
    }
  }
});

it('tried every route, logged no failed request and no forged line', () => {
  expect(untried(ROUTES, tally, 100)).toEqual([]);
  expect(failedRequestLines(t.system.logDir)).toBe(failedBefore);
  expect(forgedLogLines(t.system.logDir)).toEqual([]);
});
