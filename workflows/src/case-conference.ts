import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { after, caseWorkflowId, conferenceReminderAt } from '@continuum/domain/rules';
import type {
  CaseConferenceInput,
  ConferenceDecisionsRequest,
  ConferenceInputRequest,
  ConferenceOutcome,
  ConferenceState,
  DeclineConferenceRequest,
  Discipline,
  Participant,
} from '@continuum/domain';
import type { ConferenceActivities, ConferenceRef, Convened } from './conference-activities';
import {
  cancelConferenceSignal,
  conferenceOutcomeSignal,
  conferenceStatusQuery,
  conferenceTriggerSignal,
  SIGNALS_NEED_PROOF_PATCH,
  declineConferenceUpdate,
  recordConferenceDecisionsUpdate,
  submitConferenceInputUpdate,
} from './conference-messages';
import { ConferenceState as ConferenceStateAttribute, ConferenceUrgency } from './search-attributes';
import { checked, fail, publishedPolicy } from './rejections';

const activities = proxyActivities<ConferenceActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['INVALID', 'NOT_FOUND', 'CONFLICT'] },
});

type Answer = 'waiting' | 'submitted' | 'declined';
const OPEN: readonly ConferenceState[] = ['collecting-input', 'rescheduled', 'ready', 'no-quorum'];
const COLLECTING: readonly ConferenceState[] = ['collecting-input', 'rescheduled'];

/**
 * A multi-disciplinary case conference, a child of its case: the team is seated by discipline, each
 * participant gives written input (or declines) by the deadline, with a reminder before it. Without quorum
 * at the deadline it is rescheduled once and the supervisors are told; after the second deadline it waits
 * for the chair, who may proceed and record why. The chair's decisions go to the case, which acts on them.
 */
export async function caseConference(rawInput: CaseConferenceInput): Promise<void> {
  // Started by its case, with what the case holds.
  const input = checked<CaseConferenceInput>(rawInput, {
    conferenceId: 'string',
    caseId: 'string',
    district: 'string',
    programme: 'string',
    policyVersion: 'string',
    trigger: 'string',
    urgent: 'boolean',
  });
  const rules = publishedPolicy(input.policyVersion).conference;
  if (!rules) throw ApplicationFailure.nonRetryable(`policy ${input.policyVersion} holds no conference rules`, 'INVALID');
  const ref: ConferenceRef = { conferenceId: input.conferenceId, caseId: input.caseId, district: input.district, programme: input.programme };
  const now = () => new Date();

  let state = 'collecting-input' as ConferenceState;
  let urgent = input.urgent;
  let windowStart = now();
  let inputDueAt = after(windowStart, urgent ? rules.urgentInputDue : rules.inputDue);
  let rescheduled = false;
  let reminderRound = 0; // bumped by each reminder sent; one per deadline
  let remindedFor = -1; // the deadline (ms) the last reminder was for
  let outcome: ConferenceOutcome | null = null;
  let changes = 0;
  const answers = new Map<number, Answer>();

  // Set once the team is seated. Handlers are registered before that, so an answer that arrives meanwhile
  // waits for the seats instead of finding no handler.
  // eslint-disable-next-line prefer-const -- assigned once, below, after the handlers that read it are set
  let convened: Convened | undefined;
  let seats: Participant[] = [];
  const whenConvened = () => condition(() => convened !== undefined);

  const missing = (): Discipline[] => rules.quorum.filter((d) => !seats.some((p) => p.discipline === d && answers.get(p.seat) === 'submitted'));
  const quorumMet = () => missing().length === 0;
  const waitingTaskIds = () => seats.filter((p) => answers.get(p.seat) === 'waiting').map((p) => p.taskId);
  const setState = async (next: ConferenceState) => {
    state = next;
    changes += 1;
    upsertSearchAttributes([{ key: ConferenceStateAttribute, value: next }]);
  };
  const seatsOf = (staffId: string) => seats.filter((p) => p.staffId === staffId);
  const requireOpen = () => {
    if (!OPEN.includes(state)) fail('CONFLICT', `the conference is ${state}`);
  };
  const checkAnswer = (staffId: string): void => {
    requireOpen();
    const mine = seatsOf(staffId);
    if (mine.length === 0) fail('FORBIDDEN', 'you are not invited to this conference');
    if (!mine.some((p) => answers.get(p.seat) === 'waiting')) fail('CONFLICT', 'you have answered already');
  };
  const checkDecisions = (request: ConferenceDecisionsRequest): void => {
    requireOpen();
    if (request.requestedBy !== convened?.chair && !request.roles.includes('supervisor'))
      fail('FORBIDDEN', 'decisions are recorded by the chair or a supervisor');
    if (!quorumMet() && !request.proceedWithoutQuorum) {
      fail('INVALID', 'invalid request', [
        { path: 'proceedWithoutQuorum', message: `the quorum is not met (missing: ${missing().join(', ')}): give the reason to proceed without it` },
      ]);
    }
    const at = now().getTime();
    const late = request.actionItems.findIndex((a) => Date.parse(a.dueAt) <= at);
    if (late >= 0) fail('INVALID', 'invalid request', [{ path: `actionItems.${late}.dueAt`, message: 'must be in the future' }]);
  };

  async function answer(staffId: string, kind: 'submitted' | 'declined', text: string, recommendsClosure: boolean) {
    const mine = seatsOf(staffId).filter((s) => answers.get(s.seat) === 'waiting');
    for (const p of mine) answers.set(p.seat, kind); // at once: a second answer arriving meanwhile is refused
    changes += 1;
    for (const p of mine) {
      await activities.recordConferenceAnswer({
        ...ref,
        seat: p.seat,
        staffId,
        discipline: p.discipline,
        taskId: p.taskId,
        answer: kind,
        text,
        recommendsClosure,
        at: now().toISOString(),
      });
    }
    return { state, quorumMet: quorumMet() };
  }

  setHandler(conferenceStatusQuery, () => ({
    conferenceId: input.conferenceId,
    caseId: input.caseId,
    state,
    urgent,
    trigger: input.trigger,
    chair: convened?.chair ?? null,
    inputDueAt: inputDueAt.toISOString(),
    rescheduled,
    quorumMet: quorumMet(),
    participants: seats.map((p) => ({ staffId: p.staffId, discipline: p.discipline, answer: answers.get(p.seat)! })),
  }));

  // Validators check what they can before the seats are known; the handlers check again once they are, before writing.
  setHandler(
    submitConferenceInputUpdate,
    async (request) => {
      await whenConvened();
      checkAnswer(request.requestedBy);
      return answer(request.requestedBy, 'submitted', request.input, request.recommendsClosure);
    },
    {
      validator: (raw) => {
        const request = checked<ConferenceInputRequest>(raw, { input: 'string', recommendsClosure: 'boolean', requestedBy: 'string' });
        if (convened) checkAnswer(request.requestedBy);
      },
    },
  );

  setHandler(
    declineConferenceUpdate,
    async (request) => {
      await whenConvened();
      checkAnswer(request.requestedBy);
      return answer(request.requestedBy, 'declined', request.reason, false);
    },
    {
      validator: (raw) => {
        const request = checked<DeclineConferenceRequest>(raw, { reason: 'string', requestedBy: 'string' });
        if (convened) checkAnswer(request.requestedBy);
      },
    },
  );

  setHandler(
    recordConferenceDecisionsUpdate,
    async (decisions) => {
      await whenConvened();
      checkDecisions(decisions);
      const withoutQuorum = !quorumMet();
      const openTaskIds = waitingTaskIds();
      await setState('decided');
      await activities.recordConferenceDecisions({ ...ref, decisions, withoutQuorum, openTaskIds, at: now().toISOString() });
      outcome = {
        kind: 'decided',
        conferenceId: input.conferenceId,
        chair: decisions.requestedBy,
        actionItems: decisions.actionItems.map((a, i) => ({ item: i + 1, ownerId: a.ownerId, ownerRoles: a.ownerRoles, dueAt: a.dueAt })),
        ...(decisions.riskLevel ? { riskLevel: decisions.riskLevel } : {}),
        planChanged: decisions.planChanges !== undefined,
        ...(decisions.closureRecommendation ? { closureRecommendation: decisions.closureRecommendation } : {}),
      };
      return { state };
    },
    {
      validator: (raw) => {
        const request = checked<ConferenceDecisionsRequest>(raw, { minutes: 'string', actionItems: 'array', requestedBy: 'string', roles: 'array' });
        if (convened) checkDecisions(request);
      },
    },
  );

  const pendingTriggers: Array<{ trigger: string; urgent: boolean }> = [];
  // Signals come from the case only. One the codec could not open (sent straight to Temporal without the key)
  // arrives empty: it changes nothing, and the conference goes on.
  setHandler(conferenceTriggerSignal, (signal) => {
    if (typeof signal?.trigger !== 'string' && patched(SIGNALS_NEED_PROOF_PATCH)) return;
    pendingTriggers.push(signal);
    changes += 1;
  });
  let cancelRequested = false;
  setHandler(cancelConferenceSignal, (proof) => {
    if (proof?.caseId !== input.caseId && patched(SIGNALS_NEED_PROOF_PATCH)) return;
    cancelRequested = true;
    changes += 1;
  });

  convened = await activities.conveneConference({
    ...input,
    at: windowStart.toISOString(),
    inputDueAt: inputDueAt.toISOString(),
    disciplines: rules.disciplines,
    quorum: rules.quorum,
    reason: input.reason ?? null,
  });
  seats = convened.participants;
  for (const p of seats) answers.set(p.seat, 'waiting');

  while (OPEN.includes(state)) {
    if (cancelRequested) {
      await setState('cancelled');
      await activities.cancelConference({ ...ref, openTaskIds: waitingTaskIds(), at: now().toISOString() });
      break;
    }
    while (pendingTriggers.length > 0) {
      const joined = pendingTriggers.shift()!;
      await activities.addConferenceTrigger({ ...ref, trigger: joined.trigger, at: now().toISOString() });
      const sooner = after(now(), rules.urgentInputDue);
      if (joined.urgent && !urgent && COLLECTING.includes(state)) {
        urgent = true;
        upsertSearchAttributes([{ key: ConferenceUrgency, value: 'urgent' }]);
        if (sooner < inputDueAt) {
          windowStart = now();
          inputDueAt = sooner;
          await activities.rescheduleConference({
            ...ref,
            inputDueAt: inputDueAt.toISOString(),
            why: 'urgent',
            missing: missing(),
            taskIds: waitingTaskIds(),
            at: now().toISOString(),
          });
        }
      }
    }
    if (quorumMet() && state !== 'ready') {
      await setState('ready');
      await activities.markConference({ ...ref, state, missing: [], at: now().toISOString() });
    }
    if (COLLECTING.includes(state)) {
      const t = now().getTime();
      const remindAt = conferenceReminderAt(windowStart, inputDueAt, rules.remindBefore);
      if (t >= inputDueAt.getTime()) {
        if (!rescheduled) {
          rescheduled = true;
          windowStart = now();
          inputDueAt = after(windowStart, rules.rescheduleBy);
          await setState('rescheduled');
          await activities.rescheduleConference({
            ...ref,
            inputDueAt: inputDueAt.toISOString(),
            why: 'no-quorum',
            missing: missing(),
            taskIds: waitingTaskIds(),
            at: now().toISOString(),
          });
        } else {
          await setState('no-quorum');
          await activities.markConference({ ...ref, state, missing: missing(), at: now().toISOString() });
        }
        continue;
      }
      if (t >= remindAt && remindedFor !== inputDueAt.getTime()) {
        remindedFor = inputDueAt.getTime();
        reminderRound += 1;
        const waiting = seats.filter((p) => answers.get(p.seat) === 'waiting');
        if (waiting.length > 0) {
          await activities.remindParticipants({
            ...ref,
            round: reminderRound,
            seats: waiting.map((p) => ({ staffId: p.staffId, taskId: p.taskId })),
            inputDueAt: inputDueAt.toISOString(),
            at: now().toISOString(),
          });
        }
        continue;
      }
    }
    if (!OPEN.includes(state)) break;
    const seen = changes;
    const wake = () => changes !== seen;
    if (COLLECTING.includes(state)) {
      const t = now().getTime();
      const remindAt = conferenceReminderAt(windowStart, inputDueAt, rules.remindBefore);
      const next = remindedFor === inputDueAt.getTime() || remindAt <= t ? inputDueAt.getTime() : remindAt;
      await condition(wake, Math.max(next - t, 1));
    } else {
      await condition(wake); // ready or no-quorum: the chair decides
    }
  }

  await condition(allHandlersFinished);
  // The case learns what was decided, or that the conference ended without decisions. A case that has
  // ended meanwhile has nothing left to act on.
  const report: ConferenceOutcome = outcome ?? { kind: 'ended', conferenceId: input.conferenceId, state };
  try {
    await getExternalWorkflowHandle(caseWorkflowId(input.caseId)).signal(conferenceOutcomeSignal, report);
  } catch {
    // the case workflow is not running: nothing to tell
  }
}
