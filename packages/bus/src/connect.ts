import { connect, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import { ensureStreams } from './streams';

export interface Bus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  close(): Promise<void>;
}

/** Connects, makes sure the streams exist, and gives the JetStream handles. */
export async function connectBus(url: string, name: string, replicas = 1): Promise<Bus> {
  const nc = await connect({ servers: url.split(','), name, maxReconnectAttempts: -1, reconnectTimeWait: 1000 });
  const jsm = await nc.jetstreamManager();
  await ensureStreams(jsm, replicas);
  return { nc, js: nc.jetstream(), jsm, close: () => nc.drain() };
}
