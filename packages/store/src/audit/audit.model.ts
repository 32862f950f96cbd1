import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { AuditAction } from '@continuum/domain';

/**
 * The audit trail as it is read: each entry of the AUDIT stream, numbered by its stream sequence and chained
 * by hash (`hash` = sha256 of the previous hash, the sequence and the entry as written, kept in `raw`). The
 * stream is the record nobody can delete from; this copy is for finding entries, and `npm run audit --
 * verify` proves it whole: an edit, a gap or a difference from the stream breaks the chain.
 */
export const auditSchema = new Schema(
  {
    /** The stream sequence. */
    _id: { type: Number, required: true },
    /** The entry's own id (a break-glass read answers it, so the supervisors' notice can point to it). */
    entryId: { type: String, required: true },
    /** The entry exactly as the stream holds it; the fields below are read from it. */
    raw: { type: String, required: true },
    prev: { type: String, required: true },
    hash: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    /** `unreadable-entry` for a message on the stream that is not an audit entry (chained all the same). */
    action: { type: String, required: true, enum: [...AuditAction.options, 'unreadable-entry'] },
    caseId: { type: String, default: null },
    district: { type: String, default: null },
    /** Sealed: opened only for whoever may read the trail. */
    reason: { type: String, default: null },
    details: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, minimize: false },
);
auditSchema.index({ entryId: 1 });
auditSchema.index({ caseId: 1, _id: -1 });
auditSchema.index({ district: 1, _id: -1 });
auditSchema.index({ actor: 1, _id: -1 });
auditSchema.index({ at: 1 });

export type AuditDoc = InferSchemaType<typeof auditSchema>;
/** A collection of its own: entries written before the trail was chained stay in `audit`, as they were. */
export const auditModel = (db: Connection) => db.model('Audit', auditSchema, 'audit_trail');
