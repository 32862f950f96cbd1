import { createServer } from 'node:net';

/** Fixed ports of `npm start`, chosen away from the standard ports (NATS 4222, PostgreSQL 5432, MongoDB 27017, Temporal 7233 …). */
export const DEV_PORTS = {
  temporal: 17233,
  temporalUi: 18233,
  temporalHttp: 17243,
  temporalMetrics: 17234,
  mongo: 27117,
  ferretDebug: 27118,
  postgres: 15432,
  nats: 14222,
  natsMonitor: 18222,
  intake: 7101,
  casework: 7102,
  reporting: 7103,
  identity: 7104,
  codec: 7109,
  smtp: 12525,
} as const;
/** The ports the embedded stack's servers listen on, by name. */
export const STACK_PORT_NAMES = [
  'temporal',
  'temporalUi',
  'temporalHttp',
  'temporalMetrics',
  'mongo',
  'ferretDebug',
  'postgres',
  'nats',
  'natsMonitor',
] as const;
export type StackPorts = Record<(typeof STACK_PORT_NAMES)[number], number>;

/** A port the OS says is free right now (tests use these, so runs never collide). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function freePorts<K extends string>(keys: readonly K[]): Promise<Record<K, number>> {
  const taken = new Set<number>();
  const out = {} as Record<K, number>;
  for (const key of keys) {
    let port = await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    out[key] = port;
  }
  return out;
}

/** Fails with a message naming the part if its dedicated port is already in use. */
export function assertPortFree(port: number, part: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', () => reject(new Error(`${part} cannot start: port ${port} on 127.0.0.1 is already in use (is another npm start running?)`)));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}
