import type { CaseId, TaskId } from '../ids';
import type { ConferenceId } from '../conference';

/** Workflow ids come from business keys, so a repeated referral finds the same case. */
export const caseWorkflowId = (caseId: CaseId): string => `case-follow-up:${caseId}`;

/** Task ids are numbered within their case: deterministic, so activity retries write the same document. */
export const taskIdFor = (caseId: CaseId, sequence: number): TaskId => `task-${caseId.slice(5)}-${sequence}`;

export const conferenceIdFor = (caseId: CaseId, sequence: number): ConferenceId => `conf-${caseId.slice(5)}-${sequence}`;
export const conferenceWorkflowId = (conferenceId: ConferenceId): string => `case-conference:${conferenceId}`;
/** A participant's input task, numbered within its conference. */
export const conferenceTaskIdFor = (conferenceId: ConferenceId, seat: number): TaskId => `task-${conferenceId.slice(5).replace(/-(\d+)$/, '-c$1')}-${seat}`;

/**
 * What a Temporal payload says when it must stay under the installation's key though it names one case: the
 * retention sweep's, ids and dates only, which must still open once that case's key is gone (a retry, a replay).
 * The payload codec (packages/temporal) honours it.
 */
export const INSTALLATION_SEALED = { sealedBy: 'installation' } as const;
