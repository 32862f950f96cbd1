import fc from 'fast-check';
import { API_AUDIENCES } from '@continuum/config';
import { Programme } from '@continuum/domain';
import { referralRoutes } from '../../services/intake/src/referrals.routes';
import { hivReferral } from '../harness/referrals';
import { openTestSystem, type OpenTestSystem } from '../harness/system';
import { badSegment, unknownId } from './support/bad-ids';
import { badAuthorization, tokenForge } from './support/bad-tokens';
import { malformedJson, wrongContentTypes } from './support/bad-payloads';
import { invalidBodies, type Fields } from './support/body-mutations';
import { failedRequestLines, forgedLogLines } from './support/log-scan';
import { attempt, rejectsEvery, type Attempt } from './support/property';
import { routesOf, untried } from './support/route-coverage';
import { jsonRequest } from './support/send';
import { Tally } from './support/tally';

/*
 * Bad input to the intake API, which medical facilities' systems call with a client-credentials token: every
 * referral it refuses is refused with a 4xx naming the fields, and leaves no referral stored and no
 * referral.received published. Unknown fields are refused, not dropped: every request schema is strict (a
 * `facilityId` in the body too: the facility is the token's). A district the facility does not refer into
 * is refused (403), as is every bad token (401).
 */

/** The intake API's routes and the bad inputs each gets; the first test checks this is all of them. */
const ROUTES = {
  'post /referrals': 'invalid referrals (every field), malformed JSON, wrong content types, districts not served, bad tokens',
  'get /referrals/:caseId': "garbage and unknown case ids, another facility's referral, bad tokens",
} as const;

const text = (max: number) => ({ kind: 'text', max, min: 1 }) as const;
const REFERRAL: Fields = {
  referralId: { kind: 'code', required: true },
  district: { kind: 'code', required: true },
  programme: { kind: 'enum', options: Programme.options, required: true },
  referredAt: { kind: 'instant', required: true },
  urgent: { kind: 'bool' },
  riskFactors: { kind: 'array', max: 30, of: { kind: 'code' } },
  mother: {
    kind: 'object',
    required: true,
    fields: {
      fullName: { ...text(200), required: true },
      birthDate: { kind: 'date', required: true },
      phone: text(40),
      address: text(400),
      hivStatus: { kind: 'enum', options: ['positive', 'negative', 'unknown'] },
    },
  },
  household: {
    kind: 'array',
    max: 15,
    of: {
      kind: 'object',
      fields: {
        relation: { kind: 'enum', options: ['partner', 'father', 'grandparent', 'sibling', 'other-relative', 'other'], required: true },
        fullName: text(200),
        birthDate: { kind: 'date' },
      },
    },
  },
  children: {
    kind: 'array',
    max: 15,
    of: {
      kind: 'object',
      fields: { fullName: text(200), birthDate: { kind: 'date' }, sex: { kind: 'enum', options: ['female', 'male'] }, hivExposed: { kind: 'bool' } },
    },
  },
  // Optional in the schema, but the HIV programme requires it.
  consent: {
    kind: 'object',
    required: true,
    fields: {
      granted: { kind: 'bool', required: true },
      scope: { kind: 'array', min: 1, max: 4, of: { kind: 'enum', options: ['social-service', 'psychologist', 'ngo-partner', 'case-conference'] } },
      signedOn: { kind: 'date', required: true },
      signedBy: { kind: 'enum', options: ['mother', 'legal-guardian'], required: true },
    },
  },
  notes: text(2000),
};

/** A referral with every optional field filled, so each can be made wrong. */
const fullReferral = () =>
  withoutFacility({
    urgent: false,
    riskFactors: ['single-mother'],
    mother: { fullName: 'Test Mother', birthDate: '1998-05-01', phone: '+7 900 000-00-00', address: 'Nevsky pr. 1', hivStatus: 'positive' },
    children: [{ fullName: 'Test Child', birthDate: '2026-11-18', sex: 'female', hivExposed: true }],
    household: [{ relation: 'grandparent', fullName: 'Test Grandmother', birthDate: '1970-03-02' }],
    notes: 'calls back in the evening',
  });
/** A referral body as sent: the facility is the token's. */
function withoutFacility(overrides: Parameters<typeof hivReferral>[0] = {}) {
  const { facilityId: _facility, ...body } = hivReferral(overrides);
  return body;
}

let t: OpenTestSystem;
/** The token of the facility every attempt is sent as (spb-maternity-16), and bad ones. */
let token: string;
let badTokens: Awaited<ReturnType<typeof badAuthorization>>;
const tally = new Tally('intake');
const startedAt = Date.now();
/** Every referral id a bad referral would have been stored under. */
const wouldBeReferrals = new Set<string>();
let before: Awaited<ReturnType<typeof stored>>;
let failedBefore = 0;

async function stored() {
  const jsm = await t.nats.jetstreamManager();
  const info = await jsm.streams.info('REFERRALS', { subjects_filter: 'referral.received' });
  return { referrals: await t.store.referrals.countDocuments(), received: info.state.subjects?.['referral.received'] ?? 0 };
}

/** A POST /referrals attempt; the case id it names, if any, is remembered for the check that none was stored. */
function referralAttempt(
  body: { raw?: string | Uint8Array; json?: unknown; headers?: Record<string, string> },
  expected: Attempt['expected'],
  what: string,
  as = token,
): Attempt {
  const b = (body.json ?? {}) as { referralId?: unknown };
  if (typeof b.referralId === 'string') wouldBeReferrals.add(b.referralId);
  return {
    route: 'post /referrals',
    req: jsonRequest('POST', t.system.intakeUrl, '/referrals', { token: as, body: body.json, rawBody: body.raw, headers: body.headers }),
    expected,
    what,
  };
}
const statusAttempt = (path: string, expected: Attempt['expected'], what: string, as = token): Attempt => ({
  route: 'get /referrals/:caseId',
  req: jsonRequest('GET', t.system.intakeUrl, path, { token: as }),
  expected,
  what,
});
/** Sends the request with another authorization header (none for undefined). */
const withAuthorization = (a: Attempt, header: string | undefined): Attempt => {
  const headers = { ...a.req.headers };
  delete headers.authorization;
  return { ...a, req: { ...a.req, headers: header === undefined ? headers : { ...headers, authorization: header } } };
};

beforeAll(async () => {
  t = await openTestSystem();
  token = await t.facilityToken('spb-maternity-16');
  badTokens = await badAuthorization(tokenForge(t.system, API_AUDIENCES.intake, 'facility'));
  before = await stored();
  failedBefore = failedRequestLines(t.system.logDir);
});
afterAll(async () => {
  process.stderr.write(`${tally.summary(`${Object.keys(ROUTES).length} routes`, startedAt)}\n`);
  await t.close();
});

it('the table covers every route intake registers and documents', async () => {
  const { registered, served } = await routesOf([referralRoutes(null as never, null as never, null as never, null as never)], t.system.intakeUrl);
  expect(Object.keys(ROUTES).sort()).toEqual(registered);
  expect(served).toEqual(registered);
});

describe('POST /referrals', () => {
  it('refuses a referral with any field wrong, missing or unknown: 400 naming it', async () => {
    const valid = fullReferral();
    // Each bad referral under a referral id of its own (where the break is elsewhere), so that none stored is seen.
    let n = 0;
    const ownId = (body: unknown) =>
      body && typeof body === 'object' && (body as { referralId?: unknown }).referralId === valid.referralId
        ? { ...body, referralId: `${valid.referralId}-${n++}` }
        : body;
    const bad = invalidBodies(valid, REFERRAL).map((b) => referralAttempt({ json: ownId(b.body) }, { status: [400, 413], paths: b.paths }, b.what));
    await rejectsEvery(tally, bad, { runs: 80, batch: 8 });
  });

  it('refuses malformed JSON (400) and bodies beyond 64 kB (413)', async () => {
    const bad = malformedJson(fullReferral()).map((p) => referralAttempt({ raw: p.raw, headers: p.headers }, { status: [400, 413] }, p.what));
    await rejectsEvery(tally, bad, { runs: 15, batch: 8 });
  });

  it('refuses a valid referral under a content type or encoding it does not read (400, 415)', async () => {
    const valid = fullReferral();
    const bad = wrongContentTypes(valid).map((p) => referralAttempt({ raw: p.raw, headers: p.headers, json: valid }, { status: [400, 415] }, p.what));
    await rejectsEvery(tally, bad, { runs: 6, batch: 6 });
  });

  it('refuses what only the records can tell is wrong: a facility id in the body, HIV status without consent', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...withoutFacility(), facilityId: 'spb-maternity-16' }, '(root)'],
      [withoutFacility({ consent: undefined }), 'consent'],
      [withoutFacility({ consent: { granted: false, scope: ['social-service'], signedOn: '2026-11-19', signedBy: 'mother' } }), 'mother.hivStatus'],
    ];
    for (const [body, field] of cases) await attempt(tally, referralAttempt({ json: body }, { status: [400], paths: [field] }, `wrong ${field}`));
  });

  it('refuses a district the facility does not refer into, known or not: 403', async () => {
    const clinic = await t.facilityToken('spb-womens-clinic-7'); // refers into spb-vyborgsky only
    for (const [body, as, what] of [
      [withoutFacility({ district: 'atlantis' }), token, 'an unknown district'],
      [withoutFacility({ district: 'kz-almaty-bostandyk' }), token, "another city's district"],
      [withoutFacility({ district: 'spb-nevsky' }), clinic, "a district beside the clinic's own"],
    ] as const) {
      await attempt(tally, referralAttempt({ json: body }, { status: [403] }, what, as));
    }
  });

  it('refuses a missing, forged, expired or malformed token, and a staff token: 401', async () => {
    const valid = withoutFacility();
    await rejectsEvery(
      tally,
      badTokens.map(({ header, what }) => withAuthorization(referralAttempt({ json: valid }, { status: [401, 431] }, what), header)),
      { runs: 40, batch: 8 },
    );
  });

  it('stored no referral and published no referral.received for any of them', async () => {
    expect(tally.of('post /referrals')).toBeGreaterThanOrEqual(400);
    expect(wouldBeReferrals.size).toBeGreaterThan(10);
    expect(await t.store.referrals.countDocuments({ referralId: { $in: [...wouldBeReferrals] } })).toBe(0);
    expect(await stored()).toEqual(before);
  });
});

describe('GET /referrals/{caseId}', () => {
  it('answers 400 naming caseId for a garbage id, 404 for an unknown one', async () => {
    const otherIds = ['task-0123456789abcdef0123-1', 'conf-0123456789abcdef0123-1', 'spb-maternity-16'];
    const garbage = badSegment('caseId', 'case-0123456789abcdef0123', otherIds).map((s) =>
      statusAttempt(`/referrals/${s.segment}`, { status: s.status, paths: ['caseId'] }, s.what),
    );
    const unknown = unknownId('caseId').map((id) => statusAttempt(`/referrals/${id}`, { status: [404] }, `unknown ${id}`));
    await rejectsEvery(tally, fc.oneof({ weight: 4, arbitrary: garbage }, { weight: 1, arbitrary: unknown }), { runs: 25, batch: 8 });
  });

  it("answers another facility's referral as it answers a missing one (404), and a bad token 401", async () => {
    const sent = await t.postReferral(hivReferral());
    expect(sent.status).toBe(202);
    const path = `/referrals/${sent.body.caseId}`;
    await attempt(tally, statusAttempt(path, { status: [404] }, "another facility's referral", await t.facilityToken('spb-aids-center')));
    expect((await t.referralStatus(sent.body.caseId)).status).toBe(200);
    await rejectsEvery(
      tally,
      badTokens.map(({ header, what }) => withAuthorization(statusAttempt(path, { status: [401, 431] }, what), header)),
      { runs: 30, batch: 8 },
    );
    before = await stored(); // the one referral sent here on purpose
  });
});

it('tried every route, logged no failed request and no forged line', () => {
  expect(untried(ROUTES, tally, 50)).toEqual([]);
  expect(failedRequestLines(t.system.logDir)).toBe(failedBefore);
  expect(forgedLogLines(t.system.logDir)).toEqual([]);
});
