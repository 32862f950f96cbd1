import { Client, Connection } from '@temporalio/client';
import { connect, type NatsConnection } from 'nats';
import { auditTrail, openReason } from '@continuum/audit';
import { API_AUDIENCES } from '@continuum/config';
import { caseVault, connectStore, Keyring, type Store } from '@continuum/store';
import { dataConverter } from '@continuum/temporal';
import { newSigningKey, publicJwkOf, readFacilityKeys } from '../../infra/src/dev-secrets';
import { facilityAccessToken, staffAccessToken } from '../../infra/src/oidc-client';
import { readTestSystem, type TestSystem } from './system-file';

export type Api = keyof typeof API_AUDIENCES;
/** A referral as the tests write it: the body, plus which facility sends it (its credentials, not a field). */
export type TestReferral = { facilityId?: string } & Record<string, unknown>;

/**
 * What a test file uses to talk to the running system: HTTP to the services, and direct clients to the
 * servers for checking what was stored and published. Call close() in afterAll.
 */
export async function openTestSystem() {
  const system: TestSystem = readTestSystem();
  const store: Store = await connectStore(system.mongoUrl);
  const connection = await Connection.connect({ address: system.temporalAddress });
  /** The cases' keys, as the services read them (no cache: a test sees an erasure at once). */
  const vault = caseVault(store, Keyring.from({ key: system.payloadKey, id: system.payloadKeyId }), { cacheMs: 0 });
  const temporal = new Client({
    connection,
    dataConverter: dataConverter({ PAYLOAD_KEY: system.payloadKey, PAYLOAD_KEY_ID: system.payloadKeyId }, { caseKeys: vault }),
  });
  /** A client without the codec: it sees payloads exactly as the Temporal server stores them. */
  const rawTemporal = new Client({ connection });
  const nats: NatsConnection = await connect({ servers: system.natsUrl });
  const jsm = await nats.jetstreamManager();
  /** Records to the audit trail as the services do (for a test that imports reference data itself). */
  const audit = auditTrail(nats.jetstream(), { payloadKey: system.payloadKey, vault });
  /** Waits until the casework service's sealer has copied every entry the AUDIT stream holds now into MongoDB. */
  const auditSealed = async (): Promise<void> => {
    const { state } = await jsm.streams.info('AUDIT');
    // Polled often: the sealer is milliseconds behind, and many tests wait for it.
    await eventually(
      async () => state.last_seq === 0 || (await store.audit.exists({ _id: state.last_seq })) !== null,
      `audit entry ${state.last_seq} sealed`,
      30_000,
      20,
    );
  };
  /** An entry's reason in clear (null once its family is erased). */
  const auditReason = (entry: { reason?: string | null; caseId?: string | null } | null | undefined) =>
    openReason(entry?.reason, entry?.caseId, { payloadKey: system.payloadKey, vault });

  // Tokens come from the real identity provider, kept until a minute before they expire.
  const tokens = new Map<string, { token: Promise<string>; until: number }>();
  const cached = (key: string, get: () => Promise<{ accessToken: string; expiresIn: number }>): Promise<string> => {
    const hit = tokens.get(key);
    if (hit && hit.until > Date.now()) return hit.token;
    const token = get().then((t) => t.accessToken);
    tokens.set(key, { token, until: Date.now() + 14 * 60_000 - 60_000 });
    token.catch(() => tokens.delete(key));
    return token;
  };
  /** A staff member's access token for one API (casework unless said), through the provider's sign-in. */
  const tokenFor = (staffId: string, api: Api = 'casework'): Promise<string> =>
    cached(`staff:${staffId}:${api}`, () =>
      staffAccessToken({ issuer: system.identityUrl, staffId, password: system.idpPassword, audience: API_AUDIENCES[api] }),
    );

  const facilityKeys = readFacilityKeys(system.identityDir);
  /**
   * A facility system's access token (client credentials, intake unless said). A facility a test made itself
   * gets a client key registered here first, as a city registers a new facility's key.
   */
  const facilityToken = (facilityId: string, api: Api = 'intake'): Promise<string> =>
    cached(`facility:${facilityId}:${api}`, async () => {
      let key = facilityKeys[facilityId];
      if (!key) {
        key = newSigningKey().privateJwk;
        const registered = await store.facilities.updateOne({ _id: facilityId }, { $set: { jwks: { keys: [publicJwkOf(key)] } } });
        if (registered.matchedCount === 0) throw new Error(`no facility ${facilityId} to register a key for`);
        facilityKeys[facilityId] = key;
      }
      return facilityAccessToken({ issuer: system.identityUrl, facilityId, privateJwk: key, audience: API_AUDIENCES[api] });
    });

  /** Which facility sent each case's referral here: its status is read back as that facility. */
  const referredBy = new Map<string, string>();
  /** POST /referrals as the referral's facility (spb-maternity-16 unless it names one). */
  const postReferral = async (referral: TestReferral): Promise<HttpAnswer> => {
    const { facilityId = 'spb-maternity-16', ...body } = referral;
    const answer = await http('POST', `${system.intakeUrl}/referrals`, { token: await facilityToken(facilityId), body });
    if (typeof answer.body?.caseId === 'string') referredBy.set(answer.body.caseId, facilityId);
    return answer;
  };
  /** GET /referrals/{caseId} as a facility: the one that referred it here, unless said. */
  const referralStatus = async (caseId: string, facilityId = referredBy.get(caseId) ?? 'spb-maternity-16'): Promise<HttpAnswer> =>
    http('GET', `${system.intakeUrl}/referrals/${caseId}`, { token: await facilityToken(facilityId) });

  return {
    system,
    store,
    /** The cases' data keys (no cache): seals and opens as the services do. */
    vault,
    temporal,
    rawTemporal,
    nats,
    jsm,
    audit,
    auditSealed,
    auditReason,
    tokenFor,
    facilityToken,
    postReferral,
    referralStatus,
    async close() {
      await nats.close();
      await connection.close();
      await store.close();
    },
  };
}
export type OpenTestSystem = Awaited<ReturnType<typeof openTestSystem>>;

/** Polls until `check` returns a value (not undefined/false), or fails with what it last saw. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface HttpAnswer<T = any> {
  status: number;
  body: T;
  /** The answer's headers, by lower-case name (from http()). */
  headers?: Record<string, string>;
}

export async function http<T = any>(
  method: string,
  url: string,
  opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined || opts.rawBody !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: Object.fromEntries(res.headers) };
}
