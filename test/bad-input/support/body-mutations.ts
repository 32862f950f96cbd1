import fc from 'fast-check';
import {
  anyJson,
  badCode,
  badDate,
  badInstant,
  badInteger,
  notABoolean,
  notAnArray,
  notAnObject,
  notAString,
  notOneOf,
  setOwn,
  tooLong,
  unknownKey,
  withControlChars,
} from './bad-values';

/**
 * What a JSON body's fields are, as far as the bad-input tests need to know: enough to make any one of
 * them wrong on purpose. Written by hand from the API's promises (not derived from the zod schemas), so a
 * schema that is too lax lets a bad value through and the test catches it.
 */
/** `nullable`: null is a value the field takes (it clears it), so never one of its bad values. */
export type Field = { required?: boolean; nullable?: boolean } &
  /** Free text without control characters; `min` counts after trimming (0: blank is fine). */
  (
    | { kind: 'text'; max: number; min: number }
    | { kind: 'code' }
    | { kind: 'instant' }
    | { kind: 'date' }
    | { kind: 'enum'; options: readonly string[] }
    | { kind: 'bool' }
    | { kind: 'int'; min: number; max: number }
    | { kind: 'email' }
    | { kind: 'url' }
    | { kind: 'secret'; min: number; max: number }
    | { kind: 'object'; fields: Fields }
    | { kind: 'array'; max: number; of: Field; min?: number }
  );
export type Fields = Record<string, Field>;

/** A body made invalid, and the fields a clear answer names (dotted paths; '(root)' for the body itself). */
export interface BadBody {
  body: unknown;
  paths: string[];
  what: string;
}

type Path = Array<string | number>;
const dotted = (path: Path): string => (path.length ? path.join('.') : '(root)');

const built = new WeakMap<Field, fc.Arbitrary<unknown>>();

/** A value the field must refuse, whatever else the body holds. Built once per field: drawn on every run. */
export function badValueFor(field: Field): fc.Arbitrary<unknown> {
  let arbitrary = built.get(field);
  if (!arbitrary) built.set(field, (arbitrary = field.nullable ? buildBadValue(field).filter((v) => v !== null) : buildBadValue(field)));
  return arbitrary;
}

function buildBadValue(field: Field): fc.Arbitrary<unknown> {
  switch (field.kind) {
    case 'text':
      return fc.oneof(
        notAString(),
        withControlChars(),
        tooLong(field.max),
        ...(field.min > 0 ? [fc.constantFrom('', ' ', '   ', 'x'.repeat(field.min - 1).padStart(field.min + 2, ' '))] : []),
      );
    case 'code':
      return badCode();
    case 'instant':
      return badInstant();
    case 'date':
      return badDate();
    case 'enum':
      return fc.oneof(notOneOf(field.options), notAString());
    case 'bool':
      return notABoolean();
    case 'int':
      return fc.oneof(
        badInteger(field.min, field.max),
        notAString().filter((v) => typeof v !== 'number'),
        fc.constantFrom('1', '0'),
      );
    case 'email':
      return fc.oneof(
        fc.constantFrom('', 'plainaddress', '@no-local.org', 'no-domain@', 'spaces in@example.org', 'a@b@example.org', `${'x'.repeat(250)}@example.org`),
        withControlChars().map((s) => `${s}@example.org`),
        notAString(),
      );
    case 'url':
      return fc.oneof(
        fc.constantFrom(
          '',
          'not a url',
          'javascript:alert(1)',
          'file:///etc/passwd',
          'ftp://example.org/x',
          'gopher://example.org',
          `https://example.org/${'x'.repeat(2000)}`,
        ),
        notAString(),
      );
    case 'secret':
      return fc.oneof(
        fc.integer({ min: 0, max: field.min - 1 }).map((n) => 's'.repeat(n)),
        tooLong(field.max),
        notAString(),
      );
    case 'object':
      return notAnObject();
    case 'array':
      return fc.oneof(
        notAnArray(),
        fc.integer({ min: field.max + 1, max: field.max + 40 }).map((n) => Array.from({ length: n }, () => 'x')),
        // Huge: 10 000 elements fit the 64 kB limit (400), 40 000 do not (413).
        fc.constantFrom(10_000, 40_000).map((n) => new Array<number>(n).fill(0)),
        ...(field.min ? [fc.constant([])] : []),
        // A list whose first element is wrong.
        badValueFor(field.of).map((v) => [v]),
      );
  }
}

interface Leaf {
  path: Path;
  field: Field;
}

/** Every field present in the valid body, with its path: the ones a mutation can aim at. */
function leavesOf(body: unknown, fields: Fields, prefix: Path = []): Leaf[] {
  const out: Leaf[] = [];
  const obj = body as Record<string, unknown>;
  for (const [key, field] of Object.entries(fields)) {
    const path = [...prefix, key];
    out.push({ path, field });
    const value = obj?.[key];
    if (field.kind === 'object' && value && typeof value === 'object') out.push(...leavesOf(value, field.fields, path));
    if (field.kind === 'array' && Array.isArray(value) && value.length > 0) {
      out.push({ path: [...path, 0], field: field.of });
      if (field.of.kind === 'object') out.push(...leavesOf(value[0], field.of.fields, [...path, 0]));
    }
  }
  return out;
}

/** The objects of the valid body (the body itself first), with the names they know: where an unknown field can go. */
function objectsOf(body: unknown, fields: Fields, prefix: Path = []): Array<{ path: Path; known: string[] }> {
  const out = [{ path: prefix, known: Object.keys(fields) }];
  const obj = body as Record<string, unknown>;
  for (const [key, field] of Object.entries(fields)) {
    const value = obj?.[key];
    if (field.kind === 'object' && value && typeof value === 'object') out.push(...objectsOf(value, field.fields, [...prefix, key]));
    if (field.kind === 'array' && field.of.kind === 'object' && Array.isArray(value) && value.length > 0)
      out.push(...objectsOf(value[0], field.of.fields, [...prefix, key, 0]));
  }
  return out;
}

type Mutation = { op: 'set'; path: Path; value: unknown } | { op: 'delete'; path: Path } | { op: 'add'; path: Path; key: string; value: unknown };

/** Applies a mutation to a deep copy; a mutation whose parent an earlier one removed is skipped (undefined). */
function apply(body: unknown, m: Mutation): { body: unknown; path: string } | undefined {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  const target = m.op === 'add' ? m.path : m.path.slice(0, -1);
  let parent: any = copy;
  for (const step of target) {
    parent = parent?.[step];
    if (!parent || typeof parent !== 'object') return undefined;
  }
  if (m.op === 'add') {
    setOwn(parent, m.key, m.value);
    return { body: copy, path: dotted(m.path) };
  }
  const last = m.path[m.path.length - 1]!;
  if (m.op === 'delete') delete parent[last];
  else setOwn(parent, String(last), m.value);
  return { body: copy, path: dotted(m.path) };
}

function describe(m: Mutation): string {
  if (m.op === 'add') return `unknown field ${JSON.stringify(m.key)} in ${dotted(m.path)}`;
  if (m.op === 'delete') return `no ${dotted(m.path)}`;
  const shown = JSON.stringify(m.value) ?? String(m.value);
  return `${dotted(m.path)} = ${shown.length > 60 ? `${shown.slice(0, 60)}… (${shown.length} chars)` : shown}`;
}

/**
 * Bodies made invalid from a valid one: one to three fields set to a value of their kind they must refuse,
 * required ones left out, unknown fields added (at any depth); or the body replaced by something that is
 * not an object at all.
 */
export function invalidBodies(valid: unknown, fields: Fields): fc.Arbitrary<BadBody> {
  const leaves = leavesOf(valid, fields);
  const required = leaves.filter((l) => l.field.required && typeof l.path[l.path.length - 1] === 'string');
  const objects = objectsOf(valid, fields);
  const setBad = fc.constantFrom(...leaves).chain((l) => badValueFor(l.field).map((value): Mutation => ({ op: 'set', path: l.path, value })));
  const addUnknown = fc
    .constantFrom(...objects)
    .chain((o) => fc.tuple(unknownKey(o.known), anyJson()).map(([key, value]): Mutation => ({ op: 'add', path: o.path, key, value })));
  const kinds: Array<fc.Arbitrary<Mutation>> = [setBad, addUnknown];
  if (required.length > 0) kinds.push(fc.constantFrom(...required).map((l): Mutation => ({ op: 'delete', path: l.path })));

  const mutated = fc.array(fc.oneof(...kinds), { minLength: 1, maxLength: 3 }).map((mutations): BadBody => {
    let body = valid;
    const paths: string[] = [];
    const what: string[] = [];
    for (const m of mutations) {
      const done = apply(body, m);
      if (!done) continue;
      body = done.body;
      paths.push(done.path);
      what.push(describe(m));
    }
    return { body, paths, what: what.join('; ') };
  });
  const notAnObjectAtAll = fc
    .oneof(notAnObject(), fc.constant([valid]))
    .map((body): BadBody => ({ body, paths: ['(root)'], what: `the body is ${JSON.stringify(body)?.slice(0, 40)}` }));
  // At least one mutation always applies: the first runs on the valid body, where every path exists.
  return fc.oneof({ weight: 9, arbitrary: mutated }, { weight: 1, arbitrary: notAnObjectAtAll });
}
