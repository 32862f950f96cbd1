import type { CaseConferenceInput, ConferenceDecisionsRequest, ConferenceId, ConferenceState, Discipline, Participant, TaskId } from '@continuum/domain';

/**
 * What the conference workflow asks of the outside world. Implemented in services/worker; each is
 * idempotent: the conference document and its tasks have deterministic ids, events deterministic event
 * ids, and times come from the workflow, so a retry writes and publishes the same.
 */
export interface ConferenceActivities {
  /** Seats the team (one participant per discipline, the district first, then the city), opens the input tasks, invites. */
  conveneConference(
    input: CaseConferenceInput & { at: string; inputDueAt: string; disciplines: Discipline[]; quorum: Discipline[]; reason: string | null },
  ): Promise<Convened>;
  /** A participant's input or decline: written on the conference, the task closed. */
  recordConferenceAnswer(
    input: ConferenceRef & {
      seat: number;
      staffId: string;
      discipline: Discipline;
      taskId: TaskId;
      answer: 'submitted' | 'declined';
      text: string;
      recommendsClosure: boolean;
      at: string;
    },
  ): Promise<void>;
  remindParticipants(
    input: ConferenceRef & { round: number; seats: Array<{ staffId: string; taskId: TaskId }>; inputDueAt: string; at: string },
  ): Promise<void>;
  /** A new deadline for the open input tasks: once after a quorum failure, or sooner when the case turns urgent. */
  rescheduleConference(
    input: ConferenceRef & { inputDueAt: string; why: 'no-quorum' | 'urgent'; missing: Discipline[]; taskIds: TaskId[]; at: string },
  ): Promise<void>;
  /** A new state (ready, no-quorum); no-quorum tells the supervisors again. */
  markConference(input: ConferenceRef & { state: ConferenceState; missing: Discipline[]; at: string }): Promise<void>;
  /** A trigger that arrived while the conference was open joins its agenda. */
  addConferenceTrigger(input: ConferenceRef & { trigger: string; at: string }): Promise<void>;
  recordConferenceDecisions(
    input: ConferenceRef & { decisions: ConferenceDecisionsRequest; withoutQuorum: boolean; openTaskIds: TaskId[]; at: string },
  ): Promise<void>;
  cancelConference(input: ConferenceRef & { openTaskIds: TaskId[]; at: string }): Promise<void>;
}

export interface ConferenceRef {
  conferenceId: ConferenceId;
  caseId: CaseConferenceInput['caseId'];
  district: string;
  programme: CaseConferenceInput['programme'];
}

export interface Convened {
  chair: string | null;
  participants: Participant[];
  unfilled: Discipline[];
}
