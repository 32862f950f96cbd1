import fc from 'fast-check';
import { badSegment, unknownId, type IdName } from './bad-ids';
import { malformedJson, wrongContentTypes } from './bad-payloads';
import { invalidBodies, type Fields } from './body-mutations';
import { attempt, rejectsEvery, type Attempt } from './property';
import { invalidQueries, type QueryFields } from './query-mutations';
import { jsonRequest, type RawRequest } from './send';
import type { Tally } from './tally';

/** A schema-valid request only the records or the workflow can refuse, and how. */
export interface Semantic {
  staff?: string;
  /** Path parameters other than the fixture's (another district's facility). */
  params?: Partial<Record<IdName, string>>;
  body?: unknown;
  /** Encoded, with its `?`. */
  query?: string;
  status: number[];
  paths?: string[];
  what: string;
}

/**
 * One row of a service's bad-input table: what a route takes, and who on the fixture `F` gets as far as
 * the check of it. The properties below turn a row into bad requests.
 */
export interface RouteRow<F> {
  /** Staff who may use the route on the fixture: their requests get as far as the input's check. */
  caller: (fx: F) => string;
  /** The route's path parameters and their valid values on the fixture. */
  params?: Partial<Record<IdName, (fx: F) => string>>;
  query?: QueryFields;
  /** Parameters every request carries (a required one), kept unless a bad query replaces them. */
  baseQuery?: ReadonlyArray<readonly [string, string]>;
  body?: {
    valid: (fx: F) => unknown;
    fields: Fields;
    /** The issue paths that name a field (a task's form is checked on its own: its issues leave out `form.`). */
    issuePaths?: (path: string) => string[];
  };
  /**
   * Staff of other districts sending a valid request: 403. `none` says why the route has nothing of another
   * district to name (it lists or changes only the caller's own).
   */
  outsiders: { staff: (fx: F) => string[]; query?: string } | { none: string };
  /** Ids of another district's objects for the path parameters: the caller gets 404 on them, as on missing ones. */
  foreign?: (fx: F) => Partial<Record<IdName, string>>;
  semantic?: (fx: F) => Semantic[];
  /** Multiplies the runs of the query property: a service with few routes can afford more per route. */
  effort?: number;
}

/** The running service the rows are tried against. */
export interface Service {
  base: string;
  /** Bad authorization headers for this API (see bad-tokens.ts). */
  badTokens: fc.Arbitrary<{ header: string | undefined; what: string }>;
  /** A caller's token, fetched from the identity provider before the properties run. */
  tokenFor(staffId: string): string;
}

/** One property of a route: its name, and what it sends. */
export interface RouteProperty<F> {
  name: string;
  run(tally: Tally, fx: F, service: Service): Promise<void>;
}

/** 'post /tasks/:taskId/claim' → 'post' and '/tasks/:taskId/claim'. */
const methodOf = (route: string): string => route.split(' ')[0]!;
const templateOf = (route: string): string => route.split(' ')[1]!;

/** The route's path with its parameters: valid ones from the fixture, or the one given. */
function pathOf<F>(route: string, row: RouteRow<F>, fx: F, replace: Partial<Record<IdName, string>> = {}): string {
  return templateOf(route).replace(/:(\w+)/g, (_, name: IdName) => replace[name] ?? row.params?.[name]?.(fx) ?? `:${name}`);
}

function request<F>(
  route: string,
  row: RouteRow<F>,
  fx: F,
  service: Service,
  opts: { staff?: string | null; path?: string; body?: unknown; rawBody?: string | Uint8Array; headers?: Record<string, string>; query?: string } = {},
): RawRequest {
  const staff = opts.staff === undefined ? row.caller(fx) : opts.staff;
  const target = `${opts.path ?? pathOf(route, row, fx)}${opts.query ?? ''}`;
  return jsonRequest(methodOf(route).toUpperCase(), service.base, target, {
    token: staff ? service.tokenFor(staff) : undefined,
    body: opts.body,
    rawBody: opts.rawBody,
    headers: opts.headers,
  });
}

/** Well-formed ids of each kind that name nothing: one in another kind's place is garbage there. */
const ALL_OTHER_IDS = ['case-0123456789abcdef0123', 'task-0123456789abcdef0123-1', 'conf-0123456789abcdef0123-1'];

/** The properties that apply to a row: each sends its bad requests and checks every answer. */
export function propertiesOf<F>(route: string, row: RouteRow<F>): Array<RouteProperty<F>> {
  const props: Array<RouteProperty<F>> = [];
  const method = methodOf(route);
  const params = Object.keys(row.params ?? {}) as IdName[];

  if (params.length > 0) {
    props.push({
      name: 'a garbage path parameter: 400 naming it',
      run: (tally, fx, service) =>
        rejectsEvery(
          tally,
          fc.oneof(
            ...params.map((name) =>
              badSegment(name, row.params![name]!(fx), ALL_OTHER_IDS)
                // A raw `..` before more of a GET's path is resolved away by the client: `GET /cases/../tasks` is the inbox, a valid request.
                .filter((s) => !(method === 'get' && /^(%2e%2e|\.\.)$/i.test(s.segment) && !route.endsWith(`:${name}`)))
                .map((s): Attempt => ({
                  route,
                  req: request(route, row, fx, service, { path: pathOf(route, row, fx, { [name]: s.segment }), body: row.body?.valid(fx) }),
                  expected: { status: s.status, paths: [name] },
                  what: s.what,
                })),
            ),
          ),
          { runs: 8, batch: 8 },
        ),
    });
    props.push({
      name: 'an id of the right shape that names nothing: 404',
      run: (tally, fx, service) =>
        rejectsEvery(
          tally,
          fc.oneof(
            ...params.map((name) =>
              unknownId(name).map((id): Attempt => ({
                route,
                req: request(route, row, fx, service, { path: pathOf(route, row, fx, { [name]: id }), body: row.body?.valid(fx) }),
                expected: { status: [404] },
                what: `unknown ${id}`,
              })),
            ),
          ),
          { runs: 2, batch: 6 },
        ),
    });
  }

  if (row.body) {
    const body = row.body;
    props.push({
      name: 'a body with any field wrong, missing or unknown: 400 naming it',
      run: (tally, fx, service) =>
        rejectsEvery(
          tally,
          invalidBodies(body.valid(fx), body.fields).map((b): Attempt => ({
            route,
            req: request(route, row, fx, service, { body: b.body }),
            expected: { status: [400, 413], paths: b.paths.flatMap((p) => body.issuePaths?.(p) ?? [p]) },
            what: b.what,
          })),
          { runs: 14, batch: 8 },
        ),
    });
    props.push({
      name: 'a valid body under a content type or encoding it does not read: 400 or 415',
      run: (tally, fx, service) =>
        rejectsEvery(
          tally,
          wrongContentTypes(body.valid(fx)).map((p): Attempt => ({
            route,
            req: request(route, row, fx, service, { rawBody: p.raw, headers: p.headers }),
            expected: { status: [400, 415] },
            what: p.what,
          })),
          { runs: 1, batch: 6 },
        ),
    });
  }

  if (method !== 'get') {
    props.push({
      name: 'malformed JSON: 400 (413 beyond 64 kB)',
      run: (tally, fx, service) =>
        rejectsEvery(
          tally,
          malformedJson(row.body?.valid(fx) ?? { reason: 'x' }, { onlyUnparsable: !row.body }).map((p): Attempt => ({
            route,
            req: request(route, row, fx, service, { rawBody: p.raw, headers: p.headers }),
            expected: { status: [400, 413] },
            what: p.what,
          })),
          { runs: 3, batch: 8 },
        ),
    });
  }

  if (row.query) {
    const query = row.query;
    props.push({
      name: 'a bad query: 400 naming the parameter (403 for a district not mine)',
      run: (tally, fx, service) =>
        rejectsEvery(
          tally,
          invalidQueries(query, row.baseQuery).map((q): Attempt => ({
            route,
            req: request(route, row, fx, service, { query: q.target }),
            expected: q.expected,
            what: q.what,
          })),
          {
            runs: 12 * (row.effort ?? 1),
            batch: 8,
          },
        ),
    });
  }

  const outsiders = row.outsiders;
  if ('staff' in outsiders) {
    props.push({
      // Refused by role (403), or a record of another district answering as a missing one (404); never done.
      name: 'a valid request of staff of another district or role: 403 or 404',
      run: async (tally, fx, service) => {
        const staff = outsiders.staff(fx);
        if (staff.length === 0) throw new Error(`no outsiders for ${route}`);
        for (const s of staff) {
          await attempt(tally, {
            route,
            req: request(route, row, fx, service, { staff: s, body: row.body?.valid(fx), query: outsiders.query }),
            expected: { status: row.params ? [403, 404] : [403] },
            what: `by ${s}`,
          });
        }
      },
    });
  }

  if (row.foreign) {
    const foreign = row.foreign;
    props.push({
      name: 'the caller on an object of another district: 404, as if it did not exist',
      run: (tally, fx, service) =>
        attempt(tally, {
          route,
          req: request(route, row, fx, service, { path: pathOf(route, row, fx, foreign(fx)), body: row.body?.valid(fx) }),
          expected: { status: [404] },
          what: `another district's ${JSON.stringify(foreign(fx))}`,
        }),
    });
  }

  props.push({
    name: 'a missing, forged, expired or malformed token: 401',
    run: (tally, fx, service) =>
      rejectsEvery(
        tally,
        service.badTokens.map(({ header, what }): Attempt => {
          const req = request(route, row, fx, service, { staff: null, body: row.body?.valid(fx) });
          if (header !== undefined) req.headers = { ...req.headers, authorization: header };
          return { route, req, expected: { status: [401, 431] }, what };
        }),
        // A route that takes nothing but the token gets more of them.
        { runs: row.params || row.body || row.query ? 2 : 6, batch: 8 },
      ),
  });

  if (row.semantic) {
    const semantic = row.semantic;
    props.push({
      name: 'a valid-looking request only the records or the workflow can refuse',
      run: async (tally, fx, service) => {
        for (const s of semantic(fx)) {
          const path = s.params ? pathOf(route, row, fx, s.params) : undefined;
          await attempt(tally, {
            route,
            req: request(route, row, fx, service, { staff: s.staff, path, body: s.body, query: s.query }),
            expected: { status: s.status, paths: s.paths },
            what: s.what,
          });
        }
      },
    });
  }
  return props;
}

/** Methods no route of the table has on its path: 404 with the error body (express's HTML page before). */
export function unknownMethods<F>(table: Record<string, RouteRow<F>>): Array<{ route: string; method: string }> {
  const taken = new Set(Object.keys(table));
  const out: Array<{ route: string; method: string }> = [];
  for (const route of Object.keys(table)) {
    const path = templateOf(route);
    for (const method of ['delete', 'patch', 'put', 'post']) if (!taken.has(`${method} ${path}`)) out.push({ route, method });
  }
  return out;
}

/** Sends one request with a method the path has no route for, by the route's caller. */
export function unknownMethodAttempt<F>(route: string, row: RouteRow<F>, method: string, fx: F, service: Service): Attempt {
  const req = request(route, row, fx, service, { body: { reason: 'x' } });
  return {
    route: 'no such route',
    req: { ...req, method: method.toUpperCase() },
    expected: { status: [404] },
    what: `${method.toUpperCase()} ${templateOf(route)}`,
  };
}
