import { chainHash, comparable, fieldsOf, GENESIS, sealEntry } from './chain';

const entry = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'audit.recorded',
    eventId: 'e-1',
    occurredAt: '2026-12-03T10:00:00.000Z',
    actor: 'sw-nevsky-1',
    action: 'read-case',
    caseId: 'case-0123456789abcdef0123',
    district: 'spb-nevsky',
    reason: null,
    details: { hivStatus: 'withheld' },
    ...over,
  });

describe('the audit chain', () => {
  it('links each entry to the one before, by its place and content', () => {
    const first = sealEntry(1, entry(), GENESIS);
    const second = sealEntry(2, entry({ eventId: 'e-2' }), first.hash);
    expect(second.prev).toBe(first.hash);
    expect(second.hash).toBe(chainHash(first.hash, 2, second.raw));
    // The same entry at another place, or after another link, is another link.
    expect(chainHash(first.hash, 3, second.raw)).not.toBe(second.hash);
    expect(chainHash(GENESIS, 2, second.raw)).not.toBe(second.hash);
    // One character of the entry changed changes the link.
    expect(chainHash(first.hash, 2, entry({ eventId: 'e-2', actor: 'sw-nevsky-2' }))).not.toBe(second.hash);
  });

  it('reads the fields from the entry as written, and keeps what is no entry as unreadable', () => {
    expect(fieldsOf(entry(), 1)).toMatchObject({ entryId: 'e-1', actor: 'sw-nevsky-1', action: 'read-case', district: 'spb-nevsky' });
    expect(fieldsOf('not json', 7)).toMatchObject({ entryId: 'seq-7', action: 'unreadable-entry' });
    expect(fieldsOf(entry({ details: { note: 'free text with spaces' } }), 8)).toMatchObject({ action: 'unreadable-entry' });
  });

  it('compares fields whatever the order of their keys', () => {
    const fields = fieldsOf(entry({ details: { a: 'x', b: 1 } }), 1);
    const reordered = { ...fields, details: { b: 1, a: 'x' } };
    expect(comparable(reordered)).toBe(comparable(fields));
    expect(comparable({ ...fields, actor: 'other' })).not.toBe(comparable(fields));
  });
});
