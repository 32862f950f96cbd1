import { getExternalWorkflowHandle, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import { conferenceWorkflowId, findProgramme, PRIORITY_OF, screenRisk, taskDueAt, taskIdFor } from '@continuum/domain/rules';
import type { Algorithm } from '@continuum/programmes';
import type {
  CaseFollowUpInput,
  CaseStage,
  CaseState,
  CaseTaskState,
  ClosureOutcome,
  ConferenceOutcome,
  FamilyEventSignal,
  Policy,
  PolicyTaskType,
  RiskLevel,
  StaffRole,
  TaskId,
  TaskTemplate,
  TaskType,
} from '@continuum/domain';
import type { CaseActivities, CaseRef, Keyed, NewTask } from '../case-activities';
import { CaseDistrict, CaseRiskLevel, CaseStage as CaseStageAttribute } from '../search-attributes';
import { cancelConferenceSignal } from '../conference-messages';
import { fail, publishedPolicy } from '../rejections';

export const activities = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['INVALID', 'NOT_FOUND', 'CONFLICT'] },
});

/**
 * A completion whose Update waits for the case's reaction before it answers (patch
 * `completion-answers-reaction`): the main loop notes the tasks it opens while reacting, then marks it done
 * with the stage the case is in after it.
 */
export interface Reaction {
  opened: TaskId[];
  done: boolean;
  stage?: CaseStage;
}

/** Something the main loop reacts to, in arrival order. */
export type InboxItem =
  | { kind: 'task-completed'; task: CaseTaskState; form: Record<string, unknown>; by: string; reaction?: Reaction }
  | { kind: 'family-event'; signal: FamilyEventSignal }
  | { kind: 'conference'; outcome: ConferenceOutcome }
  /** An Update's work: done by the main loop, which answers the Update with its result or its failure. */
  | { kind: 'request'; work: () => Promise<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };

/**
 * Patch id: since this change every change of a case's state is made by its main loop, one inbox item at a
 * time; an Update's handler only asks (`CaseContext.request`), and the algorithm is the programme's table. A
 * run begun before it keeps the old code to its end, word for word (handlers.v4.ts, reactions.v4.ts): its
 * handlers change the state themselves and wake the loop through `changes`.
 */
export const ONE_INBOX_PATCH = 'one-inbox';

/**
 * One case's state and the primitives every step uses: open and cancel tasks, change stage and risk,
 * propose and close. The state is plain data, carried whole when the case continues as new.
 */
export class CaseContext {
  readonly inbox: InboxItem[] = [];
  /** Whether this run makes every change in its main loop (patch `one-inbox`): set once, when the run starts. */
  oneInbox = false;
  /**
   * Runs from before the `one-inbox` patch only: handlers changed the state themselves and woke the main loop
   * by bumping this, where the next wake-up could change. Kept so their histories replay; the loop reads it
   * for those runs alone.
   */
  changes = 0;
  checkpointRequested = false;
  /** The completions the main loop is reacting to now: every task opened meanwhile is noted as theirs. */
  reacting: Reaction[] = [];

  constructor(
    readonly input: CaseFollowUpInput,
    readonly state: CaseState,
  ) {}

  /**
   * Has the main loop do an Update's work, in turn with everything else the case reacts to, and answers with
   * what the work returns (or throws). The work checks again what the validator checked: the case may have
   * changed between the two.
   */
  request<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => this.inbox.push({ kind: 'request', work, resolve: resolve as (value: unknown) => void, reject }));
  }

  /** The case's programme's algorithm: what each stage opens, and what each task's outcome and each family event lead to. */
  get algorithm(): Algorithm {
    return findProgramme(this.input.programme)?.algorithm ?? fail('INVALID', `no programme ${this.input.programme}`);
  }

  get policy(): Policy {
    return publishedPolicy(this.state.policyVersion);
  }
  /** The case's policy's template for a task type. A version without one fails the case cleanly: the algorithm asked for a task its policy does not have. */
  template(type: PolicyTaskType): TaskTemplate {
    return this.policy.tasks[type] ?? fail('INVALID', `policy ${this.state.policyVersion} has no ${type} task`);
  }
  get ref(): CaseRef {
    return { caseId: this.input.caseId, district: this.state.district, programme: this.input.programme };
  }
  now(): Date {
    return new Date(); // workflow time: the same on every replay
  }
  /** A fresh event key and the current time, for an activity that publishes. */
  keyed(kind: string): Keyed {
    this.state.eventSeq += 1;
    return { eventKey: `${kind}-${this.state.eventSeq}`, at: this.now().toISOString() };
  }
  /** The case's tasks of a type that are open or whose completion is still being reacted to. */
  openTasksOf(type: TaskType): CaseTaskState[] {
    return this.state.openTasks.filter((t) => t.type === type);
  }

  async moveTo(stage: CaseStage): Promise<void> {
    if (this.state.stage === stage) return;
    this.state.stage = stage;
    this.state.eventSeq += 1;
    upsertSearchAttributes([{ key: CaseStageAttribute, value: stage }]);
    await activities.recordStage({ ...this.ref, stage, change: this.state.eventSeq, at: this.now().toISOString() });
  }

  async openTask(
    type: PolicyTaskType,
    opts: { urgent?: boolean; dueAt?: Date; subject?: string; district?: string; request?: NewTask['request'] } = {},
  ): Promise<TaskId> {
    const template = this.template(type);
    const dueAt = opts.dueAt ?? taskDueAt(template, this.now(), opts.urgent ?? false);
    return this.addTask(
      {
        type,
        dueAt: dueAt.toISOString(),
        doneBy: template.doneBy,
        district: opts.district ?? this.state.district,
        subject: opts.subject ?? null,
      },
      // An activity's input is not part of what a replay compares: runs of any version may pass it.
      opts.request ? { request: opts.request } : {},
    );
  }

  /** An action item a conference decided: its owner and deadline are the chair's, not the policy's. */
  async openActionItem(item: { conferenceId: string; ownerId: string; ownerRoles: StaffRole[]; dueAt: string }): Promise<TaskId> {
    const task = { type: 'action-item' as const, dueAt: item.dueAt, doneBy: item.ownerRoles, district: this.state.district, subject: item.conferenceId };
    return this.addTask(task, { assigneeId: item.ownerId, conferenceId: item.conferenceId });
  }

  /** Numbers the task, keeps it among the open ones and has the activity write it. */
  private async addTask(
    fields: Pick<CaseTaskState, 'type' | 'dueAt' | 'doneBy' | 'district' | 'subject'>,
    extra: Pick<NewTask, 'assigneeId' | 'conferenceId' | 'request'> = {},
  ): Promise<TaskId> {
    this.state.taskSeq += 1;
    const taskId = taskIdFor(this.input.caseId, this.state.taskSeq);
    for (const reaction of this.reacting) reaction.opened.push(taskId);
    const task: CaseTaskState = { taskId, status: 'open', escalated: false, ...fields };
    this.state.openTasks.push(task);
    this.changes += 1;
    await activities.createTask({
      ...this.ref,
      taskId,
      type: task.type,
      dueAt: task.dueAt,
      doneBy: task.doneBy,
      priority: PRIORITY_OF[this.state.risk.level],
      subject: task.subject,
      taskDistrict: task.district,
      ...extra,
      at: this.now().toISOString(),
    });
    return taskId;
  }

  forgetTask(taskId: TaskId): void {
    this.state.openTasks = this.state.openTasks.filter((t) => t.taskId !== taskId);
    this.changes += 1;
  }

  async cancelTasks(filter: (t: CaseTaskState) => boolean): Promise<void> {
    const cancelled = this.state.openTasks.filter((t) => t.status === 'open' && filter(t));
    if (cancelled.length === 0) return;
    for (const t of cancelled) this.forgetTask(t.taskId);
    await activities.cancelTasks({ ...this.ref, taskIds: cancelled.map((t) => t.taskId), at: this.now().toISOString() });
  }

  /** Screens risk again; records and re-prioritises only when the level or score changes. True when it rose to high. */
  async screen(codes: readonly string[]): Promise<boolean> {
    const risk = screenRisk(this.policy.risk, codes, this.input.urgent && this.state.acceptedAt === null);
    const roseToHigh = risk.level === 'high' && (this.state.risk.level === 'low' || this.state.risk.level === 'medium');
    if (risk.level === this.state.risk.level && risk.score === this.state.risk.score) {
      this.state.risk = risk;
      return false;
    }
    this.state.risk = risk;
    upsertSearchAttributes([{ key: CaseRiskLevel, value: risk.level }]);
    await activities.recordRisk({
      ...this.ref,
      ...this.keyed('risk'),
      riskLevel: risk.level,
      score: risk.score,
      factors: risk.factors,
      priority: PRIORITY_OF[risk.level],
    });
    return roseToHigh;
  }

  /** A level the team set (a conference's decision), whatever the screening's score says. */
  async setRiskLevel(level: RiskLevel): Promise<void> {
    const risk = { ...this.state.risk, level };
    this.state.risk = risk;
    upsertSearchAttributes([{ key: CaseRiskLevel, value: level }]);
    await activities.recordRisk({
      ...this.ref,
      ...this.keyed('risk'),
      riskLevel: level,
      score: risk.score,
      factors: risk.factors,
      priority: PRIORITY_OF[level],
    });
  }

  /** Asks a supervisor to approve closing the case; one proposal at a time. */
  async proposeClosure(outcome: ClosureOutcome, proposedBy: string | null, reason?: string): Promise<TaskId> {
    const open = this.openTasksOf('closure-approval')[0];
    if (open) return open.taskId;
    this.state.pendingClosure = { outcome, proposedBy };
    return this.openTask('closure-approval', { subject: outcome, ...(proposedBy && reason ? { request: { by: proposedBy, reason } } : {}) });
  }

  async close(outcome: ClosureOutcome, reason?: string): Promise<void> {
    await this.cancelTasks(() => true);
    await this.cancelConference();
    this.state.outcome = outcome;
    this.state.closedAt = this.now().toISOString();
    this.state.pendingClosure = null;
    this.state.pendingTransfer = null;
    this.state.next = { contactAt: null, reassessmentAt: null, supervisionAt: null, followUpEndsAt: null, milestones: [] };
    await activities.closeCase({ ...this.ref, ...this.keyed('closed'), outcome, ...(reason ? { reason } : {}) });
    await this.moveTo('closed');
  }

  /** An open conference has nothing left to decide once the case closes. */
  private async cancelConference(): Promise<void> {
    const active = this.state.conference?.active;
    if (!active) return;
    this.state.conference!.active = null;
    try {
      await getExternalWorkflowHandle(conferenceWorkflowId(active)).signal(cancelConferenceSignal, { caseId: this.input.caseId });
    } catch {
      // it has ended already
    }
  }

  async changeDistrict(toDistrict: string): Promise<void> {
    const fromDistrict = this.state.district;
    const moved = this.state.openTasks.filter((t) => t.district === fromDistrict);
    this.state.district = toDistrict;
    for (const t of moved) t.district = toDistrict;
    upsertSearchAttributes([{ key: CaseDistrict, value: toDistrict }]);
    this.state.caseManager = await activities.transferCase({ ...this.ref, ...this.keyed('transferred'), fromDistrict, taskIds: moved.map((t) => t.taskId) });
  }
}
