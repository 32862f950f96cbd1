import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * Each case's data key, wrapped by a master key: the family's personal data is sealed under it, wherever it
 * is kept. Erasing the family deletes the wrapped key (the row stays, saying when): every copy of what was
 * sealed under it, in MongoDB, in its backups and on the streams, is unreadable from then on.
 */
export const caseKeySchema = new Schema(
  {
    _id: { type: String, required: true },
    kekId: { type: String, default: null },
    wrapped: { type: String, default: null },
    createdAt: { type: Date, required: true },
    erasedAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false },
);
caseKeySchema.index({ kekId: 1 });

export type CaseKeyDoc = InferSchemaType<typeof caseKeySchema>;
export const caseKeyModel = (db: Connection) => db.model('CaseKey', caseKeySchema, 'caseKeys');
