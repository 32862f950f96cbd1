import { randomUUID } from 'node:crypto';
import { REFERENCE_ROWS, ReferenceData, type CityRow, type DistrictRow, type FacilityRow, type ReferenceSection, type StaffRow } from '@continuum/domain';
import type { Store } from '@continuum/store';

/** What is wrong with one row of a reference-data file (or with the file): where, which field, and why. */
export interface RowError {
  /** The row, e.g. `districts[3] (spb-nevsky)`, or `file`. */
  row: string;
  path: string;
  message: string;
}

export interface ImportResult {
  /** False when any row was wrong: then nothing was written. */
  applied: boolean;
  errors: RowError[];
  /** What was (or, on a dry run, would be) written: `districts/spb-nevsky`. */
  created: string[];
  updated: string[];
  unchanged: number;
}

type Rows = { cities: CityRow[]; districts: DistrictRow[]; facilities: FacilityRow[]; staff: StaffRow[] };
const SECTIONS = ['cities', 'districts', 'facilities', 'staff'] as const satisfies readonly ReferenceSection[];
const idOf = (section: ReferenceSection, row: unknown): string | undefined => {
  const r = row as Record<string, unknown> | null;
  const id = section === 'cities' ? r?.name : r?.id;
  return typeof id === 'string' ? id : undefined;
};

/**
 * Imports a city's reference data: checks every row (its fields, ids unique in the file, the cities, districts
 * and delegates it names, in the file or stored), and only when none is wrong writes the rows that differ from
 * what is stored, each change audited with who made it and which fields. Idempotent: the same file again
 * writes nothing. A row absent from the file is left as it is (deactivate staff with `active: false`).
 * A database error midway leaves the rows before it written; running the import again completes it.
 */
export async function importReferenceData(store: Store, raw: unknown, opts: { by: string; dryRun?: boolean }): Promise<ImportResult> {
  const { rows, errors } = await checkReferenceData(store, raw);
  const result: ImportResult = { applied: false, errors, created: [], updated: [], unchanged: 0 };
  if (errors.length > 0 || !rows) return result;
  for (const section of SECTIONS) {
    const model = store[section] as unknown as StoredModel;
    const docs = rows[section].map((row) => DOC_OF[section](row as never));
    // What is stored of these rows, in one read.
    const storedOnes = new Map(((await model.find({ _id: { $in: docs.map((d) => d._id) } }).lean()) as StoredDoc[]).map((d) => [d._id, d] as const));
    for (const doc of docs) {
      const stored = storedOnes.get(doc._id);
      const changed = Object.keys(doc).filter((k) => k !== '_id' && canonical(stored?.[k] ?? null) !== canonical(doc[k]));
      if (stored && changed.length === 0) {
        result.unchanged += 1;
        continue;
      }
      (stored ? result.updated : result.created).push(`${section}/${doc._id}`);
      if (opts.dryRun) continue;
      await model.updateOne({ _id: doc._id }, { $set: doc }, { upsert: true });
      await store.audit.create({
        _id: randomUUID(),
        at: new Date(),
        staffId: opts.by,
        action: 'change-reference-data',
        caseId: null,
        // The fields' names, not their values: the values are in the reference data itself.
        details: { section, id: doc._id, change: stored ? 'updated' : 'created', fields: stored ? changed : Object.keys(doc).filter((k) => k !== '_id') },
      });
    }
  }
  result.applied = !opts.dryRun;
  return result;
}

/** Every row checked, with the errors of each; the rows as the schemas give them when none is wrong. */
export async function checkReferenceData(store: Store, raw: unknown): Promise<{ rows?: Rows; errors: RowError[] }> {
  const file = ReferenceData.safeParse(raw ?? {});
  if (!file.success) return { errors: file.error.issues.map((i) => ({ row: 'file', path: i.path.join('.') || '(root)', message: i.message })) };
  const errors: RowError[] = [];
  const rows = { cities: [], districts: [], facilities: [], staff: [] } as unknown as Rows;
  /** Each parsed row's place in the file, for its errors. */
  const labels = new Map<object, string>();
  for (const section of SECTIONS) {
    const seen = new Set<string>();
    file.data[section].forEach((raw, i) => {
      const id = idOf(section, raw);
      const row = `${section}[${i}]${id ? ` (${id})` : ''}`;
      const parsed = REFERENCE_ROWS[section].safeParse(raw);
      if (!parsed.success) errors.push(...parsed.error.issues.map((issue) => ({ row, path: issue.path.join('.') || '(row)', message: issue.message })));
      else {
        (rows[section] as unknown[]).push(parsed.data);
        labels.set(parsed.data, row);
      }
      if (id && seen.has(id)) errors.push({ row, path: section === 'cities' ? 'name' : 'id', message: `${id} is in the file twice` });
      if (id) seen.add(id);
    });
  }
  // What the rows name must be in the file or already stored.
  const known = async (section: 'cities' | 'districts' | 'staff', ids: string[]) => {
    const inFile = new Set(rows[section].map((r) => idOf(section, r)!));
    const missing = [...new Set(ids)].filter((id) => !inFile.has(id));
    const stored = new Set((await (store[section] as unknown as StoredModel).find({ _id: { $in: missing } }, { _id: 1 }).lean()).map((d) => d._id as string));
    return (id: string) => inFile.has(id) || stored.has(id);
  };
  const cityKnown = await known(
    'cities',
    rows.districts.map((d) => d.city),
  );
  const districtKnown = await known('districts', [...rows.facilities.flatMap((f) => [f.district, ...f.districts]), ...rows.staff.flatMap((s) => s.districts)]);
  const staffKnown = await known(
    'staff',
    rows.staff.flatMap((s) => (s.delegate ? [s.delegate] : [])),
  );
  const where = (r: object) => labels.get(r)!;
  for (const d of rows.districts) if (!cityKnown(d.city)) errors.push({ row: where(d), path: 'city', message: `no city ${d.city}: list it under cities` });
  for (const f of rows.facilities) {
    if (!districtKnown(f.district)) errors.push({ row: where(f), path: 'district', message: `no district ${f.district}` });
    f.districts.forEach((d, i) => {
      if (!districtKnown(d)) errors.push({ row: where(f), path: `districts.${i}`, message: `no district ${d}` });
    });
  }
  for (const s of rows.staff) {
    s.districts.forEach((d, i) => {
      if (!districtKnown(d)) errors.push({ row: where(s), path: `districts.${i}`, message: `no district ${d}` });
    });
    if (s.delegate && !staffKnown(s.delegate)) errors.push({ row: where(s), path: 'delegate', message: `no staff member ${s.delegate}` });
  }
  return errors.length > 0 ? { errors } : { rows, errors };
}

/** The stored reference data as a file the import takes back (what the import does not manage, such as a facility's keys, is left out). */
export async function exportReferenceData(store: Store): Promise<Record<ReferenceSection, Array<Record<string, unknown>>>> {
  const all = async (section: ReferenceSection) => (await (store[section] as unknown as StoredModel).find({}).sort({ _id: 1 }).lean()) as StoredDoc[];
  const districts = await all('districts');
  // A district stored before cities were (or written by other means) names a city that has no row yet: the
  // export lists it, so that the file it gives is one the import takes.
  const cities = new Map((await all('cities')).map((c) => [c._id, { name: c._id, training: c.training ?? false }]));
  for (const d of districts) if (typeof d.city === 'string' && !cities.has(d.city)) cities.set(d.city, { name: d.city, training: false });
  return {
    cities: [...cities.values()].sort((a, b) => a.name.localeCompare(b.name)),
    districts: districts.map(ROW_OF.districts),
    facilities: (await all('facilities')).map(ROW_OF.facilities),
    staff: (await all('staff')).map(ROW_OF.staff),
  };
}

type StoredDoc = Record<string, unknown> & { _id: string };
/** Each stored document as its row of a file (what the import does not manage, such as a facility's keys, left out). */
export const ROW_OF = {
  districts: (d: StoredDoc) => ({
    id: d._id,
    name: d.name,
    city: d.city,
    population: d.population,
    phase: d.pilot ? 'pilot' : 'later',
    ...(d.startedOn ? { startedOn: d.startedOn } : {}),
    programmes: d.policyVersions ?? {},
  }),
  facilities: (f: StoredDoc) => ({
    id: f._id,
    name: f.name,
    kind: f.kind,
    district: f.district,
    districts: (f.districts as string[] | undefined)?.length ? f.districts : [f.district],
    active: f.active ?? true,
  }),
  staff: (s: StoredDoc) => ({
    id: s._id,
    displayName: s.displayName,
    roles: s.roles,
    districts: s.districts,
    discipline: s.discipline,
    active: s.active ?? true,
    ...(s.caseloadCap ? { caseloadCap: s.caseloadCap } : {}),
    absences: s.absences ?? [],
    ...(s.delegate ? { delegate: s.delegate } : {}),
  }),
};

/** Each row as its stored document. */
const DOC_OF: { [S in ReferenceSection]: (row: Rows[S][number]) => Record<string, unknown> & { _id: string } } = {
  cities: (c) => ({ _id: c.name, training: c.training }),
  districts: (d) => ({
    _id: d.id,
    name: d.name,
    city: d.city,
    population: d.population,
    pilot: d.phase === 'pilot',
    startedOn: d.startedOn ?? null,
    policyVersions: d.programmes,
  }),
  facilities: (f) => ({ _id: f.id, name: f.name, kind: f.kind, district: f.district, districts: f.districts, active: f.active }),
  staff: (s) => ({
    _id: s.id,
    displayName: s.displayName,
    roles: s.roles,
    districts: s.districts,
    discipline: s.discipline,
    active: s.active,
    caseloadCap: s.caseloadCap ?? null,
    absences: s.absences,
    delegate: s.delegate ?? null,
  }),
};

/** The mongoose calls this module makes, the same on each of the four models. */
interface StoredModel {
  find(filter: object, fields?: object): { lean(): Promise<Array<{ _id: unknown }>>; sort(s: object): { lean(): Promise<unknown[]> } };
  updateOne(filter: object, update: object, opts: object): Promise<unknown>;
}

/** A value compared as stored: keys in order, so the same content is the same string. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && x !== null);
    return `{${entries
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, x]) => `${k}:${canonical(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
