import { Client, Connection } from '@temporalio/client';
import { connect, type NatsConnection } from 'nats';
import { mintStaffToken } from '@continuum/http';
import { connectStore, type Store } from '@continuum/store';
import { dataConverter } from '@continuum/temporal';
import { DEMO_STAFF } from '../../infra/src/demo-data';
import { readTestSystem, type TestSystem } from './system-file';

/**
 * What a test file uses to talk to the running system: HTTP to the services, and direct clients to the
 * servers for checking what was stored and published. Call close() in afterAll.
 */
export async function openTestSystem() {
  const system: TestSystem = readTestSystem();
  const store: Store = await connectStore(system.mongoUrl);
  const connection = await Connection.connect({ address: system.temporalAddress });
  const temporal = new Client({ connection, dataConverter: dataConverter({ PAYLOAD_KEY: system.payloadKey, PAYLOAD_KEY_ID: system.payloadKeyId }) });
  /** A client without the codec: it sees payloads exactly as the Temporal server stores them. */
  const rawTemporal = new Client({ connection });
  const nats: NatsConnection = await connect({ servers: system.natsUrl });

  const tokenFor = (staffId: string): string => {
    const staff = DEMO_STAFF.find((s) => s._id === staffId);
    if (!staff) throw new Error(`no demo staff ${staffId}`);
    return mintStaffToken({ sub: staff._id, roles: staff.roles as never, districts: staff.districts }, system.jwtSecret, 'continuum');
  };

  return {
    system,
    store,
    temporal,
    rawTemporal,
    nats,
    tokenFor,
    async close() {
      await nats.close();
      await connection.close();
      await store.close();
    },
  };
}
export type OpenTestSystem = Awaited<ReturnType<typeof openTestSystem>>;

/** Polls until `check` returns a value (not undefined/false), or fails with what it last saw. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface HttpAnswer<T = any> {
  status: number;
  body: T;
}

export async function http<T = any>(method: string, url: string, opts: { token?: string; body?: unknown; rawBody?: string } = {}): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = {};
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
  return { status: res.status, body };
}
