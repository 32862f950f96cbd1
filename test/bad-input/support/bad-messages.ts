import fc from 'fast-check';
import type { z } from 'zod';
import { SUBJECTS, type Subject } from '@continuum/bus';
import { malformedJson } from './bad-payloads';
import { anyJson, badCodeString, badInstant, notAString, operatorObjects, setOwn, tooLong, unknownKey, withControlChars } from './bad-values';

/** A bad message for a subject: its bytes, what is wrong with it, and whether it is JSON at all. */
export interface BadMessage {
  bytes: Uint8Array;
  what: string;
  json: boolean;
}

const encoder = new TextEncoder();
const asJson = (value: unknown, what: string): BadMessage => ({ bytes: encoder.encode(JSON.stringify(value)), what, json: true });

/** Values to put in a field: wrong types, control characters and forged log lines, bad codes and dates, operators, 300 kB. */
const candidates = fc.oneof(notAString(), withControlChars(), badCodeString(), badInstant(), operatorObjects(), tooLong(250), fc.constant('x'.repeat(300_000)));

/**
 * Messages a subject's consumers must dead-letter, built from a valid event of it: not JSON, not an
 * object, another event type (or another subject's valid event), a field unknown, left out or wrong. A
 * field is only set to a value its own schema refuses, so each message is bad for the one reason it says.
 */
export function badMessages(subject: Subject, valid: Record<string, unknown>, validOfOtherSubjects: Array<Record<string, unknown>>): fc.Arbitrary<BadMessage> {
  const shape = (SUBJECTS[subject].schema as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
  const keys = Object.keys(shape).filter((k) => k !== 'type');
  const required = keys.filter((k) => !shape[k]!.safeParse(undefined).success);
  const withField = (key: string, value: unknown) => {
    const copy = { ...valid };
    setOwn(copy, key, value);
    return copy;
  };
  const short = (v: unknown) => {
    const s = JSON.stringify(v) ?? String(v);
    return s.length > 50 ? `${s.slice(0, 50)}…(${s.length})` : s;
  };

  const notJson = malformedJson(valid, { onlyUnparsable: true }).map((p): BadMessage => ({
    bytes: typeof p.raw === 'string' ? encoder.encode(p.raw) : p.raw,
    what: p.what,
    json: false,
  }));
  const notAnObject = fc.constantFrom<unknown>(null, [], 'x', 42, true, [valid]).map((v) => asJson(v, `the message is ${short(v)}`));
  const otherType = fc
    .oneof(fc.constantFrom('task.bogus', '', subject.toUpperCase(), `${subject} `, `${subject}\n`), withControlChars(), notAString())
    .filter((type) => type !== subject)
    .map((type) => asJson({ ...valid, type }, `type ${short(type)}`));
  const otherSubjects =
    validOfOtherSubjects.length > 0
      ? [fc.constantFrom(...validOfOtherSubjects).map((event) => asJson(event, `a valid ${String(event.type)} on ${subject}`))]
      : [];
  const unknown = fc.tuple(unknownKey(Object.keys(shape)), anyJson()).map(([key, value]) => asJson(withField(key, value), `unknown field ${short(key)}`));
  const missing = fc.constantFrom(...required).map((key) => {
    const copy = { ...valid };
    delete copy[key];
    return asJson(copy, `no ${key}`);
  });
  const wrong = fc
    .constantFrom(...keys)
    .chain((key) => candidates.filter((value) => !shape[key]!.safeParse(value).success).map((value) => ({ key, value })))
    .map(({ key, value }) => asJson(withField(key, value), `${key} = ${short(value)}`));

  return fc.oneof(
    { weight: 2, arbitrary: notJson },
    { weight: 1, arbitrary: notAnObject },
    { weight: 1, arbitrary: otherType },
    ...otherSubjects.map((arbitrary) => ({ weight: 1, arbitrary })),
    { weight: 2, arbitrary: unknown },
    { weight: 2, arbitrary: missing },
    { weight: 4, arbitrary: wrong },
  );
}
