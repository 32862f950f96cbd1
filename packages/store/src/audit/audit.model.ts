import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * The audit log: every read of a family's HIV status, every decision that changes a case's rules (a
 * policy change, a deadline extension), and every change of where the system sends a facility's messages. Append-only; ids are random, so nothing is ever overwritten.
 */
export const auditSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    staffId: { type: String, required: true },
    action: {
      type: String,
      required: true,
      enum: [
        'read-hiv-status',
        'break-glass-read-hiv-status',
        'change-policy',
        'extend-deadline',
        'withdraw-consent',
        'set-facility-webhook',
        'decode-payloads',
        'change-reference-data',
      ],
    },
    /** The case it concerns; null for a change that concerns no case (a facility's webhook). */
    caseId: { type: String, default: null },
    details: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, minimize: false },
);
auditSchema.index({ caseId: 1, at: 1 });
auditSchema.index({ staffId: 1, at: 1 });

export type AuditDoc = InferSchemaType<typeof auditSchema>;
export const auditModel = (db: Connection) => db.model('Audit', auditSchema, 'audit');
