import { z } from 'zod';
import { Instant } from './dates';
import { CaseId, StaffId, TaskId } from './ids';
import { CaseStage, Programme } from './programme';
import { TaskStatus, TaskView } from './task';
import { WITHHELD } from './disclosure';

/*
 * What the casework API answers about tasks, in one place: the routes' OpenAPI document is built from these
 * schemas and the end-to-end tests parse every answer with them.
 */

/** A point of the case's calendar: what it does next by itself (`contact`, `reassessment` …) and when. */
export const ScheduledStep = z.object({ what: z.string(), dueAt: Instant.nullable() });
export type ScheduledStep = z.infer<typeof ScheduledStep>;

/**
 * The completeTask Update's answer, from the case workflow to the casework service. `settled` and `opened` come
 * from cases that wait for their own reaction before answering (patch `completion-answers-reaction`): then
 * `stage` is the stage after the completion took effect, `opened` the tasks the case opened while reacting
 * and `scheduled` its calendar after it. Without them (cases of the first version, completions replayed from
 * before the patch, or a reaction that took longer than the Update waits) `stage` is the stage the case was in
 * when it took the completion, and the case reacts asynchronously.
 */
export const CompleteTaskOutcome = z.object({
  taskId: TaskId,
  status: TaskStatus,
  stage: CaseStage,
  settled: z.boolean().optional(),
  opened: z.array(TaskId).optional(),
  scheduled: z.array(ScheduledStep).optional(),
});
export type CompleteTaskOutcome = z.infer<typeof CompleteTaskOutcome>;

/**
 * A task as a caller of the casework API receives it: the TaskView through the case's lens, so outside the
 * family's consent the programme reads `withheld`, an infant test reads `contact` and its subject `null`.
 */
export const AnsweredTask = TaskView.extend({
  programme: z.union([Programme, z.literal(WITHHELD)]).describe('the programme, or `withheld` outside the consent'),
});
export type AnsweredTask = z.infer<typeof AnsweredTask>;

/** GET /tasks and GET /cases/{id}/tasks: a page of tasks (forms left out). */
export const TaskListAnswer = z.object({ tasks: z.array(AnsweredTask), total: z.number().int().min(0), limit: z.number().int(), offset: z.number().int() });
export type TaskListAnswer = z.infer<typeof TaskListAnswer>;

/** GET /tasks/{id}: the task with its form (through the lens), who completed it and its deadline extensions. */
export const TaskDetailAnswer = AnsweredTask.extend({
  form: z.record(z.string(), z.unknown()).nullable().describe('the completed form; null while the task is open'),
  completedBy: StaffId.nullable(),
  extensions: z
    .array(z.object({ from: z.string(), to: z.string(), reason: z.string(), by: StaffId, at: z.string() }))
    .describe('deadline extensions, oldest first'),
  action: z.string().optional().describe("an action item's text, from its conference's decisions"),
});
export type TaskDetailAnswer = z.infer<typeof TaskDetailAnswer>;

/** Where a case's open tasks are read (the completion answer's `openTasks`). */
export const caseOpenTasksPath = (caseId: string): string => `/cases/${caseId}/tasks?status=open`;
/** The same through the inbox, for a caller who may not read the case itself (a participant from another district). */
export const inboxOpenTasksPath = (caseId: string): string => `/tasks?caseId=${caseId}&status=open`;

/** POST /tasks/{id}/complete of a case's task: what the completion did. */
export const CaseCompletionAnswer = z.object({
  taskId: TaskId,
  caseId: CaseId,
  status: z.literal('completed'),
  settled: z
    .boolean()
    .describe(
      'true: the case has reacted to the completion; `stage` is its stage after it and `opened` every task that reaction opened that the caller may see. ' +
        'false: the case reacts asynchronously (a case of the first version, or a reaction slower than the wait); `stage` is the stage it was in when it took the completion, ' +
        'and the tasks it opens appear at `openTasks`.',
    ),
  stage: CaseStage,
  opened: z
    .array(AnsweredTask)
    .describe(
      'the tasks the case opened while reacting (its next step, and anything that fell due meanwhile), through the lens; empty when none or not settled',
    ),
  scheduled: z
    .array(ScheduledStep)
    .describe("the case's calendar after the reaction (the next contact, reassessment …), through the lens; empty when not settled"),
  openTasks: z
    .string()
    .describe(
      'where to read the case’s open tasks: `/cases/{caseId}/tasks?status=open` (or `/tasks?caseId={caseId}&status=open` for a caller who may not read the case)',
    ),
});
export type CaseCompletionAnswer = z.infer<typeof CaseCompletionAnswer>;

/**
 * POST /tasks/{id}/complete of a participant's conference-input task: the input goes to the conference, as
 * POST /conferences/{id}/input does, and the answer is the conference's (it opens no task of the case).
 */
export const ConferenceInputCompletionAnswer = z.object({
  taskId: TaskId,
  status: z.literal('completed'),
  conference: z.object({ state: z.string(), quorumMet: z.boolean() }),
});
export type ConferenceInputCompletionAnswer = z.infer<typeof ConferenceInputCompletionAnswer>;

export const CompletionAnswer = z.union([CaseCompletionAnswer, ConferenceInputCompletionAnswer]);
export type CompletionAnswer = z.infer<typeof CompletionAnswer>;
