import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { CURRENT_POLICY, POLICY_VERSIONS, screenRisk } from '@continuum/domain/rules';
import type { CaseFollowUpInput, CaseState } from '@continuum/domain';
import { caseFollowUpV1 } from './case-follow-up.v1';
import { onFamilyEvent, onTaskCompleted } from './follow-up/reactions';
import { accept } from './follow-up/steps';
import { ensureStageWork, nextWakeAt, runDueAgenda } from './follow-up/agenda';
import { activities, CaseContext, ONE_INBOX_PATCH, type InboxItem, type Reaction } from './follow-up/case-context';
import { COMPLETION_ANSWERS_PATCH, registerHandlers } from './follow-up/handlers';
import { registerHandlersV4 } from './follow-up/handlers.v4';
import { onFamilyEventV4, onTaskCompletedV4 } from './follow-up/reactions.v4';
import { CONFERENCES_PATCH, NO_PROGRAMME_ATTRIBUTE_PATCH, onConferenceOutcome } from './follow-up/conferences';
import { SIGNALS_NEED_PROOF_PATCH } from './conference-messages';
import { CaseRiskLevel } from './search-attributes';
import { shapeIssues } from './rejections';

/** Patch ids, one per change of workflow code; cases started before a change keep replaying the old code. */
export const PATCHES = {
  fullAlgorithm: 'follow-up-algorithm-v2',
  conferences: CONFERENCES_PATCH,
  signalsNeedProof: SIGNALS_NEED_PROOF_PATCH,
  noProgrammeAttribute: NO_PROGRAMME_ATTRIBUTE_PATCH,
  completionAnswers: COMPLETION_ANSWERS_PATCH,
  oneInbox: ONE_INBOX_PATCH,
} as const;

/** Histories grow by a few events per step; well before Temporal's limits, a case starts a fresh run. */
const MAX_HISTORY_EVENTS = 5_000;

/**
 * A family's follow-up, from referral to closure (and a possible reopening), as its programme's policy
 * says: the district accepts the referral, a case manager makes first contact, assesses needs, writes a
 * support plan a supervisor approves, then follows the family with contacts, reassessments and supervision
 * until closure. Tasks are completed, deadlines extended and requests made through Updates; family events
 * arrive as signals. The case continues as new after each reassessment, carrying its state.
 */
export async function caseFollowUp(rawInput: CaseFollowUpInput): Promise<void> {
  // Built by the intake service from a parsed referral (or by the case itself, continuing as new).
  const issues = shapeIssues(rawInput, {
    caseId: 'string',
    district: 'string',
    programme: 'string',
    facilityId: 'string',
    referredAt: 'instant',
    urgent: 'boolean',
    policyVersion: 'string?',
    resume: 'object?',
  });
  if (issues.length > 0) throw ApplicationFailure.nonRetryable('invalid case input', 'INVALID', issues);
  const input = rawInput;
  if (!input.resume && !patched(PATCHES.fullAlgorithm)) return caseFollowUpV1(input);

  const policyVersion = input.policyVersion ?? CURRENT_POLICY[input.programme];
  const policy = POLICY_VERSIONS[policyVersion];
  if (!policy || policy.programme !== input.programme) {
    throw ApplicationFailure.nonRetryable(`no policy ${policyVersion} for ${input.programme}`, 'INVALID');
  }
  const c = new CaseContext(input, input.resume ?? freshState(input, policyVersion));
  c.oneInbox = patched(PATCHES.oneInbox);
  if (c.oneInbox) registerHandlers(c);
  else registerHandlersV4(c); // a run begun before one-inbox keeps its code

  if (!input.resume) await openCase(c);

  for (;;) {
    // Completions that wait for their answer: the tasks opened while reacting to them are noted as theirs
    // (their own reaction's, then the agenda's and the stage's work of this turn), and they are answered after.
    const reacted: Reaction[] = [];
    while (c.inbox.length > 0) {
      const item = c.inbox.shift()!;
      if (item.kind === 'request') {
        c.reacting = []; // what an Update's work opens is its own answer's, not a completion's
        try {
          item.resolve(await item.work());
        } catch (err) {
          if (isCancellation(err)) throw err; // the case itself is being cancelled
          item.reject(err); // the Update fails with it (a check that no longer holds: its 4xx); the case goes on
        }
        continue;
      }
      const reaction = item.kind === 'task-completed' ? item.reaction : undefined;
      if (reaction) reacted.push(reaction);
      c.reacting = reaction ? [reaction] : [];
      if (item.kind === 'task-completed') await (c.oneInbox ? onTaskCompleted : onTaskCompletedV4)(c, item);
      else if (item.kind === 'conference') await onConferenceOutcome(c, item.outcome);
      else await (c.oneInbox ? onFamilyEvent : onFamilyEventV4)(c, item.signal);
    }
    c.reacting = reacted;
    await runDueAgenda(c);
    await ensureStageWork(c);
    c.reacting = [];
    for (const reaction of reacted) Object.assign(reaction, { stage: c.state.stage, done: true });

    const s = c.state;
    // Before the run ends, every Update is answered: their work waits in the inbox (runs from before
    // `one-inbox`: a completion that waits for its reaction, which the loop must take first).
    const answered = c.oneInbox ? () => allHandlersFinished() || c.inbox.length > 0 : () => allHandlersFinished() || c.inbox.some(awaitsReaction);
    if (s.stage === 'closed' && s.closedAt && nextWakeAt(c)! <= Date.now() && s.openTasks.length === 0) {
      await condition(c.oneInbox ? answered : allHandlersFinished);
      if (c.inbox.length === 0 || !c.oneInbox) return; // the reopening window has passed: the case is archived
      continue;
    }
    if (c.checkpointRequested || workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > MAX_HISTORY_EVENTS) {
      await condition(answered);
      if (c.inbox.length === 0) {
        await continueAsNew<typeof caseFollowUp>({ ...input, policyVersion: s.policyVersion, resume: { ...s, run: s.run + 1 } });
      }
      continue;
    }
    // Only the inbox wakes the loop: nothing else changes the case (runs from before `one-inbox`: see `changes`).
    const seen = c.changes;
    const wakeAt = nextWakeAt(c);
    const wake = c.oneInbox ? () => c.inbox.length > 0 : () => c.inbox.length > 0 || c.changes !== seen;
    if (wakeAt === undefined) await condition(wake);
    else await condition(wake, Math.max(wakeAt - Date.now(), 1));
  }
}

const awaitsReaction = (item: InboxItem): boolean => item.kind === 'task-completed' && item.reaction !== undefined;

function freshState(input: CaseFollowUpInput, policyVersion: string): CaseState {
  return {
    stage: 'intake',
    district: input.district,
    policyVersion,
    risk: { score: 0, level: input.urgent ? 'urgent' : 'medium', factors: [] },
    caseManager: null,
    taskSeq: 0,
    eventSeq: 0,
    openTasks: [],
    firstContactAttempts: 0,
    acceptedAt: null,
    followUpStartedAt: null,
    next: { contactAt: null, reassessmentAt: null, supervisionAt: null, followUpEndsAt: null, milestones: [] },
    pendingClosure: null,
    pendingTransfer: null,
    children: [],
    disclosureAllowed: false,
    outcome: null,
    closedAt: null,
    reportsSeen: [],
    run: 1,
  };
}

/** Opens the case with the risk screened from the referral; an urgent one skips the review and is accepted at once. */
async function openCase(c: CaseContext): Promise<void> {
  const facts = await activities.referralFacts({ caseId: c.input.caseId });
  const s = c.state;
  s.children = facts.children.map((ch, index) => ({ index, hivExposed: ch.hivExposed, hivResult: 'unknown', placedInCare: false, died: false }));
  s.disclosureAllowed = facts.consentGranted;
  s.risk = screenRisk(c.policy.risk, facts.riskFactors, c.input.urgent);
  await activities.openCase({
    ...c.input,
    policyVersion: s.policyVersion,
    riskLevel: s.risk.level,
    riskScore: s.risk.score,
    riskFactors: s.risk.factors,
    at: c.now().toISOString(),
  });
  upsertSearchAttributes([{ key: CaseRiskLevel, value: s.risk.level }]);
  if (s.risk.level === 'urgent') await accept(c);
  else await c.openTask('referral-review');
}
