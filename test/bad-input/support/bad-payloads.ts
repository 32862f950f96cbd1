import fc from 'fast-check';

/** A raw request body and its headers, as sent, with what it is. */
export interface BadPayload {
  raw: string | Uint8Array;
  headers: Record<string, string>;
  what: string;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};
const shown = (text: string) => JSON.stringify(text.length > 50 ? `${text.slice(0, 50)}…(${text.length})` : text);

/**
 * Bodies that are not a JSON object, sent as JSON: a valid body cut short or with a character broken,
 * JSON's near relatives (single quotes, trailing commas, NaN), two documents, a top-level string or
 * number, a raw NUL, invalid UTF-8, nesting 20 000 deep. Express answers 400 (413 beyond 64 kB).
 */
export function malformedJson(valid: unknown, opts: { onlyUnparsable?: boolean } = {}): fc.Arbitrary<BadPayload> {
  const text = JSON.stringify(valid);
  const truncated = fc.integer({ min: 0, max: text.length - 1 }).map((n) => text.slice(0, n));
  const broken = fc
    .tuple(fc.integer({ min: 0, max: text.length - 1 }), fc.constantFrom('{', '}', '[', ',', ':', '"', "'", '\\', '\u0000', '\n'))
    .map(([at, c]) => `${text.slice(0, at)}${c}${text.slice(at + 1)}`)
    .filter((t) => !parses(t));
  const fixed = fc.constantFrom(
    '{',
    '{"a":}',
    "{'referralId':'x'}",
    '{"a":1,}',
    'NaN',
    'undefined',
    '{"a":"\u0000"}',
    `${text}${text}`,
    '"just a string"',
    '42',
    'true',
    'null',
    '<referral/>',
    'referralId=x&district=y',
    '\u0000',
    `${text}\n{"level":50}`,
  );
  const random = fc.string({ maxLength: 40 }).filter((t) => !parses(t) || !t.trim().startsWith('{'));
  const deep = fc.constantFrom(`${'['.repeat(20_000)}${']'.repeat(20_000)}`, `${'{"a":'.repeat(12_000)}1${'}'.repeat(12_000)}`);
  const asText = fc
    .oneof(truncated, broken, fixed, random, deep)
    // A route without a body ignores one that parses (a top-level array, a deep nest) and an empty one (no
    // body at all): only what cannot parse is bad there.
    .filter((raw) => !opts.onlyUnparsable || (raw !== '' && !parses(raw)))
    .map((raw): BadPayload => ({ raw, headers: JSON_TYPE, what: `body ${shown(raw)}` }));
  const invalidUtf8 = fc
    .constantFrom([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d], [0xc0, 0xaf], [0xef, 0xbb, 0xbf, 0x7b, 0x7d, 0xff])
    // Decoded with replacement characters, `{"a":"\ufffd\ufffd"}` parses: not bad where bodies are ignored.
    .filter((bytes) => !opts.onlyUnparsable || !parses(new TextDecoder().decode(new Uint8Array(bytes))))
    .map((bytes): BadPayload => ({ raw: new Uint8Array(bytes), headers: JSON_TYPE, what: `bytes ${bytes.map((b) => b.toString(16)).join(' ')}` }));
  return fc.oneof({ weight: 6, arbitrary: asText }, { weight: 1, arbitrary: invalidUtf8 });
}

/**
 * A valid body under a content type or encoding the service does not read: it is not parsed (so the
 * body is missing: 400), or refused for its charset or encoding (415), or fails to decompress (400).
 * `application/json; charset=utf-8` and `identity` are left out: those are right.
 */
export function wrongContentTypes(valid: unknown): fc.Arbitrary<BadPayload> {
  // Bytes, not a string: fetch would add `text/plain` to a string body sent without a content type.
  const raw = new TextEncoder().encode(JSON.stringify(valid));
  return fc
    .constantFrom<Array<Record<string, string>>>(
      {},
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'multipart/form-data; boundary=x' },
      { 'content-type': 'application/xml' },
      { 'content-type': 'application/json-patch' },
      { 'content-type': 'application/json; charset=latin1' },
      { 'content-type': 'application/json; charset=koi8-r' },
      { 'content-type': 'application/json; charset=utf-16le' },
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      { 'content-type': 'application/json', 'content-encoding': 'deflate' },
      { 'content-type': 'application/json', 'content-encoding': 'br' },
      { 'content-type': 'application/json', 'content-encoding': 'compress' },
      { 'content-type': 'application/json', 'content-encoding': 'x-bogus' },
    )
    .map((headers): BadPayload => ({ raw, headers, what: `a valid body with ${JSON.stringify(headers)}` }));
}
