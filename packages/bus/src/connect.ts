import { connect, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import { ensureStreams } from './streams';

export interface Bus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  close(): Promise<void>;
}

/** TLS files for the connection (PEM): the CA, and for mutual TLS the client's certificate and key. */
export interface NatsTls {
  caFile?: string | undefined;
  certFile?: string | undefined;
  keyFile?: string | undefined;
}

/** Connects (over TLS when given), makes sure the streams exist, and gives the JetStream handles. */
export async function connectBus(url: string, name: string, replicas = 1, tls?: NatsTls): Promise<Bus> {
  const files = tls && Object.fromEntries(Object.entries(tls).filter(([, v]) => v !== undefined));
  const nc = await connect({ servers: url.split(','), name, maxReconnectAttempts: -1, reconnectTimeWait: 1000, ...(files ? { tls: files } : {}) });
  const jsm = await nc.jetstreamManager();
  await ensureStreams(jsm, replicas);
  return { nc, js: nc.jetstream(), jsm, close: () => nc.drain() };
}
