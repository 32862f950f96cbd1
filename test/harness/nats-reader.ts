import type { NatsConnection } from 'nats';

const decoder = new TextDecoder();

/** Every message of a stream as raw text, read by sequence number (nothing is consumed or acknowledged). */
export async function streamMessages(nc: NatsConnection, stream: string): Promise<Array<{ subject: string; text: string }>> {
  const jsm = await nc.jetstreamManager();
  const { state } = await jsm.streams.info(stream);
  const out: Array<{ subject: string; text: string }> = [];
  for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined); // a deleted sequence
    if (m) out.push({ subject: m.subject, text: decoder.decode(m.data) });
  }
  return out;
}

/** The parsed case events of one case. */
export async function caseEvents(nc: NatsConnection, caseId: string): Promise<Array<Record<string, any>>> {
  return (await streamMessages(nc, 'CASE_EVENTS')).map((m) => JSON.parse(m.text) as Record<string, any>).filter((e) => e.caseId === caseId);
}
