import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  ConferenceDecisionsRequest,
  ConferenceInputRequest,
  ConferenceOutcome,
  ConferenceStatus,
  ConferenceTrigger,
  DeclineConferenceRequest,
  ConveneConferenceRequest,
} from '@continuum/domain';

/** What participants and the chair say to a conference. Updates reject, before anything is written, with an ErrorKind. */
export const submitConferenceInputUpdate = defineUpdate<{ state: string; quorumMet: boolean }, [ConferenceInputRequest]>('submitConferenceInput');
export const declineConferenceUpdate = defineUpdate<{ state: string; quorumMet: boolean }, [DeclineConferenceRequest]>('declineConference');
export const recordConferenceDecisionsUpdate = defineUpdate<{ state: string }, [ConferenceDecisionsRequest]>('recordConferenceDecisions');
/** From the case: another trigger joins the agenda (an urgent one brings the deadline forward). */
export const conferenceTriggerSignal = defineSignal<[{ trigger: ConferenceTrigger; urgent: boolean }]>('conferenceTrigger');
/**
 * From the case: it closed, the conference has nothing left to decide. It names the case, so it has a payload
 * the codec can check: a cancel sent straight to Temporal without the key arrives empty and is ignored.
 */
export const cancelConferenceSignal = defineSignal<[{ caseId: string }?]>('cancelConference');
/** Since this patch a conference ignores a cancel that does not name its case, and a trigger that is not one. */
export const SIGNALS_NEED_PROOF_PATCH = 'conference-signals-need-proof';
export const conferenceStatusQuery = defineQuery<ConferenceStatus>('conferenceStatus');

/** From a conference to its case: the decisions to act on, or that it ended without any. */
export const conferenceOutcomeSignal = defineSignal<[ConferenceOutcome]>('conferenceOutcome');
/** A case manager's or supervisor's request to convene, sent to the case, which starts the conference as its child. */
export const conveneConferenceUpdate = defineUpdate<{ conferenceId: string }, [ConveneConferenceRequest]>('conveneConference');
