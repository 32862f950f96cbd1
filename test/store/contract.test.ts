import type { Document } from 'mongodb';
import { connectStore, type Store } from '@continuum/store';
import { openTestSystem, type OpenTestSystem } from '../harness/system';

/**
 * The store contract: what the services count on from the MongoDB-wire server under them. It runs on the
 * test system's server (the embedded FerretDB on its PostgreSQL, or whatever MONGO_URL names: a city runs it
 * against its MongoDB), in a database of its own that it drops before and after.
 */
const CONTRACT_DATABASE = 'continuum-contract';
const CALLERS = 20;

describe('store contract', () => {
  let t: OpenTestSystem;
  let store: Store;
  beforeAll(async () => {
    t = await openTestSystem();
    store = await connectStore(t.system.mongoUrl.replace(/\/[^/?]*(\?|$)/, `/${CONTRACT_DATABASE}$1`));
    await store.db.dropDatabase();
    await store.ensureIndexes();
  });
  afterAll(async () => {
    await store?.db.dropDatabase();
    await store?.close();
    await t?.close();
  });
  const scratch = () => store.db.collection('contract-scratch');

  it('a unique index refuses a second document with the same key (duplicate key, code 11000)', async () => {
    const referral = {
      facilityId: 'f-1',
      referralId: 'r-1',
      district: 'd',
      programme: 'abandonment-prevention',
      referredAt: new Date(),
      urgent: false,
      status: 'requested',
      receivedAt: new Date(),
      form: {},
    };
    await store.referrals.collection.insertOne({ _id: 'case-1', ...referral } as never);
    await expect(store.referrals.collection.insertOne({ _id: 'case-2', ...referral } as never)).rejects.toMatchObject({ code: 11000 });
    expect(await store.referrals.countDocuments({ facilityId: 'f-1' })).toBe(1);
  });

  it(`a conditional update raced by ${CALLERS} callers has exactly one winner`, async () => {
    await scratch().insertOne({ _id: 'claim' as never, holder: null });
    const answers = await Promise.all(
      Array.from({ length: CALLERS }, (_, i) => scratch().updateOne({ _id: 'claim' as never, holder: null }, { $set: { holder: `caller-${i}` } })),
    );
    expect(answers.reduce((n, a) => n + a.modifiedCount, 0)).toBe(1);
    const winner = answers.findIndex((a) => a.modifiedCount === 1);
    expect(await scratch().findOne({ _id: 'claim' as never })).toMatchObject({ holder: `caller-${winner}` });
  });

  it(`findOneAndUpdate raced by ${CALLERS} callers has exactly one winner`, async () => {
    await scratch().insertOne({ _id: 'take' as never, takenBy: null });
    const answers = await Promise.all(
      Array.from({ length: CALLERS }, (_, i) => scratch().findOneAndUpdate({ _id: 'take' as never, takenBy: null }, { $set: { takenBy: `caller-${i}` } })),
    );
    expect(answers.filter((a) => a !== null)).toHaveLength(1);
  });

  it('50 concurrent $inc and $addToSet on one document lose nothing', async () => {
    await scratch().insertOne({ _id: 'counter' as never, n: 0, seen: [] });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => scratch().updateOne({ _id: 'counter' as never }, { $inc: { n: 1 }, $addToSet: { seen: `s-${i}` } })),
    );
    const doc = await scratch().findOne({ _id: 'counter' as never });
    expect({ n: doc?.n, seen: (doc?.seen as string[]).length }).toEqual({ n: 50, seen: 50 });
  });

  it('the aggregation the services run ($match with $in, $unwind, $group with $sum) and countDocuments count right', async () => {
    // Staff of three districts, some in two of them, of two disciplines: the reporting's "social workers per district".
    const staff = Array.from({ length: 60 }, (_, i) => ({
      _id: `agg-${i}`,
      roles: i % 5 === 0 ? ['supervisor'] : ['caseworker'],
      discipline: i % 3 === 0 ? 'psychologist' : 'social-worker',
      districts: i % 4 === 0 ? ['agg-a', 'agg-b'] : [['agg-a', 'agg-b', 'agg-c'][i % 3]!],
    }));
    const raw = store.db.collection('contract-staff');
    await raw.insertMany(staff as never[]);
    const ids = ['agg-a', 'agg-b'];
    const counted = await raw
      .aggregate<{ _id: string; n: number }>([
        { $match: { roles: 'caseworker', discipline: 'social-worker', districts: { $in: ids } } },
        { $unwind: '$districts' },
        { $match: { districts: { $in: ids } } },
        { $group: { _id: '$districts', n: { $sum: 1 } } },
      ])
      .toArray();
    const expected = new Map<string, number>();
    for (const s of staff.filter((s) => s.roles.includes('caseworker') && s.discipline === 'social-worker')) {
      for (const d of s.districts.filter((d) => ids.includes(d))) expected.set(d, (expected.get(d) ?? 0) + 1);
    }
    expect(Object.fromEntries(counted.map((r) => [r._id, r.n]))).toEqual(Object.fromEntries(expected));
    expect(await raw.countDocuments({ discipline: 'social-worker', districts: 'agg-c' })).toBe(
      staff.filter((s) => s.discipline === 'social-worker' && s.districts.includes('agg-c')).length,
    );
  });

  it('ranges on dates answer as MongoDB does: arrays of dates, missing fields, other types, bounds included or not', async () => {
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
    const docs: Document[] = [
      ...Array.from({ length: 40 }, (_, i) => ({ _id: `d-${i}`, kind: 'range', dueAt: day(i) })),
      { _id: 'array-early', kind: 'range', dueAt: [day(50), day(2)] },
      { _id: 'array-late', kind: 'range', dueAt: [day(50), day(60)] },
      { _id: 'missing', kind: 'range' },
      { _id: 'null', kind: 'range', dueAt: null },
      { _id: 'number', kind: 'range', dueAt: 5 },
      { _id: 'string', kind: 'range', dueAt: '2026-01-03' },
    ];
    await scratch().insertMany(docs as never[]);
    const ids = async (filter: Document) =>
      (
        await scratch()
          .find({ kind: 'range', ...filter })
          .toArray()
      )
        .map((d) => String(d._id))
        .sort();
    const days = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `d-${from + i}`).sort();
    expect(await ids({ dueAt: { $lt: day(5) } })).toEqual([...days(0, 5), 'array-early'].sort());
    expect(await ids({ dueAt: { $lte: day(5) } })).toEqual([...days(0, 6), 'array-early'].sort());
    expect(await ids({ dueAt: { $gt: day(35) } })).toEqual([...days(36, 40), 'array-early', 'array-late'].sort());
    // An array matches when some element meets each bound, not necessarily the same one (as MongoDB does).
    expect(await ids({ dueAt: { $gte: day(10), $lt: day(12) } })).toEqual([...days(10, 12), 'array-early'].sort());
    expect(await ids({ dueAt: { $gte: day(55) } })).toEqual(['array-late']);
  });

  it('$in with strings answers as MongoDB does, one holding a NUL character included', async () => {
    await scratch().insertMany([
      { _id: 'in-a', kind: 'in', code: 'a' },
      { _id: 'in-b', kind: 'in', code: 'b' },
      { _id: 'in-c', kind: 'in', code: 'c' },
    ] as never[]);
    const codes = async (values: string[]) =>
      (
        await scratch()
          .find({ kind: 'in', code: { $in: values } })
          .toArray()
      )
        .map((d) => d.code)
        .sort();
    expect(await codes(['a', 'c', 'z'])).toEqual(['a', 'c']);
    // Bad input can carry one (a referral id a test generates): it matches nothing, and the query does not fail.
    expect(await codes(['a', 'x\u0000y'])).toEqual(['a']);
    expect(await scratch().countDocuments({ kind: 'in', code: { $in: ['\u0000'] } })).toBe(0);
  });

  it('every index a schema declares serves an equality query on its fields, without a collection scan', async () => {
    const scans: string[] = [];
    let checked = 0;
    for (const model of (Object.values(store) as unknown[]).filter(isModel)) {
      const indexes = model.schema.indexes() as Array<[Record<string, 1 | -1>, Record<string, unknown>]>;
      if (indexes.length === 0) continue;
      const collection = model.collection.name;
      // Enough documents that a planner prefers an index where it has one: each index field takes 200 values
      // (a field of a unique index, one per document).
      // _id is unique whatever the index it is part of (the audit trail's are by case, newest first).
      const unique = new Set(['_id', ...indexes.filter(([, options]) => options.unique).flatMap(([fields]) => Object.keys(fields))]);
      const docs = Array.from({ length: 3000 }, (_, i) => {
        const doc: Document = { _id: `${collection}-${i}` };
        for (const [fields] of indexes) for (const field of Object.keys(fields)) setPath(doc, field, valueFor(model, field, i, unique.has(field)));
        return doc;
      });
      for (let i = 0; i < docs.length; i += 500) await store.db.collection(collection).insertMany(docs.slice(i, i + 500) as never[]);
      for (const [fields] of indexes) {
        // The fields a query names with equality: those before the first date (a date is a range or a sort).
        const equal = Object.keys(fields).filter((field, i, all) => all.slice(0, i + 1).every((f) => !isDate(model, f)));
        if (equal.length === 0) continue;
        const filter = Object.fromEntries(equal.map((field) => [field, valueFor(model, field, 7)]));
        const explained = await store.db.db!.command({ explain: { find: collection, filter }, verbosity: 'queryPlanner' });
        checked += 1;
        if (scansCollection(explained)) scans.push(`${collection} ${JSON.stringify(filter)}`);
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(scans).toEqual([]);
  });
});

type Model = {
  schema: { indexes(): unknown[]; path(p: string): { instance?: string; caster?: { instance?: string } } | undefined };
  collection: { name: string };
};
const isModel = (value: unknown): value is Model => typeof value === 'function' && 'schema' in value && 'collection' in value;
const instanceOf = (model: Model, field: string) => {
  const path = model.schema.path(field);
  return path?.instance === 'Array' ? (path.caster?.instance ?? 'String') : (path?.instance ?? 'String');
};
const isDate = (model: Model, field: string) => instanceOf(model, field) === 'Date';
function valueFor(model: Model, field: string, i: number, unique = false): unknown {
  const n = unique ? i : i % 200;
  switch (instanceOf(model, field)) {
    case 'Date':
      return new Date(Date.UTC(2026, 0, 1) + i * 60_000);
    case 'Number':
      return n;
    case 'Boolean':
      return i % 2 === 0;
    default:
      return `v-${n}`;
  }
}
/** Sets `a.b` as a list of one sub-document (as conferences' participants are), or a plain field. */
function setPath(doc: Document, field: string, value: unknown): void {
  const [head, ...rest] = field.split('.');
  if (rest.length === 0) doc[head!] = value;
  else doc[head!] = [{ [rest.join('.')]: value }];
}

/** A collection scan in an explain answer: MongoDB's COLLSCAN stage, or FerretDB's PostgreSQL Seq Scan. */
function scansCollection(explained: Document): boolean {
  const walk = (node: unknown): boolean => {
    if (!node || typeof node !== 'object') return false;
    const n = node as Record<string, unknown>;
    if (n.stage === 'COLLSCAN' || n['Node Type'] === 'Seq Scan') return true;
    return Object.values(n).some((v) => (Array.isArray(v) ? v.some(walk) : walk(v)));
  };
  const planner = explained.queryPlanner as Record<string, unknown> | undefined;
  return walk(planner?.winningPlan ?? planner?.Plan ?? planner);
}
