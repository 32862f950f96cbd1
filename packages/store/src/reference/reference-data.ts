import {
  REFERENCE_ROWS,
  ReferenceData,
  type CityRow,
  type RecordAudit,
  type DistrictRow,
  type FacilityRow,
  type ReferenceSection,
  type StaffRow,
} from '@continuum/domain';
import type { Store } from '../connect';

/** What is wrong with one row of a reference-data file (or with the file): where, which field, and why. */
export interface RowError {
  /** The row, e.g. `districts[3] (spb-nevsky)`, or `file`. */
  row: string;
  /** The field within the row. */
  path: string;
  /** The field within the file: `districts.3.population`. */
  field: string;
  message: string;
}

/**
 * Whose change it is, when it is not the operator's (the CLI may change anything): a city's admin changes
 * the districts, facilities and staff of her cities (those of her own districts), never a city itself, the
 * ops role, her own row, or anything that is or would be outside her cities.
 */
export interface ReferenceScope {
  by: string;
  cities: ReadonlySet<string>;
}

/** The cities an admin keeps: those of her districts. */
export async function citiesOf(store: Store, districts: readonly string[]): Promise<Set<string>> {
  return new Set((await store.districts.find({ _id: { $in: [...districts] } }, { city: 1 }).lean()).map((d) => d.city));
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
export async function importReferenceData(
  store: Store,
  raw: unknown,
  opts: { by: string; audit: RecordAudit; dryRun?: boolean; scope?: ReferenceScope },
): Promise<ImportResult> {
  const { rows, errors } = await checkReferenceData(store, raw, opts.scope);
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
      await opts.audit({
        actor: opts.by,
        action: 'change-reference-data',
        // The fields' names, not their values: the values are in the reference data itself.
        details: {
          section,
          // A city's id is its name.
          ...(section === 'cities' ? { city: doc._id } : { id: doc._id }),
          change: stored ? 'updated' : 'created',
          fields: stored ? changed : Object.keys(doc).filter((k) => k !== '_id'),
        },
      });
    }
  }
  result.applied = !opts.dryRun;
  return result;
}

/** Every row checked, with the errors of each; the rows as the schemas give them when none is wrong. */
export async function checkReferenceData(store: Store, raw: unknown, scope?: ReferenceScope): Promise<{ rows?: Rows; errors: RowError[] }> {
  const file = ReferenceData.safeParse(raw ?? {});
  if (!file.success) {
    return {
      errors: file.error.issues.map((i) => ({ row: 'file', path: i.path.join('.') || '(root)', field: i.path.join('.') || '(root)', message: i.message })),
    };
  }
  const errors: RowError[] = [];
  const placeOf = new Map<string, string>();
  const error = (row: string, path: string, message: string) =>
    errors.push({ row, path, field: `${placeOf.get(row)}${path === '(row)' ? '' : `.${path}`}`, message });
  const rows = { cities: [], districts: [], facilities: [], staff: [] } as unknown as Rows;
  /** Each parsed row's place in the file, for its errors. */
  const labels = new Map<object, string>();
  for (const section of SECTIONS) {
    const seen = new Set<string>();
    file.data[section].forEach((raw, i) => {
      const id = idOf(section, raw);
      const row = `${section}[${i}]${id ? ` (${id})` : ''}`;
      placeOf.set(row, `${section}.${i}`);
      const parsed = REFERENCE_ROWS[section].safeParse(raw);
      if (!parsed.success) for (const issue of parsed.error.issues) error(row, issue.path.join('.') || '(row)', issue.message);
      else {
        (rows[section] as unknown[]).push(parsed.data);
        labels.set(parsed.data, row);
      }
      if (id && seen.has(id)) error(row, section === 'cities' ? 'name' : 'id', `${id} is in the file twice`);
      if (id) seen.add(id);
    });
  }
  const where = (r: object) => labels.get(r)!;
  // What the rows name (and, for an admin, the rows themselves as stored) must be in the file or stored.
  const stored = {
    cities: await storedOnes(store, 'cities', [...rows.cities.map((c) => c.name), ...rows.districts.map((d) => d.city)], { training: 1 }),
    districts: await storedOnes(
      store,
      'districts',
      [...rows.districts.map((d) => d.id), ...rows.facilities.flatMap((f) => [f.district, ...f.districts]), ...rows.staff.flatMap((s) => s.districts)],
      { city: 1 },
    ),
    facilities: scope
      ? await storedOnes(
          store,
          'facilities',
          rows.facilities.map((f) => f.id),
          { district: 1, districts: 1 },
        )
      : new Map(),
    staff: await storedOnes(
      store,
      'staff',
      rows.staff.flatMap((s) => [s.id, ...(s.delegate ? [s.delegate] : [])]),
      { districts: 1 },
    ),
  };
  const cityKnown = (name: string) => rows.cities.some((c) => c.name === name) || stored.cities.has(name);
  const cityOfDistrict = new Map<string, string>([
    ...[...stored.districts.values()].map((d) => [d._id, d.city as string] as const),
    ...rows.districts.map((d) => [d.id, d.city] as const),
  ]);
  // To an admin, a district of another city is as unknown as one that does not exist.
  const districtKnown = (id: string) => cityOfDistrict.has(id) && (!scope || scope.cities.has(cityOfDistrict.get(id)!));
  const staffKnown = (id: string) => rows.staff.some((s) => s.id === id) || stored.staff.has(id);

  for (const d of rows.districts) if (!cityKnown(d.city)) error(where(d), 'city', `no city ${d.city}: list it under cities`);
  for (const f of rows.facilities) {
    if (!districtKnown(f.district)) error(where(f), 'district', `no district ${f.district}`);
    f.districts.forEach((d, i) => {
      if (!districtKnown(d)) error(where(f), `districts.${i}`, `no district ${d}`);
    });
  }
  for (const s of rows.staff) {
    s.districts.forEach((d, i) => {
      if (!districtKnown(d)) error(where(s), `districts.${i}`, `no district ${d}`);
    });
    if (s.delegate && !staffKnown(s.delegate)) error(where(s), 'delegate', `no staff member ${s.delegate}`);
  }
  if (scope) {
    const ours = (districts: unknown) => Array.isArray(districts) && districts.length > 0 && districts.every((d) => districtKnown(d as string));
    const elsewhere = 'is kept by another city: not yours to change';
    for (const c of rows.cities) {
      const was = stored.cities.get(c.name);
      if (!scope.cities.has(c.name) || !was) error(where(c), 'name', `no city ${c.name} of yours: a city is set up with the reference CLI`);
      else if ((was.training ?? false) !== c.training) error(where(c), 'training', 'whether a city is for training is set with the reference CLI');
    }
    for (const d of rows.districts) {
      const was = stored.districts.get(d.id);
      if (!scope.cities.has(d.city)) error(where(d), 'city', `no city ${d.city} of yours`);
      else if (was && !scope.cities.has(was.city as string)) error(where(d), 'id', `${d.id} ${elsewhere}`);
    }
    for (const f of rows.facilities) {
      const was = stored.facilities.get(f.id);
      if (was && !ours([was.district, ...((was.districts as string[] | undefined) ?? [])])) error(where(f), 'id', `${f.id} ${elsewhere}`);
    }
    for (const s of rows.staff) {
      const was = stored.staff.get(s.id);
      if (s.id === scope.by) error(where(s), 'id', 'your own row is changed by another admin');
      else if (was && !ours(was.districts)) error(where(s), 'id', `${s.id} ${elsewhere}`);
      if (s.districts.length === 0) error(where(s), 'districts', 'staff of your cities work in at least one of their districts');
      // Who runs the system and who oversees it are the operator's to name, not a city admin's.
      const granted = s.roles.findIndex((r) => OPERATOR_ROLES.includes(r));
      if (granted >= 0) error(where(s), `roles.${granted}`, `${s.roles[granted]} is granted with the reference CLI`);
      else if (((was?.roles as string[] | undefined) ?? []).some((r) => OPERATOR_ROLES.includes(r as never)))
        error(where(s), 'id', `${s.id} holds a role the operator grants: changed with the reference CLI`);
      if (s.delegate && stored.staff.has(s.delegate) && !ours(stored.staff.get(s.delegate)!.districts))
        error(where(s), 'delegate', `no staff member ${s.delegate}`);
    }
  }
  return errors.length > 0 ? { errors } : { rows, errors };
}

/** Roles a city admin may not grant or take away: ops run the system, auditors oversee it (admins included). */
const OPERATOR_ROLES: readonly string[] = ['ops', 'auditor'];

/** The stored documents of these ids, by id, with the fields asked for: one read. */
async function storedOnes(store: Store, section: ReferenceSection, ids: string[], fields: object): Promise<Map<string, StoredDoc>> {
  if (ids.length === 0) return new Map();
  const docs = (await (store[section] as unknown as StoredModel).find({ _id: { $in: [...new Set(ids)] } }, fields).lean()) as StoredDoc[];
  return new Map(docs.map((d) => [d._id, d]));
}

/** The stored reference data as a file the import takes back (what the import does not manage, such as a facility's keys, is left out). */
export async function exportReferenceData(store: Store, scope?: ReferenceScope): Promise<Record<ReferenceSection, Array<Record<string, unknown>>>> {
  const all = async (section: ReferenceSection, filter: object = {}) =>
    (await (store[section] as unknown as StoredModel).find(filter).sort({ _id: 1 }).lean()) as StoredDoc[];
  // An admin's export: her cities, their districts, and the facilities and staff of those districts only
  // (what also reaches another city is the operator's to change, so her file stays one she may import).
  const districts = await all('districts', scope ? { city: { $in: [...scope.cities] } } : {});
  const ours = new Set(districts.map((d) => d._id));
  const onlyOurs = (docs: StoredDoc[], districtsOf: (d: StoredDoc) => unknown[]) =>
    scope ? docs.filter((d) => districtsOf(d).every((id) => ours.has(id as string))) : docs;
  const ofThem = scope ? { $in: [...ours] } : undefined;
  // A district stored before cities were (or written by other means) names a city that has no row yet: the
  // export lists it, so that the file it gives is one the import takes.
  const cities = new Map(
    (await all('cities', scope ? { _id: { $in: [...scope.cities] } } : {})).map((c) => [c._id, { name: c._id, training: c.training ?? false }]),
  );
  for (const d of districts) if (typeof d.city === 'string' && !cities.has(d.city)) cities.set(d.city, { name: d.city, training: false });
  return {
    cities: [...cities.values()].sort((a, b) => a.name.localeCompare(b.name)),
    districts: districts.map(ROW_OF.districts),
    facilities: onlyOurs(await all('facilities', ofThem ? { district: ofThem } : {}), (f) => [f.district, ...((f.districts as unknown[]) ?? [])]).map(
      ROW_OF.facilities,
    ),
    staff: onlyOurs(await all('staff', ofThem ? { districts: ofThem } : {}), (s) => s.districts as unknown[]).map(ROW_OF.staff),
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
