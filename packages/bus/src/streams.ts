import { nanos, StorageType, type JetStreamManager, type StreamConfig } from 'nats';
import { STREAMS, type StreamName } from './subjects';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** The streams nothing may take from: AUDIT. */
export const APPEND_ONLY_STREAMS = (Object.keys(STREAMS) as StreamName[]).filter((name) => 'appendOnly' in STREAMS[name]);

/**
 * The JetStream API subjects the services' NATS user is denied (the NATS server's config lists them): changing,
 * purging or deleting an append-only stream, or one of its messages. With the stream's own deny-delete and
 * deny-purge, which no update can lift, an entry once written stays.
 */
export const APPEND_ONLY_GUARDS = APPEND_ONLY_STREAMS.flatMap((name) =>
  ['UPDATE', 'DELETE', 'PURGE', 'MSG.DELETE'].map((op) => `$JS.API.STREAM.${op}.${name}`),
);

/**
 * Creates or updates every stream. Idempotent: every service calls it at start, so any one can come up first.
 * An append-only stream is created, never updated: the services may not change it (an operator may).
 */
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
      max_age: 'keepDays' in spec ? nanos(spec.keepDays * DAY_MS) : 0,
      ...('appendOnly' in spec ? { deny_delete: true, deny_purge: true } : {}),
    };
    const exists = await jsm.streams.info(name).then(
      () => true,
      (err: unknown) => {
        if (isNotFound(err)) return false;
        throw err;
      },
    );
    if (!exists) await jsm.streams.add(config);
    else if (!APPEND_ONLY_STREAMS.includes(name)) await jsm.streams.update(name, config);
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { api_error?: { err_code?: number }; code?: string };
  return e?.api_error?.err_code === 10059 || e?.code === '404';
}
