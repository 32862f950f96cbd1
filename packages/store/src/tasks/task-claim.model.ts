import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * One row per hand-over of a task (claim or assignment), keyed `<taskId>/<generation>`. The unique _id is
 * the compare-and-set: of two claims of the same generation only one insert succeeds. A conditional
 * findOneAndUpdate is not enough, because FerretDB's SQLite backend does not make it atomic.
 */
export const taskClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    taskId: { type: String, required: true },
    staffId: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export type TaskClaimDoc = InferSchemaType<typeof taskClaimSchema>;
export const taskClaimModel = (db: Connection) => db.model('TaskClaim', taskClaimSchema, 'taskClaims');
