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
    /** Roles that may do the task (from the policy's template). */
    doneBy: { type: [String], default: ['caseworker'] },
    assigneeId: { type: String, default: null },
    /** How many times the task changed hands through claim or assign: the generation of the next hand-over. */
    handovers: { type: Number, default: 0 },
    /** From the case's risk (urgent first); the inbox sorts by it. */
    priority: { type: Number, default: 1 },
    escalatedAt: { type: Date, default: null },
    /** What the task is about, as a code: an infant-test milestone, a proposed closure outcome, a district. */
    subject: { type: String, default: null },
    /** The conference a participant's input task belongs to (or an action item came from). */
    conferenceId: { type: String, default: null },
    /** A referral's review: the open case the same mother probably has already, found at intake (duplicates.ts). */
    probableDuplicateOf: { type: String, default: null },
    /** Deadline extensions, each with its reason: the audit of why a task was late. */
    extensions: {
      type: [new Schema({ from: Date, to: Date, reason: String, by: String, at: Date }, { _id: false })],
      default: [],
    },
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
// Serves "mine" and "unassigned" in the inbox.
taskSchema.index({ district: 1, status: 1, assigneeId: 1, dueAt: 1 });
// Serves the case view's task history.
taskSchema.index({ caseId: 1, createdAt: 1 });
// Serves a case's tasks by status (GET /cases/{id}/tasks, GET /tasks?caseId=…), and the tasks of the cases in a
// stage (GET /tasks?stage=…: the cases come from cases {district, stage}, their tasks by caseId $in here).
taskSchema.index({ caseId: 1, status: 1, dueAt: 1 });

export type TaskDoc = InferSchemaType<typeof taskSchema>;
export const taskModel = (db: Connection) => db.model('Task', taskSchema, 'tasks');
