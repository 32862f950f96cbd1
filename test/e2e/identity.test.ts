import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { decodeJwt, importJWK, SignJWT } from 'jose';
import { API_AUDIENCES } from '@continuum/config';
import { staffAccessToken } from '../../infra/src/oidc-client';
import { freePort } from '../../infra/src/ports';
import { startService } from '../../infra/src/services';
import { tokenForge } from '../bad-input/support/bad-tokens';
import { hivReferral } from '../harness/referrals';
import { http, openTestSystem, type OpenTestSystem } from '../harness/system';

/*
 * Staff and facilities prove who they are to the real identity provider (oidc-provider, started by the
 * harness); every API verifies its tokens against the provider's keys and takes who the bearer is from the
 * directory, for every request. Each rule has a request that must pass and one that must be refused.
 */

let t: OpenTestSystem;
/** Members this file adds to the directory: deactivated at the end, so no later test's case goes to them. */
const added: string[] = [];
beforeAll(async () => (t = await openTestSystem()));
afterAll(async () => {
  await t.store.staff.updateMany({ _id: { $in: added } }, { $set: { active: false } });
  await t.close();
});
const addMember = async (prefix: string, districts: string[]) => {
  const id = `${prefix}-${randomUUID().slice(0, 8)}`;
  added.push(id);
  await t.store.staff.create({ _id: id, displayName: `Test member ${id}`, roles: ['caseworker'], districts, discipline: 'social-worker' });
  return id;
};

const signIn = (staffId: string, audience: string = API_AUDIENCES.casework, password = t.system.idpPassword) =>
  staffAccessToken({ issuer: t.system.identityUrl, staffId, password, audience });
const inbox = (token: string) => http('GET', `${t.system.caseworkUrl}/tasks?limit=1`, { token });
const directoryCacheMs = 1_500; // the harness runs the APIs with DIRECTORY_CACHE_SECONDS=1

/** A token signed with the provider's own key, carrying whatever claims a test wants to smuggle in. */
async function providerSigned(claims: Record<string, unknown>): Promise<string> {
  const forge = tokenForge(t.system, API_AUDIENCES.casework);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: forge.issuer, aud: forge.audience, iat: now, exp: now + 300, client_id: 'continuum-cli', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: String(forge.providerKey.kid) })
    .sign(await importJWK(forge.providerKey as never, 'ES256'));
}

describe('staff sign in through the identity provider', () => {
  it('gives a short-lived ES256 access token for one API, which that API accepts and the others refuse', async () => {
    const { accessToken, expiresIn } = await signIn('sw-nevsky-1');
    const claims = decodeJwt(accessToken);
    expect(claims).toMatchObject({ iss: t.system.identityUrl, aud: API_AUDIENCES.casework, sub: 'sw-nevsky-1' });
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(15 * 60);
    expect(expiresIn).toBeLessThanOrEqual(15 * 60);
    expect(JSON.stringify(claims)).not.toMatch(/roles|districts/); // who she is comes from the directory
    expect((await inbox(accessToken)).status).toBe(200);
    expect((await http('GET', `${t.system.reportingUrl}/indicators?district=spb-nevsky`, { token: accessToken })).status).toBe(401);
    const reporting = await signIn('sw-nevsky-1', API_AUDIENCES.reporting);
    expect((await http('GET', `${t.system.reportingUrl}/indicators?district=spb-nevsky`, { token: reporting.accessToken })).status).toBe(200);
    expect((await http('GET', `${t.system.intakeUrl}/referrals/case-0123456789abcdef0123`, { token: accessToken })).status).toBe(401);
  });

  it('shows the sign-in page and takes a sign-in only inside an authorization request the provider began', async () => {
    const page = await fetch(`${t.system.identityUrl}/interaction/not-an-interaction`);
    expect([page.status, await page.text()]).toEqual([400, 'sign-in failed; start again from the application']);
    // The right staff id and password, but no interaction cookie: nothing is signed in, no code is given.
    const login = await fetch(`${t.system.identityUrl}/interaction/not-an-interaction/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login: 'sw-nevsky-1', password: t.system.idpPassword }).toString(),
      redirect: 'manual',
    });
    expect([login.status, login.headers.get('location'), login.headers.get('set-cookie')]).toEqual([400, null, null]);
  });

  it('refuses a wrong password and an id the directory does not have', async () => {
    await expect(signIn('sw-nevsky-1', API_AUDIENCES.casework, 'not-the-password-at-all')).rejects.toThrow(/sign-in refused/);
    await expect(signIn('nobody-in-the-directory')).rejects.toThrow(/sign-in refused/);
  });

  it('lets someone added to the directory sign in at once, and shuts a deactivated member out at once', async () => {
    const id = await addMember('sw-new', ['spb-nevsky']);
    const { accessToken } = await signIn(id);
    expect((await inbox(accessToken)).status).toBe(200);

    await t.store.staff.updateOne({ _id: id }, { $set: { active: false } });
    await new Promise((r) => setTimeout(r, directoryCacheMs));
    const refused = await inbox(accessToken);
    expect([refused.status, refused.body.error]).toEqual([401, 'UNAUTHENTICATED']);
    await expect(signIn(id)).rejects.toThrow(/sign-in refused/);
  });

  it('takes roles and districts from the directory, never from the token', async () => {
    // A caseworker's token that claims to be a supervisor of another city's district.
    const token = await providerSigned({ sub: 'sw-nevsky-1', roles: ['supervisor'], districts: ['kz-almaty-bostandyk'] });
    const theirs = await http('GET', `${t.system.caseworkUrl}/tasks?district=kz-almaty-bostandyk`, { token });
    expect(theirs.status).toBe(403);
    const mine = await http('GET', `${t.system.caseworkUrl}/tasks?district=spb-nevsky`, { token });
    expect(mine.status).toBe(200);

    // A member whose districts change in the directory acts in the new ones only, with the token she has.
    const id = await addMember('sw-moving', ['spb-nevsky']);
    const { accessToken } = await signIn(id);
    expect((await http('GET', `${t.system.caseworkUrl}/tasks?district=spb-nevsky`, { token: accessToken })).status).toBe(200);
    await t.store.staff.updateOne({ _id: id }, { $set: { districts: ['spb-vyborgsky'] } });
    await new Promise((r) => setTimeout(r, directoryCacheMs));
    expect((await http('GET', `${t.system.caseworkUrl}/tasks?district=spb-nevsky`, { token: accessToken })).status).toBe(403);
    expect((await http('GET', `${t.system.caseworkUrl}/tasks?district=spb-vyborgsky`, { token: accessToken })).status).toBe(200);
  });
});

describe('facility systems use client credentials', () => {
  it("refer as the facility their key proves, and a facility's token is no staff token", async () => {
    const token = await t.facilityToken('spb-womens-clinic-7');
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: 'spb-womens-clinic-7', client_id: 'spb-womens-clinic-7', aud: API_AUDIENCES.intake });
    const { facilityId: _ignored, ...body } = hivReferral({ district: 'spb-vyborgsky' });
    const sent = await http('POST', `${t.system.intakeUrl}/referrals`, { token, body });
    expect(sent.status).toBe(202);
    expect(await t.store.referrals.findById(sent.body.caseId, { facilityId: 1 }).lean()).toMatchObject({ facilityId: 'spb-womens-clinic-7' });
    expect((await inbox(token)).status).toBe(401);
  });

  it('refuses a deactivated facility at once', async () => {
    const id = `test-clinic-${randomUUID().slice(0, 8)}`;
    await t.store.facilities.create({ _id: id, name: 'Clinic soon closed', kind: 'womens-clinic', district: 'spb-nevsky' });
    const token = await t.facilityToken(id);
    const { facilityId: _ignored, ...body } = hivReferral();
    expect((await http('POST', `${t.system.intakeUrl}/referrals`, { token, body })).status).toBe(202);
    await t.store.facilities.updateOne({ _id: id }, { $set: { active: false } });
    await new Promise((r) => setTimeout(r, directoryCacheMs));
    const { facilityId: _again, ...next } = hivReferral();
    expect((await http('POST', `${t.system.intakeUrl}/referrals`, { token, body: next })).status).toBe(401);
  });
});

describe('rate limits and caching', () => {
  /** Another intake instance on the same servers, with limits of its own (the shared one runs without). */
  async function intakeWith(limits: Record<string, string>) {
    const s = t.system;
    const port = await freePort();
    const proc = await startService(
      'intake',
      {
        TEMPORAL_ADDRESS: s.temporalAddress,
        MONGO_URL: s.mongoUrl,
        NATS_URL: s.natsUrl,
        PAYLOAD_KEY: s.payloadKey,
        OIDC_ISSUER: s.identityUrl,
        INTAKE_PORT: String(port),
        LOG_LEVEL: 'info',
        ...limits,
      },
      { logDir: join(s.runDir, `logs-intake-${port}`) },
    );
    return { url: `http://127.0.0.1:${port}`, stop: () => proc.stop() };
  }

  it('holds an address that keeps failing authentication at 429, whatever it sends next', async () => {
    const intake = await intakeWith({ AUTH_FAILURES_PER_MINUTE: '5' });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await http('GET', `${intake.url}/referrals/case-0123456789abcdef0123`, { token: `forged-${i}` })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
      const valid = await http('GET', `${intake.url}/referrals/case-0123456789abcdef0123`, { token: await t.facilityToken('spb-maternity-16') });
      expect([valid.status, valid.body.error]).toEqual([429, 'TOO_MANY_REQUESTS']);
    } finally {
      await intake.stop();
    }
  });

  it('holds a facility system in a loop at the intake limit', async () => {
    const intake = await intakeWith({ INTAKE_REQUESTS_PER_MINUTE: '8' });
    try {
      const token = await t.facilityToken('spb-maternity-16');
      const statuses = [];
      for (let i = 0; i < 9; i++) statuses.push((await http('GET', `${intake.url}/referrals/case-0123456789abcdef0123`, { token })).status);
      expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 404, 404, 429]);
    } finally {
      await intake.stop();
    }
  });

  it('limits failed sign-ins per staff id, not the office signing in beside them', async () => {
    const id = await addMember('sw-guessed', ['spb-nevsky']);
    const refusals = [];
    for (let i = 0; i < 11; i++) refusals.push(await signIn(id, API_AUDIENCES.casework, `wrong-password-${i}`).catch((err: Error) => err.message));
    expect(refusals.slice(0, 10).filter((m) => !/sign-in refused/.test(String(m)))).toEqual([]);
    expect(refusals[10]).toMatch(/too many failed sign-ins/);
    await expect(signIn(id)).rejects.toThrow(/too many failed sign-ins/); // the right password too, for the rest of the minute
    expect((await signIn('sw-nevsky-2')).accessToken).toBeTruthy();
  });

  it('tells no cache to keep an answer with personal data', async () => {
    const caseId = (await t.store.cases.findOne({ district: 'spb-nevsky' }, { _id: 1 }).lean())?._id;
    const res = await fetch(`${t.system.caseworkUrl}/cases/${caseId ?? 'case-0123456789abcdef0123'}`, {
      headers: { authorization: `Bearer ${await t.tokenFor('sup-spb-north')}` },
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
    const intakeAnswer = await fetch(`${t.system.intakeUrl}/referrals/case-0123456789abcdef0123`, {
      headers: { authorization: `Bearer ${await t.facilityToken('spb-maternity-16')}` },
    });
    expect(intakeAnswer.headers.get('cache-control')).toBe('no-store');
    expect(intakeAnswer.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
