import type { JsonWebKey } from 'node:crypto';
import { connectBus } from '@continuum/bus';
import { auditTrail } from '@continuum/audit';
import { connectStore } from '@continuum/store';
import { loadDemoData } from './demo-data';

/** Creates the JetStream streams and MongoDB indexes and loads the demo reference data. Idempotent. */
export async function prepareBackends(urls: { natsUrl: string; mongoUrl: string }, facilityKeys: Record<string, JsonWebKey> = {}): Promise<void> {
  const bus = await connectBus(urls.natsUrl, 'continuum-setup');
  const store = await connectStore(urls.mongoUrl);
  try {
    await store.ensureIndexes();
    await loadDemoData(store, auditTrail(bus.js), facilityKeys);
  } finally {
    await store.close();
    await bus.close();
  }
}
