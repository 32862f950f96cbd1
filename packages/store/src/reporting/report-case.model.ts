import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * The reporting projection's summary: one document per case with its facts folded together (the shape
 * the indicators count), so a report reads one small document per case and never the facts themselves.
 * Derived data: always a fold of the case's documents in reportFacts, written whole, and only over a fold
 * of fewer facts (`factCount` only grows, since facts are never removed but by a rebuild), so of two
 * writers at once the fresher fold stays.
 */
export const reportCaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    programme: { type: String, required: true },
    /** Every district the case's facts named: the superset a district filter matches. */
    districtsSeen: { type: [String], default: [] },
    factCount: { type: Number, required: true },
    /** The folded facts: codes, numbers and dates only. */
    facts: { type: Schema.Types.Mixed, required: true },
    foldedAt: { type: Date, required: true },
    /** What the case contributes to the indicator cells, as applied to them (report-cell.model.ts), and by which rules. */
    cells: { type: [Schema.Types.Mixed], default: undefined },
    cellsVersion: { type: Number },
    /** Bumped by every write: a writer writes over the revision it read, or reads again. */
    rev: { type: Number },
    /** A delta written here before it is applied to the cells: whoever finds it applies it (once, see ops) and clears it. */
    pending: { type: Schema.Types.Mixed },
    hasPending: { type: Boolean },
  },
  { versionKey: false, minimize: false },
);
// Serves every report: the cases ever in these districts, of a programme.
reportCaseSchema.index({ districtsSeen: 1, programme: 1 });
// Serves "deltas not yet applied" (at start, and in the sweep).
reportCaseSchema.index({ hasPending: 1 });

export type ReportCaseDoc = InferSchemaType<typeof reportCaseSchema>;
export const reportCaseModel = (db: Connection) => db.model('ReportCase', reportCaseSchema, 'reportCases');
