import { STREAMS as BUS_STREAMS, SUBJECTS, type Bus, type StreamName } from '@continuum/bus';
import type { Store } from '@continuum/store';
import { refreshAllCases } from './case-summaries';
import { reconcileCells } from './cell-store';
import { createProjector, isProjected, type ProjectedEvent } from './projector';

export interface StreamReplay {
  /** Messages read from the stream, up to its last one when the replay began. */
  read: number;
  /** Handed to the projector (most store a fact; some establish none). */
  applied: number;
  /** Subjects the projection does not read. */
  ignored: number;
  /** Not valid for their subject: the live consumers dead-letter them, so the projection never held them either. */
  invalid: number;
  /** The projector failed on them (each named in the progress lines): the rebuilt projection lacks them. */
  failed: number;
}

export interface RebuildResult {
  streams: Record<'REFERRALS' | 'CASE_EVENTS', StreamReplay>;
  /** Case summaries, and the facts stored (events that changed nothing counted leave none). */
  cases: number;
  facts: number;
  tookMs: number;
}

const decoder = new TextDecoder();
const STREAMS = ['REFERRALS', 'CASE_EVENTS'] as const satisfies readonly StreamName[];
const KEPT_DAYS = { REFERRALS: BUS_STREAMS.REFERRALS.keepDays, CASE_EVENTS: BUS_STREAMS.CASE_EVENTS.keepDays };

/**
 * Drops the projection and replays both streams from their first message, through an ordered consumer
 * (no durable, nothing acknowledged: the live consumers are untouched), several messages at a time (each
 * is one insert, and inserts of different events do not interfere).
 *
 * With the reporting service running meanwhile: its consumers keep inserting what arrives. A fact they
 * stored before the drop belongs to an event at or before the last sequence read here (taken after the
 * drop), so the replay stores it again; a later one they store themselves; one stored by both is a
 * duplicate key. Then every case's summary is folded again; a summary the service folds meanwhile from
 * more facts is never overwritten by one of fewer (case-summaries.ts). The result is what a quiet rebuild
 * gives. Reports made during the rebuild see a partial projection until it ends.
 */
export async function rebuildProjections(
  store: Store,
  bus: Bus,
  progress: (line: string) => void = () => undefined,
  options: { concurrency?: number } = {},
): Promise<RebuildResult> {
  const started = Date.now();
  const concurrency = options.concurrency ?? 32;
  const projector = createProjector(store);
  // The streams keep their events ten years (subjects.ts): a rebuild after the first have aged out would drop
  // the facts they made, which nothing could bring back. It stops before dropping anything.
  for (const stream of STREAMS) {
    const { state, created } = await bus.jsm.streams.info(stream);
    const keptMs = KEPT_DAYS[stream] * 86_400_000;
    if (state.first_seq > 1 && Date.now() - Date.parse(created) >= keptMs) {
      throw new Error(`${stream} may no longer hold its first events (kept ${KEPT_DAYS[stream]} days): a rebuild would lose the facts they made`);
    }
  }
  for (const model of [store.reportFacts, store.reportCases, store.reportCells]) {
    // Dropped, not emptied: FerretDB's deleteMany of a large collection fails (too many SQL variables).
    await model.collection.drop().catch((err: { code?: number }) => {
      if (err.code !== 26) throw err; // 26: there was no such collection
    });
    await model.createIndexes();
  }
  progress('projection dropped');

  const streams = {} as RebuildResult['streams'];
  for (const stream of STREAMS) {
    const counts: StreamReplay = { read: 0, applied: 0, ignored: 0, invalid: 0, failed: 0 };
    streams[stream] = counts;
    const { state } = await bus.jsm.streams.info(stream);
    if (state.messages === 0) {
      progress(`${stream}: empty`);
      continue;
    }
    const last = state.last_seq;
    progress(`${stream}: replaying sequences ${state.first_seq}..${last}`);
    const messages = await (await bus.js.consumers.get(stream)).consume({ max_messages: 512 });
    const inFlight = new Set<Promise<void>>();
    let reachedTheEnd = false;
    for await (const m of messages) {
      counts.read += 1;
      const event = parse(m.subject, m.data);
      if (event === 'ignored') counts.ignored += 1;
      else if (event === 'invalid') {
        counts.invalid += 1;
        progress(`${stream} #${m.info.streamSequence}: not a valid ${m.subject} event`);
      } else {
        const applying = projector.apply(event).then(
          () => void (counts.applied += 1),
          (err: unknown) => {
            counts.failed += 1;
            progress(`${stream} #${m.info.streamSequence} ${event.eventId}: ${(err as Error).message}`);
          },
        );
        inFlight.add(applying);
        void applying.finally(() => inFlight.delete(applying));
        if (inFlight.size >= concurrency) await Promise.race(inFlight);
      }
      if (counts.read % 1000 === 0) progress(`${stream}: ${counts.read} read (#${m.info.streamSequence} of ${last})`);
      if (m.info.streamSequence >= last || m.info.pending === 0) {
        reachedTheEnd = true;
        break;
      }
    }
    await Promise.all(inFlight);
    await messages.close();
    if (!reachedTheEnd) throw new Error(`${stream}: the replay stopped before sequence ${last}`);
    progress(`${stream}: ${counts.read} read, ${counts.applied} applied, ${counts.ignored} ignored, ${counts.invalid} invalid, ${counts.failed} failed`);
  }
  const summaries = await refreshAllCases(store);
  progress(`${summaries} case summaries written`);
  // The service may have settled a delta into the dropped cells' successors from a summary read before the drop.
  let corrected = await reconcileCells(store);
  for (let round = 0; corrected > 0 && round < 5; round++) {
    progress(`${corrected} indicator cells corrected from the summaries`);
    corrected = await reconcileCells(store);
  }
  progress('indicator cells agree with the summaries');
  const [cases, facts] = await Promise.all([store.reportCases.countDocuments(), store.reportFacts.countDocuments()]);
  return { streams, cases, facts, tookMs: Date.now() - started };
}

/** The event, as the live consumers parse it: with its subject's schema. */
function parse(subject: string, data: Uint8Array): ProjectedEvent | 'ignored' | 'invalid' {
  if (!isProjected(subject)) return 'ignored';
  try {
    const parsed = SUBJECTS[subject].schema.safeParse(JSON.parse(decoder.decode(data)));
    return parsed.success ? (parsed.data as ProjectedEvent) : 'invalid';
  } catch {
    return 'invalid';
  }
}
