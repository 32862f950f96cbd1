import fc from 'fast-check';
import { API_AUDIENCES } from '@continuum/config';
import { openTestSystem, type OpenTestSystem } from '../harness/system';
import { malformedJson } from './support/bad-payloads';
import { badAuthorization, tokenForge } from './support/bad-tokens';
import { failedRequestLines } from './support/log-scan';
import { attempt, rejectsEvery, type Attempt } from './support/property';
import { jsonRequest } from './support/send';
import { Tally } from './support/tally';

/*
 * Bad input to the codec server of the Temporal Web UI (POST /decode): bad tokens (401), staff without the ops
 * role (403), and malformed bodies (400), each refused, never a 5xx, and nothing audited as a decode.
 */

let t: OpenTestSystem;
let ops: string;
const tally = new Tally('codec');
const startedAt = Date.now();
let decodesBefore = 0;
let failedBefore = 0;
const valid = { payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"x"').toString('base64') }] };
const decodeAttempt = (
  body: { json?: unknown; raw?: string | Uint8Array; headers?: Record<string, string> },
  expected: Attempt['expected'],
  what: string,
  token: string | null = ops,
): Attempt => ({
  route: 'post /decode',
  req: jsonRequest('POST', t.system.codecUrl, '/decode', { ...(token ? { token } : {}), body: body.json, rawBody: body.raw, headers: body.headers }),
  expected,
  what,
});

beforeAll(async () => {
  t = await openTestSystem();
  ops = await t.tokenFor('ops-1', 'codec');
  await t.auditSealed();
  decodesBefore = await t.store.audit.countDocuments({ action: 'decode-payloads' });
  failedBefore = failedRequestLines(t.system.logDir);
});
afterAll(async () => {
  process.stderr.write(`${tally.summary('1 route', startedAt)}\n`);
  await t.close();
});

it('refuses a missing, forged, expired or malformed token: 401', async () => {
  const bad = (await badAuthorization(tokenForge(t.system, API_AUDIENCES.codec))).map(({ header, what }) => {
    const a = decodeAttempt({ json: valid }, { status: [401, 431] }, what, null);
    return { ...a, req: { ...a.req, headers: header === undefined ? a.req.headers : { ...a.req.headers, authorization: header } } };
  });
  await rejectsEvery(tally, bad, { runs: 30, batch: 8 });
});

it('refuses staff without the ops role: 403', async () => {
  for (const staff of ['sup-spb-north', 'sw-nevsky-1', 'coord-city', 'idd-nevsky-1']) {
    await attempt(tally, decodeAttempt({ json: valid }, { status: [403] }, `by ${staff}`, await t.tokenFor(staff, 'codec')));
  }
});

it('refuses a body that is not a list of payloads, or malformed JSON: 400 (413 beyond 64 kB)', async () => {
  const notBase64 = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/^[A-Za-z0-9+/]*={0,2}$/.test(s));
  const bodies = fc.oneof(
    fc.constantFrom<[unknown, string]>(
      [{}, 'no payloads'],
      [{ payloads: 'x' }, 'payloads not a list'],
      [{ payloads: [{ data: 1 }] }, 'data not a string'],
      [{ payloads: [], extra: true }, 'an unknown field'],
      [{ payloads: Array.from({ length: 501 }, () => ({})) }, '501 payloads'],
    ),
    notBase64.map((s): [unknown, string] => [{ payloads: [{ data: s }] }, 'data not base64']),
    notBase64.map((s): [unknown, string] => [{ payloads: [{ metadata: { encoding: s } }] }, 'metadata not base64']),
  );
  await rejectsEvery(
    tally,
    bodies.map(([json, what]) => decodeAttempt({ json }, { status: [400] }, what)),
    { runs: 15, batch: 6 },
  );
  await rejectsEvery(
    tally,
    malformedJson(valid).map((p) => decodeAttempt({ raw: p.raw, headers: { ...p.headers } }, { status: [400, 413] }, p.what)),
    { runs: 8, batch: 6 },
  );
});

it('audited no decode for any of them, and logged no failed request', async () => {
  expect(tally.of('post /decode')).toBeGreaterThan(100);
  await t.auditSealed();
  expect(await t.store.audit.countDocuments({ action: 'decode-payloads' })).toBe(decodesBefore);
  expect(failedRequestLines(t.system.logDir)).toBe(failedBefore);
});
