import type { NatsConnection } from 'nats';
import type { StreamName, Subject } from '@continuum/bus';
import { CASE_EVENT_SUBJECTS, REFERRAL_SUBJECTS } from '../../../services/notification/src/on-event';
import { PROJECTED } from '../../../services/reporting/src/projector';

/** A durable consumer of the services, and the subjects it reads. */
export interface Consumer {
  stream: StreamName;
  durable: string;
  subjects: readonly Subject[];
}

/**
 * Every durable consumer the services start (intake-service.ts, notification-service.ts, consumers.ts),
 * with the subjects they read. The bus test checks the running system has exactly these.
 */
export const CONSUMERS: readonly Consumer[] = [
  { stream: 'REFERRALS', durable: 'intake-case-starter', subjects: ['referral.received'] },
  { stream: 'REFERRALS', durable: 'reporting-referrals', subjects: PROJECTED.REFERRALS },
  { stream: 'CASE_EVENTS', durable: 'reporting-case-events', subjects: PROJECTED.CASE_EVENTS },
  { stream: 'REFERRALS', durable: 'notification-referrals', subjects: REFERRAL_SUBJECTS },
  { stream: 'CASE_EVENTS', durable: 'notification', subjects: CASE_EVENT_SUBJECTS },
];

/** Every subject some service consumes, each once. */
export const CONSUMED_SUBJECTS: readonly Subject[] = [...new Set(CONSUMERS.flatMap((c) => c.subjects))].sort();

export const consumersOf = (subject: Subject): Consumer[] => CONSUMERS.filter((c) => c.subjects.includes(subject));

/** The durable consumers of the streams the services read, as the server has them (their replay twins left out). */
export async function liveConsumers(nc: NatsConnection): Promise<Array<{ stream: string; durable: string; subjects: string[] }>> {
  const jsm = await nc.jetstreamManager();
  const out: Array<{ stream: string; durable: string; subjects: string[] }> = [];
  for (const stream of ['REFERRALS', 'CASE_EVENTS']) {
    for await (const info of jsm.consumers.list(stream)) {
      const durable = info.config.durable_name;
      if (!durable) continue; // an ordered reader (a rebuild), not a service's consumer
      const subjects = info.config.filter_subjects ?? (info.config.filter_subject ? [info.config.filter_subject] : []);
      out.push({ stream, durable, subjects: [...subjects].sort() });
    }
  }
  return out.sort((a, b) => a.durable.localeCompare(b.durable));
}
