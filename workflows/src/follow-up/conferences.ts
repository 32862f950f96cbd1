import { getExternalWorkflowHandle, ParentClosePolicy, patched, startChild } from '@temporalio/workflow';
import { after, conferenceIdFor, conferenceWorkflowId } from '@continuum/domain/rules';
import type { CaseConferenceInput, CaseConferenceState, ConferenceId, ConferenceOutcome, ConferenceTrigger } from '@continuum/domain';
import { caseConference } from '../case-conference';
import { conferenceTriggerSignal } from '../conference-messages';
import { CaseDistrict, CaseProgramme, ConferenceState, ConferenceUrgency } from '../search-attributes';
import type { CaseContext } from './case-context';

/** Patch id of the change that brought conferences: a case's history either has the marker or never convened one. */
export const CONFERENCES_PATCH = 'case-conferences';
/** Since this patch a conference carries no CaseProgramme search attribute. */
export const NO_PROGRAMME_ATTRIBUTE_PATCH = 'no-programme-search-attribute';

/** The case's conference bookkeeping; cases from before conferences start with none. */
export function conferencesOf(c: CaseContext): CaseConferenceState {
  c.state.conference ??= { seq: 0, active: null, held: 0, missedContacts: 0, nextReviewAt: null };
  return c.state.conference;
}

/**
 * Convenes a conference as a child of the case, when the policy has conference rules and the trigger is
 * one of its own (a request by hand always is). One conference at a time: a trigger that arrives while one
 * is open joins its agenda, and an urgent one brings its deadline forward. Returns the conference's id.
 */
export async function convene(
  c: CaseContext,
  trigger: ConferenceTrigger,
  opts: { urgent?: boolean; requestedBy?: string; reason?: string } = {},
): Promise<ConferenceId | null> {
  const rules = c.policy.conference;
  if (!rules || c.state.stage === 'closed') return null;
  if (trigger !== 'requested' && !(rules.triggers as readonly string[]).includes(trigger)) return null;
  if (!patched(CONFERENCES_PATCH)) return null;
  const conferences = conferencesOf(c);
  const urgent = opts.urgent ?? false;
  if (conferences.active) {
    const active = conferences.active;
    try {
      await getExternalWorkflowHandle(conferenceWorkflowId(active)).signal(conferenceTriggerSignal, { trigger, urgent });
      return active;
    } catch {
      conferences.active = null; // it ended a moment ago; its report is on the way: convene a new one
    }
  }
  conferences.seq += 1;
  const conferenceId = conferenceIdFor(c.input.caseId, conferences.seq);
  conferences.active = conferenceId;
  c.changes += 1;
  const input: CaseConferenceInput = {
    conferenceId,
    caseId: c.input.caseId,
    district: c.state.district,
    programme: c.input.programme,
    policyVersion: c.state.policyVersion,
    trigger,
    urgent,
    caseManager: c.state.caseManager,
    requestedBy: opts.requestedBy ?? null,
    reason: opts.reason ?? null,
  };
  await startChild(caseConference, {
    workflowId: conferenceWorkflowId(conferenceId),
    args: [input],
    // The case continues as new while its conference runs: the conference outlives the run that started it
    // and reports to the case by its workflow id.
    parentClosePolicy: ParentClosePolicy.ABANDON,
    typedSearchAttributes: [
      { key: CaseDistrict, value: c.state.district },
      // Search attributes are stored in clear: the programme's name would tell of a diagnosis.
      ...(patched(NO_PROGRAMME_ATTRIBUTE_PATCH) ? [] : [{ key: CaseProgramme, value: c.input.programme }]),
      { key: ConferenceUrgency, value: urgent ? 'urgent' : 'routine' },
      { key: ConferenceState, value: 'collecting-input' },
    ],
  });
  return conferenceId;
}

/** What the case does with a conference's decisions: action items become its tasks, the risk level and closure follow. */
export async function onConferenceOutcome(c: CaseContext, outcome: ConferenceOutcome): Promise<void> {
  const conferences = conferencesOf(c);
  if (conferences.active === outcome.conferenceId) conferences.active = null;
  if (outcome.kind === 'ended') return;
  conferences.held += 1;
  if (c.state.stage === 'closed') return;
  for (const item of outcome.actionItems) {
    await c.openActionItem({ conferenceId: outcome.conferenceId, ownerId: item.ownerId, ownerRoles: item.ownerRoles, dueAt: item.dueAt });
  }
  if (outcome.riskLevel && outcome.riskLevel !== c.state.risk.level) await c.setRiskLevel(outcome.riskLevel);
  if (outcome.closureRecommendation && !c.state.pendingClosure) await c.proposeClosure(outcome.closureRecommendation, outcome.chair);
}

/** A contact not made (not reached, or overdue); enough of them in a row convene a conference. */
export async function onMissedContact(c: CaseContext): Promise<void> {
  const rules = c.policy.conference;
  if (!rules) return;
  const conferences = conferencesOf(c);
  conferences.missedContacts += 1;
  if (conferences.missedContacts >= rules.missedContactsThreshold) {
    conferences.missedContacts = 0;
    await convene(c, 'missed-contacts');
  }
}

/** The review conference's date, counted from now (the start of follow-up, or the last review). */
export function scheduleReview(c: CaseContext): void {
  const every = c.policy.conference?.reviewEvery;
  if (!every) return;
  conferencesOf(c).nextReviewAt = after(c.now(), every).toISOString();
  c.changes += 1;
}
