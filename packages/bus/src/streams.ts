import { nanos, StorageType, type JetStreamManager, type StreamConfig } from 'nats';
import { STREAMS, type StreamName } from './subjects';

const HOUR_MS = 60 * 60 * 1000;

/** Creates or updates every stream. Idempotent: every service calls it at start, so any one can come up first. */
export async function ensureStreams(jsm: JetStreamManager, replicas: number): Promise<void> {
  for (const [name, spec] of Object.entries(STREAMS) as [StreamName, (typeof STREAMS)[StreamName]][]) {
    const config: Partial<StreamConfig> = {
      name,
      subjects: [...spec.subjects],
      description: spec.description,
      storage: StorageType.File,
      num_replicas: replicas,
      // Publishers set a message id; JetStream drops a copy published again within this window.
      duplicate_window: nanos(HOUR_MS),
    };
    const exists = await jsm.streams.info(name).then(
      () => true,
      (err: unknown) => {
        if (isNotFound(err)) return false;
        throw err;
      },
    );
    if (exists) await jsm.streams.update(name, config);
    else await jsm.streams.add(config);
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { api_error?: { err_code?: number }; code?: string };
  return e?.api_error?.err_code === 10059 || e?.code === '404';
}
