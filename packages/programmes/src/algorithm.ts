// The follow-up algorithm as the methodology states it: for each task, where each of its outcomes leads; for
// each family event, what it sets off. The case workflow interprets it (workflows/src/follow-up/steps.ts does
// each step); the calendar (contacts, reassessments, supervision, infant tests, the end of follow-up) is the
// policy's. Plain data: the workflow bundle holds it.
import type { CaseClosureOutcome, CaseStage, ClosureOutcome, ConferenceTrigger, FamilyEvent, PolicyTaskType, TaskType } from '@continuum/domain';

/** What the case does, in the methodology's words. The case workflow does each (`STEPS` in workflows/src/follow-up/steps.ts). */
export type NamedStep =
  /** A case manager is assigned, the facility told the referral is accepted, the first contact planned from the referral's date. */
  | 'take the case on'
  /** Counts the attempt: the policy's `firstContact.maxAttempts` of them before the family is taken as unreachable. */
  | 'count a first-contact attempt'
  /** Another first contact, or (after the policy's attempts) closure proposed as lost to follow-up. */
  | 'try first contact again'
  /** The risk factors of the form screened again; a rise to high risk convenes the team. */
  | 'screen the risk factors'
  /** Contacts, reassessments, supervision and review conferences from now, at the policy's intervals. */
  | 'start long-term follow-up'
  | 'schedule the next contact'
  | 'schedule the next reassessment'
  | 'schedule the next supervision'
  /** Missed contacts in a row start again from none. */
  | 'the family was reached'
  /** A missed contact in a row (an overdue one was counted when it became overdue); enough of them convene the team. */
  | 'count a missed contact'
  /** The closure a review proposes (its proposed outcome), by the reviewer. */
  | 'propose the closure the review proposes'
  | 'close as proposed'
  | 'drop the closure proposal'
  | 'move the case to the district asked'
  | 'drop the transfer request'
  /** The family's events. */
  | 'stop disclosure'
  | "record the child's HIV result"
  | 'note the child placed in care'
  | 'note the child died'
  /** A move within the city asks the new district to accept the case; leaving the city proposes closure. */
  | 'follow the family where it moved';

export type Step =
  | NamedStep
  /** A task: urgent when the case is (or always); `subject` names what it is about (a code, never family data). */
  | { open: PolicyTaskType; urgent?: 'when the case is urgent' | 'always'; subject?: string }
  | { moveTo: CaseStage }
  | { tellFacility: 'in-progress' }
  /** Closed at once (only a referral's rejection is): with the reason the form gives. */
  | { close: ClosureOutcome; reason: 'the form’s' }
  /** A supervisor is asked to approve closing the case, as proposed by whoever completed the task or reported the event. */
  | { proposeClosure: CaseClosureOutcome }
  /** The team is convened (when the policy has conferences and the trigger is one of its own). */
  | { convene: ConferenceTrigger; urgent?: true }
  /** A risk factor added to the family's and the risk screened again. */
  | { addRiskFactor: string };

/**
 * What something leads to: `first`, whatever its outcome; then the steps of its outcome, read from the field
 * `by` of its form (a task) or of the event; `otherwise` for an outcome the table does not list.
 */
export interface Reaction {
  first?: readonly Step[];
  by?: string;
  outcomes?: Readonly<Record<string, readonly Step[]>>;
  otherwise?: readonly Step[];
}

/**
 * The task that does a stage's work: the case keeps one open while it is in the stage (after a reopening, a
 * returned plan or a fresh run too). `alsoDoneBy`: other tasks of the stage that stand for it while open.
 * Follow-up has none (its calendar opens contacts, reassessments and supervision); a closed case has none.
 */
export interface StageWork {
  opens: PolicyTaskType;
  urgent?: 'when the case is urgent';
  alsoDoneBy?: readonly PolicyTaskType[];
  /** Not while a supervisor is asked to approve a closure (the family refused, or could not be reached). */
  unlessClosureProposed?: true;
}

/** A programme's algorithm: what each stage opens, and its reactions to each task's completion and to each family event. */
export interface Algorithm {
  stages: Readonly<Partial<Record<CaseStage, StageWork>>>;
  tasks: Readonly<Partial<Record<TaskType, Reaction>>>;
  familyEvents: Readonly<Record<FamilyEvent['type'], Reaction>>;
}

/** The follow-up both programmes share (from the seeds: referral, first contact, assessment, plan, follow-up, closure). */
export const FOLLOW_UP: Algorithm = {
  stages: {
    intake: { opens: 'referral-review', urgent: 'when the case is urgent' },
    'first-contact': { opens: 'first-contact', unlessClosureProposed: true },
    'needs-assessment': { opens: 'needs-assessment' },
    'support-planning': { opens: 'support-plan', alsoDoneBy: ['plan-approval'] },
  },
  tasks: {
    'referral-review': {
      by: 'decision',
      outcomes: {
        accept: ['take the case on'],
        reject: [{ close: 'referral-rejected', reason: 'the form’s' }],
      },
    },
    'first-contact': {
      first: ['count a first-contact attempt'],
      by: 'outcome',
      outcomes: {
        reached: [{ tellFacility: 'in-progress' }, { moveTo: 'needs-assessment' }],
        'not-reached': ['try first contact again'],
        refused: [{ proposeClosure: 'refused' }],
      },
    },
    'needs-assessment': { first: ['screen the risk factors', { moveTo: 'support-planning' }] },
    'support-plan': { first: [{ open: 'plan-approval' }] },
    'plan-approval': {
      by: 'decision',
      outcomes: {
        approve: ['start long-term follow-up', { moveTo: 'follow-up' }],
        return: [{ open: 'support-plan' }],
      },
    },
    contact: {
      first: ['schedule the next contact'],
      by: 'outcome',
      outcomes: { reached: ['the family was reached'], 'not-reached': ['count a missed contact'] },
    },
    reassessment: { first: ['screen the risk factors', 'schedule the next reassessment'] },
    'supervision-review': {
      first: ['schedule the next supervision'],
      by: 'decision',
      outcomes: { 'propose-closure': ['propose the closure the review proposes'] },
    },
    'case-review': { by: 'decision', outcomes: { 'propose-closure': ['propose the closure the review proposes'] } },
    // Whatever the answer, the proposal or request is settled: none stays waiting without its task.
    'closure-approval': { by: 'decision', outcomes: { approve: ['close as proposed'] }, otherwise: ['drop the closure proposal'] },
    'transfer-acceptance': { by: 'decision', outcomes: { accept: ['move the case to the district asked'] }, otherwise: ['drop the transfer request'] },
    // Infant tests report their result as an event; action items and conference inputs are the conference's.
  },
  familyEvents: {
    // The urgent path at once: urgent risk, the team, and a visit within the urgent deadline.
    'intent-to-abandon': {
      first: [
        { addRiskFactor: 'intent-to-abandon' },
        { convene: 'intent-to-abandon', urgent: true },
        { open: 'contact', urgent: 'always', subject: 'urgent-visit' },
      ],
    },
    'consent-withdrawn': { first: ['stop disclosure'] },
    'child-hiv-test-result': {
      first: ["record the child's HIV result"],
      by: 'result',
      // The review's subject is neutral: task lists are not disclosure-checked.
      outcomes: { positive: [{ open: 'case-review', subject: 'child-test-result' }, { convene: 'child-hiv-positive' }] },
    },
    'child-placed-in-care': {
      first: ['note the child placed in care', { open: 'case-review', subject: 'child-placed-in-care' }, { convene: 'child-placed-in-care' }],
    },
    death: {
      by: 'who',
      outcomes: { mother: [{ proposeClosure: 'died' }] },
      otherwise: ['note the child died', { open: 'case-review', subject: 'child-died' }],
    },
    moved: { first: ['follow the family where it moved'] },
    'hospital-stay': {},
  },
};

/** The steps a reaction takes for a completed task's form or an event: `first`, then its outcome's. */
export function stepsOf(reaction: Reaction | undefined, answer: Readonly<Record<string, unknown>>): readonly Step[] {
  if (!reaction) return [];
  const value = reaction.by === undefined ? undefined : answer[reaction.by];
  // Own keys only: an answer such as "constructor" is no outcome of the table.
  const outcome =
    typeof value === 'string' && reaction.outcomes && Object.prototype.hasOwnProperty.call(reaction.outcomes, value) ? reaction.outcomes[value] : undefined;
  return [...(reaction.first ?? []), ...(outcome ?? (reaction.by === undefined ? [] : (reaction.otherwise ?? [])))];
}
