import fc from 'fast-check';
import { BAD_DATES, badCodeString, notOneOf, tooLong, unknownKey, withControlChars } from './bad-values';
import type { Expected } from './rejection';
import { queryString } from './send';

/** A query parameter, as the bad-input tests need to know it (every value arrives as a string). */
export type QueryField =
  | { kind: 'enum'; options: readonly string[] }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'code' }
  | { kind: 'date' }
  /** A value that must match a pattern: `bad` gives values that do not. */
  | { kind: 'pattern'; bad: () => fc.Arbitrary<string> }
  /** Trimmed text of 1..max characters. */
  | { kind: 'text'; max: number }
  /** One of the caller's districts: another district is a 403, anything not a district id a 400. */
  | { kind: 'own-district'; mine: readonly string[] };
export type QueryFields = Record<string, QueryField>;

export interface BadQuery {
  /** The query string, encoded, with its `?`. */
  target: string;
  expected: Expected;
  what: string;
}

/** The shape of a district id (packages/domain/src/ids.ts). */
const CODE = /^[a-z0-9][a-z0-9._:-]{0,63}$/i;

/** What Number() makes of a query value that z.coerce.number() then checks: is it an integer in range? */
const coercesToIntegerIn = (s: string, min: number, max: number): boolean => {
  const n = Number(s);
  return Number.isInteger(n) && n >= min && n <= max;
};

/** A value of the parameter that the API must refuse, with the status it refuses it with. */
function badValueFor(field: QueryField): fc.Arbitrary<{ value: string; status: number }> {
  let arbitrary = built.get(field);
  if (!arbitrary) built.set(field, (arbitrary = buildBadValue(field)));
  return arbitrary;
}
const built = new WeakMap<QueryField, fc.Arbitrary<{ value: string; status: number }>>();

function buildBadValue(field: QueryField): fc.Arbitrary<{ value: string; status: number }> {
  const invalid = (a: fc.Arbitrary<string>) => a.map((value) => ({ value, status: 400 }));
  switch (field.kind) {
    case 'enum':
      return invalid(notOneOf(field.options));
    case 'int':
      return invalid(
        fc
          .oneof(
            fc.string({ maxLength: 12 }),
            fc.integer().map(String),
            fc.double({ noNaN: true }).map(String),
            fc.constantFrom('1e999', '-0.5', 'Infinity', '0x', '١٢'),
          )
          .filter((s) => !coercesToIntegerIn(s, field.min, field.max)),
      );
    case 'code':
      return invalid(badCodeString());
    case 'date':
      return invalid(fc.oneof(fc.constantFrom(...BAD_DATES), withControlChars()));
    case 'pattern':
      return invalid(field.bad());
    case 'text':
      return invalid(
        fc.oneof(
          fc.constantFrom('', ' ', '\t\n'),
          tooLong(field.max).map((s) => s.slice(0, 4000)),
        ),
      );
    case 'own-district':
      return fc
        .oneof(fc.string({ maxLength: 30 }), withControlChars(), fc.constantFrom('', 'kz-almaty-bostandyk', 'spb-kolpinsky', '*', '{"$ne":null}'))
        .filter((value) => !field.mine.includes(value))
        .map((value) => ({ value, status: CODE.test(value) ? 403 : 400 }));
  }
}

/**
 * Queries made invalid: a parameter given a value it must refuse, a parameter given twice (it arrives as a
 * list), an unknown parameter, or a bracketed one (`filter[$ne]=x`, which some parsers turn into objects).
 * URLs stay under Node's 16 kB header limit, so every answer comes from the service.
 */
export function invalidQueries(fields: QueryFields, base: ReadonlyArray<readonly [string, string]> = []): fc.Arbitrary<BadQuery> {
  const names = Object.keys(fields);
  const known = [...names, ...base.map(([k]) => k)];
  const withBase = (pairs: Array<readonly [string, string]>) => queryString([...base.filter(([k]) => !pairs.some(([p]) => p === k)), ...pairs]);
  const arbitraries: Array<fc.Arbitrary<BadQuery>> = [
    unknownKey(known).chain((key) =>
      fc.string({ maxLength: 20 }).map((value) => ({
        target: withBase([[key, value]]),
        expected: { status: [400], paths: ['(root)'] },
        what: `unknown parameter ${JSON.stringify(key)}`,
      })),
    ),
  ];
  if (names.length > 0) {
    arbitraries.push(
      fc
        .constantFrom(...names)
        .chain((name) => badValueFor(fields[name]!).map(({ value, status }) => ({ name, value, status })))
        .map(({ name, value, status }) => ({
          target: withBase([[name, value]]),
          expected: { status: [status], paths: [name] },
          what: `${name}=${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`,
        })),
      fc.tuple(fc.constantFrom(...names), fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([name, a, b]) => ({
        target: withBase([
          [name, a],
          [name, b],
        ]),
        expected: { status: [400], paths: [name] },
        what: `${name} given twice`,
      })),
      fc.tuple(fc.constantFrom(...names), fc.constantFrom('$ne', '$gt', '0', '')).map(([name, inner]) => ({
        target: withBase([[`${name}[${inner}]`, 'x']]),
        expected: { status: [400], paths: ['(root)'] },
        what: `${name}[${inner}]`,
      })),
    );
  }
  return fc.oneof(...arbitraries);
}
