import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * One row per hand-over of a task (claim or assignment), keyed `<taskId>/<generation>`: who gave the task to
 * whom, and when. The unique _id is also the compare-and-set: of two claims of the same generation only one
 * insert succeeds (it was the only one that held on FerretDB's SQLite store; a conditional update holds too
 * now, test/store/contract.test.ts, but the record of hand-overs is worth keeping).
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
