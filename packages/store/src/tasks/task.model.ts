import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { Programme, TaskStatus, TaskType } from '@continuum/domain';

/** A human task of a case. Created and closed only by the case workflow's activities. */
export const taskSchema = new Schema(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    type: { type: String, required: true, enum: TaskType.options },
    status: { type: String, required: true, enum: TaskStatus.options },
    district: { type: String, required: true },
    programme: { type: String, required: true, enum: Programme.options },
    assigneeId: { type: String, default: null },
    dueAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    completedAt: { type: Date, default: null },
    completedBy: { type: String, default: null },
    /** The completed form. May hold notes about the family: never leaves MongoDB except to authorised staff. */
    form: { type: Schema.Types.Mixed, default: null },
  },
  { versionKey: false, minimize: false },
);

// Serves the inbox: a district's open tasks by due date.
taskSchema.index({ district: 1, status: 1, dueAt: 1 });
// Serves the case view's task history.
taskSchema.index({ caseId: 1, createdAt: 1 });

export type TaskDoc = InferSchemaType<typeof taskSchema>;
export const taskModel = (db: Connection) => db.model('Task', taskSchema, 'tasks');
