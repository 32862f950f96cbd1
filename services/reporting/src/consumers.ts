import { startConsumer, type Bus, type RunningConsumer } from '@continuum/bus';
import type { Logger } from '@continuum/log';
import type { Summarizer } from './case-summaries';
import { PROJECTED, type ProjectedEvent, type Projector } from './projector';

/**
 * The projection's two durable consumers, one per stream. A copy of an event whose fact is stored (a
 * redelivery, or a duplicate published under another message id) is skipped by its event id; were it
 * applied again, its insert would be a duplicate key. The event is acknowledged after its fact is stored;
 * the case's summary follows shortly after (case-summaries.ts).
 */
export async function startProjectionConsumers(bus: Bus, projector: Projector, summarizer: Summarizer, log: Logger): Promise<RunningConsumer[]> {
  const handle = async (event: ProjectedEvent) => {
    if (!(await projector.applied(event.eventId))) await projector.apply(event);
    summarizer.mark(event.caseId);
  };
  return Promise.all([
    startConsumer(bus.js, bus.jsm, { stream: 'CASE_EVENTS', durable: 'reporting-case-events', subject: PROJECTED.CASE_EVENTS, handle }, log),
    startConsumer(bus.js, bus.jsm, { stream: 'REFERRALS', durable: 'reporting-referrals', subject: PROJECTED.REFERRALS, handle }, log),
  ]);
}
