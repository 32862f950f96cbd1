import fc from 'fast-check';

/*
 * Values that are wrong by construction, whatever schema reads them: a test that sends one expects a 4xx
 * (or a dead letter), so none of these may ever be valid input for the kind of field it is aimed at.
 */

/** Builds an arbitrary once: some (a pattern's) are costly to build, and they are asked for on every draw. */
const once = <T>(make: () => T): (() => T) => {
  let made: T | undefined;
  return () => (made ??= make());
};

/** In every injected line and key, so the log scan finds what these tests sent and nothing else. */
export const INJECTION_MARKER = 'bad_input_injected';

/** A forged log record: were it written raw after a line break, it would read as a line of its own. */
export const FORGED_LOG_LINE = `{"level":50,"time":0,"msg":"forged","${INJECTION_MARKER}":true}`;

/** U+0000–U+001F and U+007F–U+009F: Unicode's control characters (\p{Cc}). */
export const controlChar = once((): fc.Arbitrary<string> =>
  fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f })).map((c) => String.fromCharCode(c)),
);

/**
 * Strings carrying a control character between printable text (never at an end, where trimming would
 * remove a line break and leave valid text): log injection, terminal escapes, NUL.
 */
export const withControlChars = once((): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      `ok\n${FORGED_LOG_LINE}\nok`,
      `ok\r\n${FORGED_LOG_LINE} ok`,
      `ok\u0000${INJECTION_MARKER}`,
      `ok\u001b[2J\u001b[31m${INJECTION_MARKER}`,
      `ok\u0085${INJECTION_MARKER}`,
      `ok\u007f${INJECTION_MARKER}`,
      `ok\t${INJECTION_MARKER}`,
    ),
    fc.tuple(fc.string({ maxLength: 12 }), controlChar(), fc.string({ maxLength: 12 })).map(([a, c, b]) => `ok${a}${c}${b}ok`),
  ),
);

/** Longer than `max` characters: beyond the field's limit, and up to beyond the 64 kB body limit. */
export const tooLong = (max: number): fc.Arbitrary<string> =>
  fc.oneof(fc.integer({ min: max + 1, max: max + 64 }), fc.constantFrom(20_000, 100_000)).map((n) => 'x'.repeat(n));

/** Objects a careless query builder would pass to MongoDB as operators. */
export const operatorObjects = once((): fc.Arbitrary<Record<string, unknown>> =>
  fc.constantFrom({ $gt: '' }, { $ne: null }, { $where: 'sleep(1000)' }, { $regex: '.*' }, { $in: [] }),
);

/** Any JSON value that is not a string. */
export const notAString = once((): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
    operatorObjects(),
  ),
);

export const notABoolean = once((): fc.Arbitrary<unknown> =>
  fc.oneof(fc.constantFrom('true', 'false', 'yes', '1', 0, 1, null, [], {}, [true]), operatorObjects()),
);

export const notAnObject = once((): fc.Arbitrary<unknown> =>
  fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 })),
);

export const notAnArray = once((): fc.Arbitrary<unknown> =>
  fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null), operatorObjects()),
);

/** Instants every Instant field must refuse: out of 1900–2100, impossible days and hours, no offset, not ISO. */
export const BAD_INSTANTS = [
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '+275761-01-01T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '1899-12-31T23:59:59Z',
  '2100-01-01T00:00:00Z',
  '2026-02-30T10:00:00Z',
  '2026-02-29T10:00:00Z',
  '2026-13-01T10:00:00Z',
  '2026-11-20T25:00:00Z',
  '2026-11-20T10:61:00Z',
  '2026-11-20T10:00:00',
  '2026-11-20 10:00:00Z',
  '2026-11-20',
  '20261120T100000Z',
  'yesterday',
  'now',
  'NaN',
  '',
] as const;

/** Calendar dates every CalendarDate field must refuse. */
export const BAD_DATES = [
  '0000-01-01',
  '1899-12-31',
  '2100-01-01',
  '+275760-09-13',
  '275760-09-13',
  '-000001-01-01',
  '2026-02-30',
  '2026-02-29',
  '2026-04-31',
  '2026-13-01',
  '2026-00-10',
  '2026-1-1',
  '20261120',
  '31.12.2026',
  '2026-11-20T00:00:00Z',
  'today',
  '',
] as const;

/** Neither an instant nor a date: random text that does not even start like one. */
const notDateLike = () => fc.string({ maxLength: 30 }).filter((s) => !/^[+-]?\d{4}/.test(s));

export const badInstant = once((): fc.Arbitrary<unknown> => fc.oneof(fc.constantFrom(...BAD_INSTANTS), notDateLike(), withControlChars(), notAString()));
export const badDate = once((): fc.Arbitrary<unknown> => fc.oneof(fc.constantFrom(...BAD_DATES), notDateLike(), withControlChars(), notAString()));

/** Not a code (`^[a-z0-9][a-z0-9._:-]{0,63}$`, case-insensitive): a character outside the set, a bad first one, or too long. */
export const badCodeString = once((): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      '',
      '-lead',
      '.lead',
      ':lead',
      'has space',
      'slash/inside',
      '../../etc/passwd',
      '$where',
      '{"$gt":""}',
      'ünïcödé',
      '<script>',
      'semi;colon',
      'quote"d',
      "apos'",
    ),
    fc
      .tuple(
        fc.stringMatching(/^[a-z0-9]{1,8}$/),
        fc.constantFrom(' ', '/', '\\', '$', '{', '"', '%', '&', '?', '#', '*', 'é', '\u202e', '\u2028'),
        fc.stringMatching(/^[a-z0-9]{0,8}$/),
      )
      .map(([a, bad, b]) => `${a}${bad}${b}`),
    withControlChars(),
    fc.integer({ min: 65, max: 400 }).map((n) => 'a'.repeat(n)),
  ),
);
export const badCode = once((): fc.Arbitrary<unknown> => fc.oneof(badCodeString(), notAString()));

/** A string that is none of the enum's options (a case or spacing variant of one, or anything else). */
export const notOneOf = (options: readonly string[]): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.constantFrom(...options.map((o) => o.toUpperCase()), ...options.map((o) => ` ${o}`), ...options.map((o) => `${o}\n`)),
      fc.string({ maxLength: 20 }),
      withControlChars(),
    )
    .filter((s) => !options.includes(s));

/** A JSON number that is not an integer within [min, max]. */
export const badInteger = (min: number, max: number): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ max: min - 1 }),
    fc.integer({ min: max + 1 }),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((x) => !Number.isInteger(x)),
  );

/** Names no schema knows, including the ones that smuggle a prototype, an operator or a forged log line. */
export const unknownKey = (known: readonly string[]): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', '$where', '$set', 'isAdmin', 'roles', `${INJECTION_MARKER}\n${FORGED_LOG_LINE}`),
      fc.string({ minLength: 1, maxLength: 16 }),
    )
    .filter((k) => !known.includes(k));

/** Any small JSON value, for an unknown field's value. */
export const anyJson = once((): fc.Arbitrary<unknown> => fc.jsonValue({ maxDepth: 2 }));

/** Sets a property as an own, enumerable one: assigning `__proto__` would change the prototype instead. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
