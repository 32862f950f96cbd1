import { ApplicationFailure } from '@temporalio/activity';
import { ageInMonths, eventIdFor, ReferralRejectionReason, type ClosureOutcome, type ReferralStatusReason } from '@continuum/domain';
import { publishEvent, type Bus } from '@continuum/bus';
import { familyOf, familySearchIndex, openFamily, referralForm, sealFamily, type CaseVault, type Store } from '@continuum/store';
import type { CaseActivities, CaseRef, Keyed } from '@continuum/workflows/case-activities';
import { taskActivities } from './task-activities';
import { pickCaseManager } from './workload';
import { envelope } from './envelope';
import { writeHistoryOnce } from './case-history';

/**
 * The case workflow's activities. Each is idempotent: documents are written with deterministic ids,
 * upserts and conditional updates, events with deterministic ids that JetStream de-duplicates, and times
 * come from the workflow.
 */
export function createCaseActivities(store: Store, bus: Bus, vault: CaseVault): CaseActivities {
  const caseEnvelope = (ref: CaseRef, key: string, at: string) => envelope(ref, eventIdFor(ref.caseId, key), at);
  /** A child's age in months on a day, from the family record; null when her birth date is not known (or erased). */
  const childAgeMonths = async (caseId: string, childIndex: number, on: string): Promise<number | null> => {
    const family = await openFamily(vault, caseId, (await store.cases.findById(caseId, { family: 1 }).lean())?.family);
    const birthDate = family.children[childIndex]?.birthDate;
    return typeof birthDate === 'string' ? ageInMonths(birthDate, on) : null;
  };
  /** One entry of the case's history, under the id of the event the activity publishes. */
  const remember = (ref: CaseRef & Keyed, type: string, by: string | null, details: Record<string, unknown>) =>
    writeHistoryOnce(store, vault, `${ref.caseId}/${ref.eventKey}`, { caseId: ref.caseId, at: ref.at, type, by, details });
  /** The code a referring facility is told when the case closes: the review's reason code, or only whether follow-up was completed. */
  const facilityReasonFor = async (caseId: string, outcome: ClosureOutcome): Promise<ReferralStatusReason> => {
    if (outcome === 'completed-successfully') return 'follow-up-completed';
    if (outcome !== 'referral-rejected') return 'follow-up-ended';
    const review = await store.tasks.findOne({ caseId, type: 'referral-review', status: 'completed' }, { form: 1 }).sort({ completedAt: -1 }).lean();
    const code = ReferralRejectionReason.safeParse((review?.form as { reasonCode?: unknown } | null)?.reasonCode);
    return code.success ? code.data : 'other';
  };

  return {
    ...taskActivities(store, bus, vault),

    async referralFacts({ caseId }) {
      const referral = await store.referrals.findById(caseId, { form: 1 }).lean();
      if (!referral) throw ApplicationFailure.nonRetryable(`no referral stored for ${caseId}`, 'NOT_FOUND');
      const form = referral.form as { riskFactors?: string[]; children?: Array<{ hivExposed?: boolean }>; consent?: { granted?: boolean } };
      return {
        riskFactors: form.riskFactors ?? [],
        children: (form.children ?? []).map((c) => ({ hivExposed: c.hivExposed === true })),
        consentGranted: form.consent?.granted === true,
      };
    },

    async openCase(input) {
      const referral = await store.referrals.findById(input.caseId).lean();
      if (!referral) throw ApplicationFailure.nonRetryable(`no referral stored for ${input.caseId}`, 'NOT_FOUND');
      const form = await referralForm(vault, referral);
      if (!form) throw ApplicationFailure.nonRetryable(`the family of ${input.caseId} was erased`, 'ERASED');
      // Each member with her id from the start (familyOf gives the ids a member's place makes), sealed under the
      // case's own key; the search finds her through the family's blind index.
      const family = familyOf(input.caseId, {
        mother: form.mother,
        children: form.children,
        household: form.household,
        consent: form.consent,
        riskFactors: form.riskFactors,
      });
      await store.cases.updateOne(
        { _id: input.caseId },
        {
          $setOnInsert: {
            district: input.district,
            programme: input.programme,
            facilityId: input.facilityId,
            policyVersion: input.policyVersion,
            stage: 'intake',
            riskLevel: input.riskLevel,
            riskScore: input.riskScore ?? null,
            riskFactors: input.riskFactors ?? [],
            openedAt: new Date(input.at),
            family: await sealFamily(vault, input.caseId, family),
            searchIndex: await familySearchIndex(vault, family),
          },
        },
        { upsert: true },
      );
      // The first version had no referral review: its cases went straight to work.
      if (input.riskScore === undefined) await store.referrals.updateOne({ _id: input.caseId, status: 'requested' }, { $set: { status: 'in-progress' } });
      await publishEvent(bus.js, {
        type: 'case.opened',
        ...caseEnvelope(input, 'case.opened', input.at),
        facilityId: input.facilityId,
        riskLevel: input.riskLevel,
      });
    },

    async recordStage(input) {
      await store.cases.updateOne({ _id: input.caseId }, { $set: { stage: input.stage } });
      await publishEvent(bus.js, { type: 'case.stage-changed', ...caseEnvelope(input, `stage-${input.change}`, input.at), stage: input.stage });
    },

    async setReferralStatus(input) {
      const referral = await store.referrals
        .findOneAndUpdate(
          { _id: input.caseId },
          // The facility reads statusReason (a code, none here); the staff's words, if any, stay in statusNote.
          {
            $set: {
              status: input.status,
              statusReason: null,
              statusNote: await vault.sealSaid(input.caseId, input.reason),
              statusChangedAt: new Date(input.at),
            },
          },
        )
        .lean();
      if (!referral) throw ApplicationFailure.nonRetryable(`no referral stored for ${input.caseId}`, 'NOT_FOUND');
      await remember(input, `referral-${input.status}`, null, input.reason ? { reason: input.reason } : {});
      await publishEvent(bus.js, {
        type: 'referral.status-changed',
        ...caseEnvelope(input, input.eventKey, input.at),
        facilityId: referral.facilityId,
        status: input.status,
      });
    },

    async assignCaseManager(input) {
      const current = await store.cases.findById(input.caseId, { caseManager: 1, district: 1 }).lean();
      if (!current) throw ApplicationFailure.nonRetryable(`no case ${input.caseId}`, 'NOT_FOUND');
      // A retry of this very call finds its history entry (written first): it finishes what the first attempt
      // began, with the manager that attempt chose, and publishes case.assigned should that have failed.
      const begun = (await store.caseHistory.findById(`${input.caseId}/${input.eventKey}`, { details: 1 }).lean())?.details as
        { caseManager?: string } | undefined;
      if (current.caseManager && !input.replace && !begun?.caseManager) return current.caseManager;
      const manager = begun?.caseManager ?? input.reassignTo ?? (await pickCaseManager(store, current.district, input.at.slice(0, 10)));
      if (!manager) return null; // nobody in the district free to take it: the tasks stay in the team's unassigned pool
      await remember(input, 'case-assigned', input.requestedBy ?? null, { caseManager: manager, ...(input.reason && { reason: input.reason }) });
      await store.cases.updateOne({ _id: input.caseId }, { $set: { caseManager: manager } });
      await store.tasks.updateMany(
        // A conference participant's input and an action item's owner are people, not the case manager's seat.
        {
          caseId: input.caseId,
          status: 'open',
          district: current.district,
          doneBy: 'caseworker',
          type: { $nin: ['conference-input', 'action-item'] },
          ...(input.replace ? {} : { assigneeId: null }),
        },
        { $set: { assigneeId: manager } },
      );
      await publishEvent(bus.js, { type: 'case.assigned', ...caseEnvelope(input, input.eventKey, input.at), caseManager: manager });
      return manager;
    },

    async recordRisk(input) {
      await store.cases.updateOne({ _id: input.caseId }, { $set: { riskLevel: input.riskLevel, riskScore: input.score, riskFactors: input.factors } });
      await store.tasks.updateMany({ caseId: input.caseId, status: 'open' }, { $set: { priority: input.priority } });
      await remember(input, 'risk-screened', null, { riskLevel: input.riskLevel, score: input.score, factors: input.factors });
      await publishEvent(bus.js, {
        type: 'case.risk-changed',
        ...caseEnvelope(input, input.eventKey, input.at),
        riskLevel: input.riskLevel,
        score: input.score,
      });
    },

    async transferCase(input) {
      // Only the first attempt moves the case; a retry finds it moved and keeps the manager it got.
      await store.cases.updateOne({ _id: input.caseId, district: input.fromDistrict }, { $set: { district: input.district, caseManager: null } });
      await store.referrals.updateOne({ _id: input.caseId }, { $set: { district: input.district } });
      await store.tasks.updateMany({ _id: { $in: input.taskIds }, district: input.fromDistrict }, { $set: { district: input.district, assigneeId: null } });
      // The case's closed tasks go with it: the sending district keeps nothing to read. (Its conferences keep the
      // district they met in; who may read them is decided by where the case is now.)
      await store.tasks.updateMany({ caseId: input.caseId, district: input.fromDistrict }, { $set: { district: input.district } });
      await remember(input, 'case-transferred', null, { fromDistrict: input.fromDistrict, toDistrict: input.district });
      await publishEvent(bus.js, { type: 'case.transferred', ...caseEnvelope(input, input.eventKey, input.at), fromDistrict: input.fromDistrict });
      const current = await store.cases.findById(input.caseId, { caseManager: 1 }).lean();
      if (current?.caseManager) return current.caseManager;
      const manager = await pickCaseManager(store, input.district, input.at.slice(0, 10));
      if (!manager) return null;
      await store.cases.updateOne({ _id: input.caseId }, { $set: { caseManager: manager } });
      await store.tasks.updateMany(
        { caseId: input.caseId, status: 'open', district: input.district, doneBy: 'caseworker', assigneeId: null },
        { $set: { assigneeId: manager } },
      );
      return manager;
    },

    async recordFamilyEvent(input) {
      if (input.event.type === 'consent-withdrawn') {
        // The casework service recorded it at once (with the time, changedAt); this copy is for a consent that
        // no one recorded so: it never undoes a consent given again since.
        await store.cases.updateOne(
          { _id: input.caseId, 'family.consent.changedAt': { $exists: false } },
          { $set: { 'family.consent.granted': false, 'family.consent.withdrawnOn': input.event.occurredOn } },
        );
      }
      // A placement keeps the child's age then, read off the sealed family record: the reports count ages, never birth dates.
      const ageMonths =
        input.event.type === 'child-placed-in-care' ? await childAgeMonths(input.caseId, input.event.childIndex, input.event.occurredOn) : undefined;
      await remember(input, `family-event:${input.event.type}`, input.reportedBy, {
        ...input.event,
        reportId: input.reportId,
        ...(ageMonths !== undefined && { ageMonths }),
      });
      await publishEvent(bus.js, { type: 'case.family-event', ...caseEnvelope(input, input.eventKey, input.at) });
    },

    async closeCase(input) {
      await store.cases.updateOne({ _id: input.caseId }, { $set: { outcome: input.outcome, closedAt: new Date(input.at) } });
      const status = input.outcome === 'referral-rejected' ? 'rejected' : 'completed';
      const statusReason = await facilityReasonFor(input.caseId, input.outcome);
      const referral = await store.referrals
        .findOneAndUpdate(
          { _id: input.caseId },
          { $set: { status, statusReason, statusNote: await vault.sealSaid(input.caseId, input.reason), statusChangedAt: new Date(input.at) } },
        )
        .lean();
      await remember(input, 'case-closed', null, { outcome: input.outcome, ...(input.reason ? { reason: input.reason } : {}) });
      await publishEvent(bus.js, { type: 'case.closed', ...caseEnvelope(input, input.eventKey, input.at), outcome: input.outcome });
      if (referral) {
        await publishEvent(bus.js, {
          type: 'referral.status-changed',
          ...caseEnvelope(input, `${input.eventKey}-referral`, input.at),
          facilityId: referral.facilityId,
          status,
        });
      }
    },

    async reopenCase(input) {
      await store.cases.updateOne({ _id: input.caseId }, { $set: { outcome: null, closedAt: null } });
      await store.referrals.updateOne(
        { _id: input.caseId },
        { $set: { status: 'in-progress', statusReason: null, statusNote: null, statusChangedAt: new Date(input.at) } },
      );
      await remember(input, 'case-reopened', input.reopenedBy, { reason: input.reason });
      await publishEvent(bus.js, { type: 'case.reopened', ...caseEnvelope(input, input.eventKey, input.at) });
    },

    async recordPolicyChange(input) {
      await store.cases.updateOne({ _id: input.caseId }, { $set: { policyVersion: input.toVersion } });
      await remember(input, 'policy-changed', input.changedBy, { fromVersion: input.fromVersion, toVersion: input.toVersion, reason: input.reason });
      await publishEvent(bus.js, { type: 'case.policy-changed', ...caseEnvelope(input, input.eventKey, input.at) });
    },
  };
}
