import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * What happened to a case, in order: family events (with their details, e.g. a child's test result),
 * acceptance, transfers, risk changes, closure, reopening. Written by the workflow's activities with the
 * event's deterministic id, so a retried activity writes the same entry once. Shown in the case view.
 */
export const caseHistorySchema = new Schema(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    at: { type: Date, required: true },
    type: { type: String, required: true },
    by: { type: String, default: null },
    /** Codes and dates; for family events the event itself. May be sensitive: never leaves MongoDB except to authorised staff. */
    details: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, minimize: false },
);
caseHistorySchema.index({ caseId: 1, at: 1 });

export type CaseHistoryDoc = InferSchemaType<typeof caseHistorySchema>;
export const caseHistoryModel = (db: Connection) => db.model('CaseHistory', caseHistorySchema, 'caseHistory');
