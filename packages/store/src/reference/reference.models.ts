import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { FacilityKind } from '@continuum/domain';

/** Reference data: cities, districts (with population, for workers per 10,000), facilities and staff. */
export const citySchema = new Schema(
  {
    /** The city's name, as districts and reports name it. */
    _id: { type: String, required: true },
    /** A training city: its districts rehearse with drill policies, and no real report includes them. */
    training: { type: Boolean, default: false },
  },
  { versionKey: false },
);

export const districtSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    city: { type: String, required: true },
    population: { type: Number, required: true },
    pilot: { type: Boolean, default: false },
    /** The day the district began the follow-up (YYYY-MM-DD), when known. */
    startedOn: { type: String, default: null },
    /** Policy versions this district's new cases start with, per programme; absent: the programme's current one. */
    policyVersions: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false },
);

export const facilitySchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true, enum: FacilityKind.options },
    district: { type: String, required: true },
    /** The districts this facility refers families into (its own, and the others it serves). */
    districts: { type: [String], default: undefined },
    /** Signs in: false for a facility whose system may no longer refer (its tokens are refused at once). */
    active: { type: Boolean, default: true },
    /**
     * The public keys its system signs its client assertions with (OAuth2 `private_key_jwt`): the embedded
     * provider reads them; the private keys stay with the facility. A city's own provider keeps its own.
     */
    jwks: { type: Schema.Types.Mixed, default: null },
  },
  { versionKey: false },
);

export const staffSchema = new Schema(
  {
    _id: { type: String, required: true },
    displayName: { type: String, required: true },
    roles: { type: [String], required: true },
    districts: { type: [String], required: true },
    discipline: { type: String, required: true },
    /** A deactivated member's tokens are refused at once (within the APIs' directory cache, 30 s at most). */
    active: { type: Boolean, default: true },
    /** The most open cases assigned to her by workload; null: no cap. */
    caseloadCap: { type: Number, default: null },
    /** Days she is away (YYYY-MM-DD, both included), and who takes her tasks meanwhile. */
    absences: { type: [{ _id: false, from: String, to: String, reason: String }], default: [] },
    delegate: { type: String, default: null },
  },
  { versionKey: false },
);
// Serves "who in this district can take a case / join a conference".
staffSchema.index({ districts: 1, discipline: 1 });

export type CityDoc = InferSchemaType<typeof citySchema>;
export type DistrictDoc = InferSchemaType<typeof districtSchema>;
export type FacilityDoc = InferSchemaType<typeof facilitySchema>;
export type StaffDoc = InferSchemaType<typeof staffSchema>;
export const cityModel = (db: Connection) => db.model('City', citySchema, 'cities');
export const districtModel = (db: Connection) => db.model('District', districtSchema, 'districts');
export const facilityModel = (db: Connection) => db.model('Facility', facilitySchema, 'facilities');
export const staffModel = (db: Connection) => db.model('Staff', staffSchema, 'staff');
