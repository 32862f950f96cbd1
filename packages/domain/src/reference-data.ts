import { z } from 'zod';
import { Discipline } from './conference';
import { CalendarDate } from './dates';
import { DistrictId, FacilityId, StaffId } from './ids';
import { FacilityKind, Programme } from './programme';
import { POLICY_VERSIONS } from './rules/policies';
import { StaffRole } from './staff';

// A city's reference data as an operator writes it (a YAML or JSON file the reference CLI imports, and what
// its export gives back): cities, districts, facilities, staff. Each row is checked on its own here, and
// against the others (and what is stored) when imported (packages/store/src/reference/reference-data.ts).

const NO_CONTROL = /^[^\p{Cc}]*$/u;
const Name = z.string().trim().min(2).max(120).regex(NO_CONTROL, 'must not contain control characters');

/** A city: its districts' reports are read together. A training city's districts are for rehearsal only: no real report includes them. */
export const CityRow = z.strictObject({
  name: Name.describe('the city, as reports name it'),
  training: z.boolean().default(false),
});

/** A district's social service: its population (for the rates per 10,000), its programmes and their versions, its phase. */
export const DistrictRow = z
  .strictObject({
    id: DistrictId,
    name: Name,
    city: Name.describe('the name of a city of the file or already stored'),
    population: z.number().int().min(0).max(50_000_000),
    phase: z.enum(['pilot', 'later']).default('later').describe('a pilot district, or one that joined later (the reports compare them)'),
    startedOn: CalendarDate.optional().describe('the day the district began the follow-up'),
    programmes: z
      .partialRecord(Programme, z.string())
      .default({})
      .describe('the policy version each programme runs here; a programme left out runs its current version'),
  })
  .superRefine((d, ctx) => {
    for (const [programme, version] of Object.entries(d.programmes)) {
      const policy = POLICY_VERSIONS[version!];
      if (!policy) ctx.addIssue({ code: 'custom', path: ['programmes', programme], message: `no policy version ${version}` });
      else if (policy.programme !== programme)
        ctx.addIssue({ code: 'custom', path: ['programmes', programme], message: `${version} is a policy of ${policy.programme}` });
    }
  });

/** A facility that refers families: its kind, its district and the districts it refers into. */
export const FacilityRow = z.strictObject({
  id: FacilityId.describe('also its client id at the identity provider'),
  name: Name,
  kind: FacilityKind,
  district: DistrictId,
  districts: z.array(DistrictId).min(1).max(200).describe('the districts it refers into (its own among them)'),
  active: z.boolean().default(true),
});

const Absence = z
  .strictObject({
    from: CalendarDate,
    to: CalendarDate,
    reason: z.string().trim().max(200).regex(NO_CONTROL, 'must not contain control characters').optional(),
  })
  .refine((a) => a.from <= a.to, { path: ['to'], message: 'must not be before from' });

/** A member of staff: roles, districts, discipline; whether active; her caseload cap, absences and delegate. */
export const StaffRow = z
  .strictObject({
    id: StaffId,
    displayName: Name,
    roles: z.array(StaffRole).min(1).max(StaffRole.options.length),
    districts: z.array(DistrictId).max(200),
    discipline: z.union([Discipline, z.enum(['coordinator', 'ops', 'admin', 'auditor'])]),
    active: z.boolean().default(true),
    caseloadCap: z.number().int().min(1).max(500).optional().describe('the most open cases assigned to her by workload'),
    absences: z.array(Absence).max(50).default([]),
    delegate: StaffId.optional().describe('who takes her tasks while she is away'),
  })
  .refine((s) => s.delegate !== s.id, { path: ['delegate'], message: 'must be someone else' });

/** A reference-data file: any of the four lists. */
const Rows = z.array(z.unknown()).max(2000, 'at most 2000 rows a section: import a larger city in parts');
export const ReferenceData = z.strictObject({
  cities: Rows.default([]),
  districts: Rows.default([]),
  facilities: Rows.default([]),
  staff: Rows.default([]),
});

/** The same file with its rows' schemas, for documents (the import checks each row on its own, to name the row in its errors). */
export const ReferenceDataFile = z.strictObject({
  cities: z.array(CityRow).max(2000).optional(),
  districts: z.array(DistrictRow).max(2000).optional(),
  facilities: z.array(FacilityRow).max(2000).optional(),
  staff: z.array(StaffRow).max(2000).optional(),
});

export type CityRow = z.infer<typeof CityRow>;
export type DistrictRow = z.infer<typeof DistrictRow>;
export type FacilityRow = z.infer<typeof FacilityRow>;
export type StaffRow = z.infer<typeof StaffRow>;
export const REFERENCE_ROWS = { cities: CityRow, districts: DistrictRow, facilities: FacilityRow, staff: StaffRow } as const;
export type ReferenceSection = keyof typeof REFERENCE_ROWS;
