import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { Programme } from '@continuum/domain';

/**
 * What was erased, one row per family: the report of each retention run and of each erasure asked for. Ids,
 * codes and dates only (what the family was is gone with its key); kept as long as the audit trail is.
 */
export const erasureSchema = new Schema(
  {
    /** The case id: a family is erased once. */
    _id: { type: String, required: true },
    programme: { type: String, required: true, enum: Programme.options },
    district: { type: String, required: true },
    closedAt: { type: Date, default: null },
    erasedAt: { type: Date, required: true },
    /** `retention`: its programme's period after closure had passed; `request`: someone asked (the audit trail says who and why). */
    why: { type: String, required: true, enum: ['retention', 'request'] },
    by: { type: String, required: true },
    /** The retention run that erased it (the day it ran), or null for an erasure asked for. */
    run: { type: String, default: null },
    /** The workflows that were still running and were ended with it. */
    workflowsEnded: { type: Number, default: 0 },
  },
  { versionKey: false, minimize: false },
);
erasureSchema.index({ run: 1, erasedAt: 1 });
erasureSchema.index({ erasedAt: 1 });

export type ErasureDoc = InferSchemaType<typeof erasureSchema>;
export const erasureModel = (db: Connection) => db.model('Erasure', erasureSchema, 'erasures');
