import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * The reporting projection's indicator cells: per (programme, district, policy version, quarter), the sum
 * of what the cases contributed (services/reporting/src/cells.ts says what and why). Derived data, changed
 * only by $inc of a case's delta, once: `ops` marks the deltas applied (cell-store.ts opOf), so a
 * delta applied again after a crash changes nothing; marks are swept once their delta is settled.
 * Indicator names have dots, which a field path cannot hold: here they are spelt with '~'.
 */
export const reportCellSchema = new Schema(
  {
    _id: { type: String, required: true },
    programme: { type: String, required: true },
    district: { type: String, required: true },
    policyVersion: { type: String, default: null },
    /** 2026-Q4, or 'open': the state cases were left in (cells.ts). */
    quarter: { type: String, required: true },
    counts: { type: Schema.Types.Mixed, default: {} },
    ending: { type: Schema.Types.Mixed, default: {} },
    /** Histograms of whole days by sample: { 'firstContact~days': { d3: 2 } }. */
    samples: { type: Schema.Types.Mixed, default: {} },
    /** Deltas applied: op → when. */
    ops: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, minimize: false },
);
// Serves every quarter's indicators: the cells of these districts in these quarters.
reportCellSchema.index({ district: 1, quarter: 1 });

export type ReportCellDoc = InferSchemaType<typeof reportCellSchema>;
export const reportCellModel = (db: Connection) => db.model('ReportCell', reportCellSchema, 'reportCells');
