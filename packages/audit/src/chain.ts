import { createHash } from 'node:crypto';
import { AuditRecorded, type AuditAction } from '@continuum/domain';

/** The hash before the first entry. */
export const GENESIS = '0'.repeat(64);

/** An entry's link in the chain: over the previous link, its place in the stream and the entry as written. */
export function chainHash(prev: string, seq: number, raw: string): string {
  return createHash('sha256').update(`${prev}\n${seq}\n${raw}`).digest('hex');
}

/** The fields an entry is found by, read from the entry as written; a message that is no audit entry is kept as unreadable. */
export function fieldsOf(raw: string, seq: number) {
  let parsed: ReturnType<typeof AuditRecorded.safeParse> | undefined;
  try {
    parsed = AuditRecorded.safeParse(JSON.parse(raw));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) {
    return {
      entryId: `seq-${seq}`,
      at: new Date(0),
      actor: 'unknown',
      action: 'unreadable-entry' as AuditAction | 'unreadable-entry',
      caseId: null as string | null,
      district: null as string | null,
      reason: null as string | null,
      details: {} as Record<string, unknown>,
    };
  }
  const e = parsed.data;
  return {
    entryId: e.eventId,
    at: new Date(e.occurredAt),
    actor: e.actor,
    action: e.action as AuditAction | 'unreadable-entry',
    caseId: e.caseId,
    district: e.district,
    reason: e.reason,
    details: e.details as Record<string, unknown>,
  };
}

export type SealedEntry = ReturnType<typeof fieldsOf> & { _id: number; raw: string; prev: string; hash: string };

/** The stored form of the stream's entry `seq`, chained to `prev`. */
export function sealEntry(seq: number, raw: string, prev: string): SealedEntry {
  return { _id: seq, raw, prev, hash: chainHash(prev, seq, raw), ...fieldsOf(raw, seq) };
}

/** The stored fields in a form that compares equal whatever order a store gives an object's keys back in. */
export function comparable(fields: Omit<ReturnType<typeof fieldsOf>, never>): string {
  return stableJson({ ...fields, at: new Date(fields.at).toISOString() });
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
