import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * The versions of a family record: each correction or addition, by whom, when and why, and each field as it
 * was and as it became. The values and the reason are sealed under the case's own key, erased with it.
 */
export const familyChangeSchema = new Schema(
  {
    /** `<caseId>/v<version>`: one per version. */
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    version: { type: Number, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
    /**
     * `{ reason, changes: [{ personId, field, from, to }] }` sealed under the case's key (an added member is one
     * change with field `(added)`); unreadable once the family is erased.
     */
    sealed: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);
familyChangeSchema.index({ caseId: 1, version: 1 });

export type FamilyChangeDoc = InferSchemaType<typeof familyChangeSchema>;
export const familyChangeModel = (db: Connection) => db.model('FamilyChange', familyChangeSchema, 'familyChanges');
