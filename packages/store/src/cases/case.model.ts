import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { CaseStage, Programme, RiskLevel } from '@continuum/domain';

/** A family's case: the read model the casework API shows, written only by the case workflow's activities. */
export const caseSchema = new Schema(
  {
    _id: { type: String, required: true },
    district: { type: String, required: true },
    programme: { type: String, required: true, enum: Programme.options },
    facilityId: { type: String, required: true },
    policyVersion: { type: String, required: true },
    stage: { type: String, required: true, enum: CaseStage.options },
    riskLevel: { type: String, required: true, enum: RiskLevel.options },
    riskScore: { type: Number, default: null },
    riskFactors: { type: [String], default: [] },
    caseManager: { type: String, default: null },
    openedAt: { type: Date, required: true },
    outcome: { type: String, default: null },
    closedAt: { type: Date, default: null },
    /** When the family's data was erased (its key destroyed): the case keeps its codes for the reports. */
    erasedAt: { type: Date, default: null },
    /** The family (mother, children) and the disclosure consent, copied from the referral. */
    family: { type: Schema.Types.Mixed, required: true },
    /**
     * The family's blind index: keyed hashes of its members' names, birth dates and documents (search-index.ts).
     * At the top level: a store indexes a list of values there, not one inside the family (test/store/contract.test.ts).
     */
    searchIndex: { type: [String], default: [] },
  },
  { versionKey: false, minimize: false },
);

// Serves a district's case list, and the case managers' workload.
caseSchema.index({ district: 1, stage: 1 });
caseSchema.index({ caseManager: 1, stage: 1 });
// Serves the search and the duplicate check: the blind index's hashes of each family (search-index.ts).
caseSchema.index({ searchIndex: 1 });
// Serves the retention sweep: a programme's closed cases by when they closed.
caseSchema.index({ programme: 1, stage: 1, closedAt: 1 });

export type CaseDoc = InferSchemaType<typeof caseSchema>;
export const caseModel = (db: Connection) => db.model('Case', caseSchema, 'cases');
