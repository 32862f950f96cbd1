import { z } from 'zod';
import { Instant } from './dates';
import { CaseId, DistrictId, StaffId, TaskId } from './ids';
import { Programme } from './programme';

export const TaskType = z.enum(['first-contact', 'needs-assessment']);
export type TaskType = z.infer<typeof TaskType>;

export const TaskStatus = z.enum(['open', 'completed', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatus>;

const Note = z
  .string()
  .max(4000)
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters (line breaks are not allowed either)');

/** Form of the first contact with the family after the referral. */
export const FirstContactForm = z.strictObject({
  contactedAt: Instant,
  channel: z.enum(['home-visit', 'phone', 'office', 'maternity-ward']),
  outcome: z.enum(['reached', 'not-reached', 'refused']),
  notes: Note.optional(),
});

const NeedLevel = z.enum(['none', 'some', 'severe']);

/** Needs assessment across the areas the seeds name. */
export const NeedsAssessmentForm = z.strictObject({
  assessedAt: Instant,
  needs: z.strictObject({
    housing: NeedLevel,
    documents: NeedLevel,
    income: NeedLevel,
    employment: NeedLevel,
    childcare: NeedLevel,
    health: NeedLevel,
    mentalHealth: NeedLevel,
    familySupport: NeedLevel,
  }),
  notes: Note.optional(),
});

/** One place maps a task type to the form that completes it: HTTP and the workflow validator both use it. */
export const TaskForms = {
  'first-contact': FirstContactForm,
  'needs-assessment': NeedsAssessmentForm,
} as const satisfies Record<TaskType, z.ZodType>;

/** A task as the casework API shows it: ids and codes, no family data. */
export const TaskView = z.object({
  taskId: TaskId,
  caseId: CaseId,
  type: TaskType,
  status: TaskStatus,
  district: DistrictId,
  programme: Programme,
  assigneeId: StaffId.nullable(),
  dueAt: Instant,
  createdAt: Instant,
  completedAt: Instant.nullable(),
});
export type TaskView = z.infer<typeof TaskView>;

/** The request body of POST /tasks/{id}/complete. The form is checked against the task's type. */
export const CompleteTaskBody = z.strictObject({ form: z.record(z.string(), z.unknown()) });

/** What the casework service sends to the case workflow's completeTask Update. */
export const CompleteTaskRequest = z.strictObject({
  taskId: TaskId,
  completedBy: StaffId,
  form: z.record(z.string(), z.unknown()),
});
export type CompleteTaskRequest = z.infer<typeof CompleteTaskRequest>;
