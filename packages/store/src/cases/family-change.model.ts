import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * The versions of a family record: each correction or addition, by whom, when and why, and each field as it
 * was and as it became. Personal data (the values), kept with the case and erased with it.
 */
export const familyChangeSchema = new Schema(
  {
    /** `<caseId>/v<version>`: one per version. */
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    version: { type: Number, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
    reason: { type: String, required: true },
    /** [{ personId, field, from, to }]; an added member is one change with field `(added)`. */
    changes: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false },
);
familyChangeSchema.index({ caseId: 1, version: 1 });

export type FamilyChangeDoc = InferSchemaType<typeof familyChangeSchema>;
export const familyChangeModel = (db: Connection) => db.model('FamilyChange', familyChangeSchema, 'familyChanges');
