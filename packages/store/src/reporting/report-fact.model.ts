import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * The reporting projection: one document per case event that changed something the indicators count,
 * keyed by the event's id, and never changed after. `fact` is what the event established, with what the
 * event does not carry looked up once from the records it points to (the referral's form, the case-history
 * entry, the completed task's form): codes, numbers and dates only, never a name or a birth date (a child
 * is its index in the referral, with its age in months when placed in care).
 *
 * Insert-only on purpose: an insert with a unique _id is atomic on MongoDB and FerretDB alike, so a
 * redelivered or duplicated event is a duplicate key and changes nothing, events may arrive in any order,
 * and any number of writers (the two consumers, a rebuild) may write at once. FerretDB does not apply
 * concurrent updates of one document atomically (of 50 concurrent $addToSet on one document, 5 were kept),
 * so a document per case updated by several writers would lose facts. A case's facts are folded from its
 * documents into its summary (report-case.model.ts), which the reports read.
 */
export const reportFactSchema = new Schema(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    programme: { type: String, required: true },
    /** The district the event named: the case's then (a task's district for task events). */
    district: { type: String, required: true },
    subject: { type: String, required: true },
    /** When it happened: the event's occurredAt (workflow time). */
    at: { type: Date, required: true },
    fact: { type: Schema.Types.Mixed, required: true },
    recordedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
// Serves "the cases ever in these districts" (of a programme), the first step of every report.
reportFactSchema.index({ district: 1, programme: 1 });
// Serves "every fact of these cases", the second.
reportFactSchema.index({ caseId: 1 });

export type ReportFactDoc = InferSchemaType<typeof reportFactSchema>;
export const reportFactModel = (db: Connection) => db.model('ReportFact', reportFactSchema, 'reportFacts');
