import fc from 'fast-check';
import { Programme } from '@continuum/domain';
import { caseIdForReferral } from '../../services/intake/src/case-id';
import { referralRoutes } from '../../services/intake/src/referrals.routes';
import { hivReferral } from '../harness/referrals';
import { openTestSystem, type OpenTestSystem } from '../harness/system';
import { badSegment, unknownId } from './support/bad-ids';
import { malformedJson, wrongContentTypes } from './support/bad-payloads';
import { invalidBodies, type Fields } from './support/body-mutations';
import { failedRequestLines, forgedLogLines } from './support/log-scan';
import { attempt, rejectsEvery, type Attempt } from './support/property';
import { routesOf, untried } from './support/route-coverage';
import { jsonRequest } from './support/send';
import { Tally } from './support/tally';

/*
 * Bad input to the intake API, which medical facilities' systems call without a token: every referral it
 * refuses is refused with a 4xx naming the fields, and leaves no referral stored and no referral.received
 * published. Unknown fields are refused, not dropped: every request schema is strict. "Another district"
 * is no bad input here: a facility refers families of any district (the family's district is the one that
 * takes the case); an unknown facility or district is, and is refused.
 */

/** The intake API's routes and the bad inputs each gets; the first test checks this is all of them. */
const ROUTES = {
  'post /referrals': 'invalid referrals (every field), malformed JSON, wrong content types, unknown facility or district',
  'get /referrals/:caseId': 'garbage and unknown case ids',
} as const;

const text = (max: number) => ({ kind: 'text', max, min: 1 }) as const;
const REFERRAL: Fields = {
  referralId: { kind: 'code', required: true },
  facilityId: { kind: 'code', required: true },
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
  children: {
    kind: 'array',
    max: 15,
    of: { kind: 'object', fields: { fullName: text(200), birthDate: { kind: 'date' }, sex: { kind: 'enum', options: ['female', 'male'] }, hivExposed: { kind: 'bool' } } },
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
  hivReferral({
    urgent: false,
    riskFactors: ['single-mother'],
    mother: { fullName: 'Test Mother', birthDate: '1998-05-01', phone: '+7 900 000-00-00', address: 'Nevsky pr. 1', hivStatus: 'positive' },
    children: [{ fullName: 'Test Child', birthDate: '2026-11-18', sex: 'female', hivExposed: true }],
    notes: 'calls back in the evening',
  });

let t: OpenTestSystem;
const tally = new Tally('intake');
const startedAt = Date.now();
/** Every case id a bad referral would have been stored under. */
const wouldBeCases = new Set<string>();
let before: Awaited<ReturnType<typeof stored>>;
let failedBefore = 0;

async function stored() {
  const jsm = await t.nats.jetstreamManager();
  const info = await jsm.streams.info('REFERRALS', { subjects_filter: 'referral.received' });
  return { referrals: await t.store.referrals.countDocuments(), received: info.state.subjects?.['referral.received'] ?? 0 };
}

/** A POST /referrals attempt; the case id it names, if any, is remembered for the check that none was stored. */
function referralAttempt(body: { raw?: string | Uint8Array; json?: unknown; headers?: Record<string, string> }, expected: Attempt['expected'], what: string): Attempt {
  const b = (body.json ?? {}) as { facilityId?: unknown; referralId?: unknown };
  if (typeof b.facilityId === 'string' && typeof b.referralId === 'string') wouldBeCases.add(caseIdForReferral(b.facilityId, b.referralId));
  return { route: 'post /referrals', req: jsonRequest('POST', t.system.intakeUrl, '/referrals', { body: body.json, rawBody: body.raw, headers: body.headers }), expected, what };
}

beforeAll(async () => {
  t = await openTestSystem();
  before = await stored();
  failedBefore = failedRequestLines(t.system.logDir);
});
afterAll(async () => {
  process.stderr.write(`${tally.summary(`${Object.keys(ROUTES).length} routes`, startedAt)}\n`);
  await t.close();
});

it('the table covers every route intake registers and documents', async () => {
  const { registered, served } = await routesOf([referralRoutes(null as never, null as never)], t.system.intakeUrl);
  expect(Object.keys(ROUTES).sort()).toEqual(registered);
  expect(served).toEqual(registered);
});

describe('POST /referrals', () => {
  it('refuses a referral with any field wrong, missing or unknown: 400 naming it', async () => {
    const valid = fullReferral();
    const bad = invalidBodies(valid, REFERRAL).map((b) => referralAttempt({ json: b.body }, { status: [400, 413], paths: b.paths }, b.what));
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

  it('refuses what only the records can tell is wrong: an unknown facility or district, HIV status without consent', async () => {
    const cases: Array<[unknown, string]> = [
      [hivReferral({ facilityId: 'bad-input-nowhere-1' }), 'facilityId'],
      [hivReferral({ district: 'atlantis' }), 'district'],
      [hivReferral({ district: 'kz-nowhere' }), 'district'],
      [hivReferral({ consent: undefined }), 'consent'],
      [hivReferral({ consent: { granted: false, scope: ['social-service'], signedOn: '2026-11-19', signedBy: 'mother' } }), 'mother.hivStatus'],
    ];
    for (const [body, field] of cases) await attempt(tally, referralAttempt({ json: body }, { status: [400], paths: [field] }, `wrong ${field}`));
  });

  it('stored no referral and published no referral.received for any of them', async () => {
    expect(tally.of('post /referrals')).toBeGreaterThanOrEqual(400);
    expect(wouldBeCases.size).toBeGreaterThan(10);
    expect(await t.store.referrals.countDocuments({ _id: { $in: [...wouldBeCases] } })).toBe(0);
    expect(await stored()).toEqual(before);
  });
});

describe('GET /referrals/{caseId}', () => {
  it('answers 400 naming caseId for a garbage id, 404 for an unknown one', async () => {
    const otherIds = ['task-0123456789abcdef0123-1', 'conf-0123456789abcdef0123-1', 'spb-maternity-16'];
    const garbage = badSegment('caseId', 'case-0123456789abcdef0123', otherIds).map(
      (s): Attempt => ({ route: 'get /referrals/:caseId', req: jsonRequest('GET', t.system.intakeUrl, `/referrals/${s.segment}`), expected: { status: s.status, paths: ['caseId'] }, what: s.what }),
    );
    const unknown = unknownId('caseId').map(
      (id): Attempt => ({ route: 'get /referrals/:caseId', req: jsonRequest('GET', t.system.intakeUrl, `/referrals/${id}`), expected: { status: [404] }, what: `unknown ${id}` }),
    );
    await rejectsEvery(tally, fc.oneof({ weight: 4, arbitrary: garbage }, { weight: 1, arbitrary: unknown }), { runs: 25, batch: 8 });
  });
});

it('tried every route, logged no failed request and no forged line', () => {
  expect(untried(ROUTES, tally, 50)).toEqual([]);
  expect(failedRequestLines(t.system.logDir)).toBe(failedBefore);
  expect(forgedLogLines(t.system.logDir)).toEqual([]);
});
