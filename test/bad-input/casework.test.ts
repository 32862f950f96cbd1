import { caseworkRoutersForListing } from '../../services/casework/src/routers';
import { openTestSystem, type OpenTestSystem } from '../harness/system';
import { caseworkFixture, type CaseworkFixture } from './support/casework-fixture';
import { CASEWORK_ROUTES } from './support/casework-routes';
import { failedRequestLines, forgedLogLines } from './support/log-scan';
import { attempt } from './support/property';
import { routesOf, untried } from './support/route-coverage';
import { propertiesOf, unknownMethodAttempt, unknownMethods, type Service } from './support/route-properties';
import { Tally } from './support/tally';
import { staffService } from './support/service';

/*
 * Bad input to every route of the casework API, aimed at a real case, task and conference of spb-nevsky
 * (the fixture) by staff who may use them, so each request gets as far as the check of its input: garbage
 * and unknown ids, bodies with any field wrong or unknown (every request schema is strict: unknown fields
 * are refused, never dropped), malformed JSON, wrong content types, bad queries, bad tokens, and staff of
 * other districts. Every answer is a 4xx naming the reason, and the fixture is as it was: its case, tasks,
 * history, audit, conference, claims, channels, and its workflows' histories.
 */

let t: OpenTestSystem;
let fx: CaseworkFixture;
let service: Service;
let atRest: Awaited<ReturnType<CaseworkFixture['snapshot']>>;
let failedBefore = 0;
const tally = new Tally('casework');
const startedAt = Date.now();

beforeAll(async () => {
  t = await openTestSystem();
  service = await staffService(t, 'casework', t.system.caseworkUrl);
  fx = await caseworkFixture(t);
  atRest = await fx.settled();
  failedBefore = failedRequestLines(t.system.logDir);
}, 120_000);
afterAll(async () => {
  process.stderr.write(`${tally.summary(`${Object.keys(CASEWORK_ROUTES).length} routes and the methods they lack`, startedAt)}\n`);
  await t.close();
});

it('the table covers every route casework registers and documents', async () => {
  const routers = [...caseworkRoutersForListing()];
  const { registered, served } = await routesOf(routers, t.system.caseworkUrl);
  expect(Object.keys(CASEWORK_ROUTES).sort()).toEqual(registered);
  expect(served).toEqual(registered);
  expect(registered).toHaveLength(33);
});

describe.each(Object.entries(CASEWORK_ROUTES))('%s', (route, row) => {
  it.each(propertiesOf(route, row))('$name', (property) => property.run(tally, fx, service));
});

it('answers 404 with the error body for a method a path has no route for', async () => {
  for (const { route, method } of unknownMethods(CASEWORK_ROUTES))
    await attempt(tally, unknownMethodAttempt(route, CASEWORK_ROUTES[route]!, method, fx, service));
});

it('changed nothing: the case, its tasks, history, audit, conference, claims, channels and workflow histories', async () => {
  expect(await fx.snapshot()).toEqual(atRest);
});

it('tried every route, logged no failed request and no forged line', () => {
  expect(untried(CASEWORK_ROUTES, tally, 20)).toEqual([]);
  expect(tally.total).toBeGreaterThan(2000);
  expect(failedRequestLines(t.system.logDir)).toBe(failedBefore);
  expect(forgedLogLines(t.system.logDir)).toEqual([]);
});
