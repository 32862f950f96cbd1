import { ApplicationFailure } from '@temporalio/activity';
import {
  conferenceTaskIdFor,
  consentReaches,
  eventIdFor,
  neutralDiscipline,
  neutralTrigger,
  type Discipline,
  type Participant,
  type StaffRole,
} from '@continuum/domain';
import { publishEvent, type Bus } from '@continuum/bus';
import type { CaseVault, Store } from '@continuum/store';
import type { ConferenceActivities, ConferenceRef } from '@continuum/workflows/conference-activities';
import { envelope } from './envelope';
import { writeHistoryOnce } from './case-history';

/**
 * The conference workflow's activities. The conference document, its input tasks and its case-history
 * entries have deterministic ids and are written with upserts and conditional updates; events carry
 * deterministic ids, so JetStream drops a retry's copy.
 */
export function createConferenceActivities(store: Store, bus: Bus, vault: CaseVault): ConferenceActivities {
  const conferenceEnvelope = (ref: ConferenceRef, key: string, at: string) => ({
    ...envelope(ref, eventIdFor(ref.conferenceId, key), at),
    conferenceId: ref.conferenceId,
  });
  /** An entry in the case's history, so the case view shows the conference's course. */
  const remember = (ref: ConferenceRef, key: string, at: string, type: string, by: string | null, details: Record<string, unknown>) =>
    writeHistoryOnce(store, vault, `${ref.caseId}/${ref.conferenceId}-${key}`, {
      caseId: ref.caseId,
      at,
      type,
      by,
      details: { conferenceId: ref.conferenceId, ...details },
    });
  // The workflow's handlers and its main loop may run two of these at once on one conference: each update is
  // atomic on the store (test/store/contract.test.ts, "lose nothing"), so neither loses the other's change.
  const updateConference = (filter: { _id: string } & Record<string, unknown>, update: Record<string, unknown>, options: { upsert?: boolean } = {}) =>
    store.conferences.updateOne(filter, update, options);
  const closeTasks = (taskIds: string[], at: string) =>
    taskIds.length
      ? store.tasks.updateMany({ _id: { $in: taskIds }, status: 'open' }, { $set: { status: 'cancelled', completedAt: new Date(at) } })
      : undefined;

  return {
    async conveneConference(input) {
      // A retry finds the team seated already and returns the same seats.
      const existing = await store.conferences.findById(input.conferenceId).lean();
      const seated = existing
        ? { chair: existing.chair ?? null, participants: existing.participants as Participant[], unfilled: existing.unfilled as Discipline[] }
        : await seatTheTeam(store, input);
      if (!existing) {
        await updateConference(
          { _id: input.conferenceId },
          {
            $setOnInsert: {
              caseId: input.caseId,
              district: input.district,
              programme: input.programme,
              policyVersion: input.policyVersion,
              trigger: input.trigger,
              reason: await vault.sealSaid(input.caseId, input.reason),
              urgent: input.urgent,
              state: 'collecting-input',
              chair: seated.chair,
              requestedBy: input.requestedBy,
              participants: seated.participants,
              participantIds: seated.participants.map((p) => p.staffId),
              unfilled: seated.unfilled,
              quorum: input.quorum,
              answers: {},
              convenedAt: new Date(input.at),
              inputDueAt: new Date(input.inputDueAt),
            },
          },
          { upsert: true },
        );
      }
      const priority = input.urgent ? 3 : 2;
      for (const p of seated.participants) {
        await store.tasks.updateOne(
          { _id: p.taskId },
          {
            $setOnInsert: {
              caseId: input.caseId,
              type: 'conference-input',
              status: 'open',
              district: input.district,
              programme: input.programme,
              doneBy: p.roles,
              assigneeId: p.staffId,
              priority,
              subject: p.discipline,
              conferenceId: input.conferenceId,
              dueAt: new Date(input.inputDueAt),
              createdAt: new Date(input.at),
              completedAt: null,
              completedBy: null,
              form: null,
            },
          },
          { upsert: true },
        );
      }
      await remember(input, 'convened', input.at, 'conference-convened', input.requestedBy, {
        trigger: input.trigger,
        urgent: input.urgent,
        chair: seated.chair,
      });
      await publishEvent(bus.js, {
        type: 'conference.convened',
        ...conferenceEnvelope(input, 'convened', input.at),
        trigger: neutralTrigger(input.trigger),
        urgent: input.urgent,
        chair: seated.chair,
        inputDueAt: input.inputDueAt,
        unfilled: seated.unfilled.map(neutralDiscipline),
      });
      for (const p of seated.participants) {
        await publishEvent(bus.js, {
          type: 'conference.invited',
          ...conferenceEnvelope(input, `invited-${p.seat}`, input.at),
          participantId: p.staffId,
          discipline: neutralDiscipline(p.discipline),
          taskId: p.taskId,
          urgent: input.urgent,
          inputDueAt: input.inputDueAt,
        });
      }
      return seated;
    },

    async recordConferenceAnswer(input) {
      const text = await vault.sealSaid(input.caseId, input.text);
      const answer = { answer: input.answer, text, recommendsClosure: input.recommendsClosure, by: input.staffId, at: new Date(input.at) };
      // Set on its own path, and only once: a retry leaves the first answer as it was.
      await updateConference({ _id: input.conferenceId, [`answers.${input.seat}`]: { $exists: false } }, { $set: { [`answers.${input.seat}`]: answer } });
      const form = input.answer === 'submitted' ? { input: text, recommendsClosure: input.recommendsClosure } : { declined: true, reason: text };
      await store.tasks.updateOne(
        { _id: input.taskId, status: 'open' },
        { $set: { status: 'completed', completedAt: new Date(input.at), completedBy: input.staffId, form } },
      );
      await remember(input, `answer-${input.seat}`, input.at, `conference-${input.answer}`, input.staffId, { discipline: input.discipline });
      await publishEvent(bus.js, {
        type: 'conference.answered',
        ...conferenceEnvelope(input, `answer-${input.seat}`, input.at),
        participantId: input.staffId,
        discipline: neutralDiscipline(input.discipline),
        answer: input.answer,
      });
    },

    async remindParticipants(input) {
      await updateConference({ _id: input.conferenceId, remindedAt: { $ne: new Date(input.at) } }, { $push: { remindedAt: new Date(input.at) } });
      for (const seat of input.seats) {
        await publishEvent(bus.js, {
          type: 'conference.reminder',
          ...conferenceEnvelope(input, `reminder-${input.round}-${seat.taskId}`, input.at),
          participantId: seat.staffId,
          taskId: seat.taskId,
          inputDueAt: input.inputDueAt,
        });
      }
    },

    async rescheduleConference(input) {
      const dueAt = new Date(input.inputDueAt);
      await updateConference(
        { _id: input.conferenceId },
        { $set: { inputDueAt: dueAt, ...(input.why === 'no-quorum' ? { state: 'rescheduled', rescheduledAt: new Date(input.at) } : { urgent: true }) } },
      );
      if (input.taskIds.length)
        await store.tasks.updateMany(
          { _id: { $in: input.taskIds }, status: 'open' },
          { $set: { dueAt, escalatedAt: null, ...(input.why === 'urgent' ? { priority: 3 } : {}) } },
        );
      await remember(input, `rescheduled-${input.why}`, input.at, 'conference-rescheduled', null, {
        why: input.why,
        inputDueAt: input.inputDueAt,
        missing: input.missing,
      });
      if (input.why === 'no-quorum') {
        await publishEvent(bus.js, {
          type: 'conference.quorum-failed',
          ...conferenceEnvelope(input, 'quorum-failed-1', input.at),
          missing: input.missing.map(neutralDiscipline),
          rescheduled: true,
        });
      }
      await publishEvent(bus.js, {
        type: 'conference.rescheduled',
        ...conferenceEnvelope(input, `rescheduled-${input.why}`, input.at),
        inputDueAt: input.inputDueAt,
        why: input.why,
      });
    },

    async markConference(input) {
      await updateConference({ _id: input.conferenceId }, { $set: { state: input.state } });
      await remember(input, `state-${input.state}`, input.at, `conference-${input.state}`, null, input.missing.length ? { missing: input.missing } : {});
      await publishEvent(bus.js, { type: 'conference.state-changed', ...conferenceEnvelope(input, `state-${input.state}`, input.at), state: input.state });
      if (input.state === 'no-quorum') {
        await publishEvent(bus.js, {
          type: 'conference.quorum-failed',
          ...conferenceEnvelope(input, 'quorum-failed-2', input.at),
          missing: input.missing.map(neutralDiscipline),
          rescheduled: false,
        });
      }
    },

    async addConferenceTrigger(input) {
      await updateConference({ _id: input.conferenceId }, { $addToSet: { alsoTriggeredBy: input.trigger } });
    },

    async recordConferenceDecisions(input) {
      const d = input.decisions;
      const decisions = {
        chair: d.requestedBy,
        minutes: await vault.sealSaid(input.caseId, d.minutes),
        actionItems: await Promise.all(
          d.actionItems.map(async (a, i) => ({ item: i + 1, action: await vault.sealSaid(input.caseId, a.action), ownerId: a.ownerId, dueAt: a.dueAt })),
        ),
        riskLevel: d.riskLevel ?? null,
        planChanges: await vault.sealSaid(input.caseId, d.planChanges),
        closureRecommendation: d.closureRecommendation ?? null,
        proceededWithoutQuorum: input.withoutQuorum ? await vault.sealSaid(input.caseId, d.proceedWithoutQuorum) : null,
      };
      await closeTasks(input.openTaskIds, input.at);
      await updateConference(
        { _id: input.conferenceId, decidedAt: null },
        { $set: { state: 'decided', decidedAt: new Date(input.at), endedAt: new Date(input.at), decisions } },
      );
      await remember(input, 'decided', input.at, 'conference-decided', d.requestedBy, {
        actionItems: decisions.actionItems.length,
        riskLevel: decisions.riskLevel,
        closureRecommendation: decisions.closureRecommendation,
        withoutQuorum: input.withoutQuorum,
      });
      if (d.planChanges) await remember(input, 'plan-changes', input.at, 'support-plan-changed', d.requestedBy, { changes: d.planChanges });
      await publishEvent(bus.js, {
        type: 'conference.decided',
        ...conferenceEnvelope(input, 'decided', input.at),
        chair: d.requestedBy,
        actionItems: d.actionItems.length,
        withoutQuorum: input.withoutQuorum,
        riskLevel: d.riskLevel ?? null,
        closureRecommended: d.closureRecommendation !== undefined,
      });
    },

    async cancelConference(input) {
      // The tasks first: a conference that reads cancelled has no open task left.
      await closeTasks(input.openTaskIds, input.at);
      await updateConference({ _id: input.conferenceId, endedAt: null }, { $set: { state: 'cancelled', endedAt: new Date(input.at) } });
      await remember(input, 'cancelled', input.at, 'conference-cancelled', null, {});
      await publishEvent(bus.js, { type: 'conference.state-changed', ...conferenceEnvelope(input, 'state-cancelled', input.at), state: 'cancelled' });
    },
  };
}

type ConveneInput = Parameters<ConferenceActivities['conveneConference']>[0];

/**
 * One participant per discipline: the case manager in the social worker's seat, otherwise the district's
 * staff of that discipline, and when the district has nobody, the city's (any district of the same city).
 * Partners (specialists) only under a consent that reaches case conferences (a case without a consent on
 * file, as the abandonment-prevention programme's, holds no HIV status). A seat nobody may fill is unfilled.
 * The chair is the district's supervisor, or the case manager when it has none.
 */
async function seatTheTeam(store: Store, input: ConveneInput) {
  const district = await store.districts.findById(input.district, { city: 1 }).lean();
  if (!district) throw ApplicationFailure.nonRetryable(`no district ${input.district}`, 'NOT_FOUND');
  const cityDistricts = (await store.districts.find({ city: district.city }, { _id: 1 }).lean()).map((d) => d._id);
  const staff = await store.staff
    .find({ districts: { $in: cityDistricts }, active: { $ne: false } }, { roles: 1, districts: 1, discipline: 1 })
    .sort({ _id: 1 })
    .lean();
  // Partner professionals (specialists, outside the social service) sit on the case's conferences only when the
  // family's consent reaches case conferences: a conference is about the family, HIV status included.
  const consent = (
    (await store.cases.findById(input.caseId, { 'family.consent': 1 }).lean())?.family as {
      consent?: { granted?: boolean; withdrawnOn?: string; scope?: string[] } | null;
    } | null
  )?.consent;
  const partnersMaySit = !consent || consentReaches(consent, 'case-conference');
  const seatable = (s: (typeof staff)[number]) =>
    s.roles.some((r) => r === 'caseworker' || r === 'supervisor' || r === 'specialist') &&
    (partnersMaySit || s.roles.some((r) => r === 'caseworker' || r === 'supervisor'));

  const participants: Participant[] = [];
  const unfilled: Discipline[] = [];
  for (const discipline of input.disciplines) {
    const caseManager = discipline === 'social-worker' && input.caseManager ? staff.find((s) => s._id === input.caseManager) : undefined;
    const inDistrict = staff.find((s) => s.discipline === discipline && seatable(s) && s.districts.includes(input.district) && !s.roles.includes('supervisor'));
    const inCity = staff.find((s) => s.discipline === discipline && seatable(s) && !s.roles.includes('supervisor'));
    const chosen = caseManager ?? inDistrict ?? inCity;
    if (!chosen) {
      unfilled.push(discipline);
      continue;
    }
    const seat = participants.length + 1;
    participants.push({
      seat,
      staffId: chosen._id,
      discipline,
      roles: chosen.roles as StaffRole[],
      fromCity: !chosen.districts.includes(input.district),
      taskId: conferenceTaskIdFor(input.conferenceId, seat),
    });
  }
  const supervisor = staff.find((s) => s.roles.includes('supervisor') && s.districts.includes(input.district));
  return { chair: supervisor?._id ?? input.caseManager ?? null, participants, unfilled };
}
