import fc from 'fast-check';
import { badCodeString, withControlChars } from './bad-values';
import { segment } from './send';

/** A path segment as sent (already encoded), what it is, and the statuses that are right for it. */
export interface BadSegment {
  segment: string;
  what: string;
  status: number[];
}

const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));

/** The shapes of the ids in paths (packages/domain/src/ids.ts, conference.ts). */
export const ID_SHAPES = {
  caseId: /^case-[0-9a-f]{20}$/,
  taskId: /^task-[0-9a-f]{20}-(c[0-9]{1,4}-)?[0-9]{1,6}$/,
  conferenceId: /^conf-[0-9a-f]{20}-[0-9]{1,4}$/,
  facilityId: /^[a-z0-9][a-z0-9._:-]{0,63}$/i,
  personId: /^p-[0-9a-f]{16}$/,
} as const;
export type IdName = keyof typeof ID_SHAPES;

/** Ids of the right shape that name nothing: 404. */
export function unknownId(name: IdName): fc.Arbitrary<string> {
  switch (name) {
    case 'caseId':
      return hex(20).map((h) => `case-${h}`);
    case 'taskId':
      return fc.tuple(hex(20), fc.integer({ min: 1, max: 999_999 })).map(([h, n]) => `task-${h}-${n}`);
    case 'conferenceId':
      return fc.tuple(hex(20), fc.integer({ min: 1, max: 9999 })).map(([h, n]) => `conf-${h}-${n}`);
    case 'facilityId':
      return hex(12).map((h) => `bad-input-nowhere-${h}`);
    case 'personId':
      return hex(16).map((h) => `p-${h}`);
  }
}

/** Near misses of a valid id: one character too many or too few, upper case, a line break, another kind's id. */
function nearMisses(valid: string): string[] {
  return [valid.slice(0, -1), `${valid}0`, valid.toUpperCase(), `${valid}\n`, ` ${valid}`, `${valid}/`, valid.replace(/-/g, '_'), `${valid}%00`];
}

/**
 * Path parameters that are not ids: random text, near misses of a valid one, control characters and
 * forged log lines, an operator object, traversal, and up to 8000 characters (under Node's 16 kB line).
 * Encoded, they reach the parameter as they are: 400 naming it. Raw, a bad escape cannot be decoded
 * (400), and `..` moves to another route (404; route-properties.ts leaves it out where that route serves a
 * GET). (An empty segment or `.` is left out: `GET /tasks/` is the inbox, a valid request.)
 */
export function badSegment(name: IdName, valid: string, validIdsOfOtherKinds: string[]): fc.Arbitrary<BadSegment> {
  const shape = ID_SHAPES[name];
  // A code-shaped parameter (facilityId) that is well formed names no facility: 404 is as right as 400.
  const encodedStatus = name === 'facilityId' ? [400, 404] : [400];
  const encoded = fc
    .oneof(
      fc.string({ minLength: 1, maxLength: 40 }),
      fc.constantFrom(...nearMisses(valid), ...validIdsOfOtherKinds, '{"$ne":null}', '../../etc/passwd', 'null', 'undefined', '0', '-1'),
      withControlChars(),
      name === 'facilityId' ? badCodeString() : fc.string({ minLength: 1, maxLength: 10 }),
      fc.integer({ min: 100, max: 8000 }).map((n) => 'a'.repeat(n)),
    )
    // `.` and `..` are dot segments even encoded: the client resolves them away before sending.
    .filter((s) => (!shape.test(s) || name === 'facilityId') && s !== '.' && s !== '..')
    .map((s): BadSegment => ({ segment: segment(s), what: `${name} ${JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s)}`, status: encodedStatus }));
  const raw = fc
    .constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', '%ff', '%2e%2e', '..')
    .map((s): BadSegment => ({ segment: s, what: `raw ${name} segment ${JSON.stringify(s)}`, status: [400, 404] }));
  return fc.oneof({ weight: 5, arbitrary: encoded }, { weight: 1, arbitrary: raw });
}
