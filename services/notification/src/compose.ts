import type { Notice } from './notice';

export interface Composed {
  subject: string;
  text: string;
  link: string | null;
}

/**
 * The words of a notice. Subjects name the task type or the status and the case id, never a person of the
 * family; bodies add dates, codes and the link to the case, never what the family told anyone.
 */
const WHY: Record<string, string> = { left: 'has left the service', away: 'is away' };

export function compose(notice: Notice, urls: { publicUrl: string; intakePublicUrl: string }): Composed {
  const f = notice.facts;
  // Staff open the case; a facility reads its referral's status, which is all it may see.
  const link = !notice.caseId
    ? null
    : notice.kind === 'referral-status'
      ? `${urls.intakePublicUrl.replace(/\/$/, '')}/referrals/${notice.caseId}`
      : `${urls.publicUrl.replace(/\/$/, '')}/cases/${notice.caseId}`;
  const due = f.dueAt ? ` (due ${f.dueAt})` : '';
  const lines: Record<Notice['kind'], [string, string]> = {
    'task-assigned': [`New task: ${f.taskType} on ${notice.caseId}`, `A ${f.taskType} task of case ${notice.caseId} is yours${due}.`],
    'task-due-soon': [`Due soon: ${f.taskType} on ${notice.caseId}`, `Your ${f.taskType} task of case ${notice.caseId} is due ${f.dueAt}.`],
    'task-overdue': [`Overdue: ${f.taskType} on ${notice.caseId}`, `Your ${f.taskType} task of case ${notice.caseId} was due ${f.dueAt} and is still open.`],
    'task-escalated': [
      `Escalated: ${f.taskType} overdue on ${notice.caseId}`,
      `A ${f.taskType} task of case ${notice.caseId} in ${notice.district} was due ${f.dueAt} and is still open. It is escalated to the district's supervisors.`,
    ],
    'case-assigned': [`Case assigned to you: ${notice.caseId}`, `You are now the case manager of case ${notice.caseId} in ${notice.district}.`],
    'task-handed-over': [
      `Handed over: ${f.taskType} on ${notice.caseId}`,
      `${f.from} ${WHY[f.why!] ?? ''}: her ${f.taskType} task of case ${notice.caseId} is now ${f.to ? `${f.to}'s` : "in the team's pool, for someone to claim"}.`,
    ],
    'case-handed-over': [
      `${f.to ? 'New case manager' : 'No case manager'}: ${notice.caseId}`,
      f.to
        ? `${f.from} ${WHY[f.why!] ?? ''}: ${f.to} now manages case ${notice.caseId} in ${notice.district}.`
        : `${f.from} ${WHY[f.why!] ?? ''}, and nobody in ${notice.district} is free to manage case ${notice.caseId}: assign a case manager.`,
    ],
    'break-glass': [
      `Break-glass read on ${notice.caseId}`,
      `${f.readBy} read protected health information of case ${notice.caseId} in ${notice.district} outside the family's consent at ${f.at}. The reason is in audit entry ${f.auditId}.`,
    ],
    'transfer-requested': [
      `Transfer requested to ${notice.district}: ${notice.caseId}`,
      `Case ${notice.caseId} is to be transferred to ${notice.district}. Accept or decline it${due}.`,
    ],
    'conference-invitation': [
      `Case conference ${f.conferenceId}${f.urgent === 'true' ? ' (URGENT)' : ''}`,
      `You are invited to case conference ${f.conferenceId} on case ${notice.caseId} as ${f.discipline}. Your written input is due ${f.dueAt}.`,
    ],
    'conference-reminder': [
      `Reminder: input for conference ${f.conferenceId}`,
      `Your written input for case conference ${f.conferenceId} (case ${notice.caseId}) is due ${f.dueAt}.`,
    ],
    'conference-quorum-failed': [
      `No quorum: conference ${f.conferenceId}`,
      `Case conference ${f.conferenceId} on case ${notice.caseId} has no quorum (missing: ${f.missing}). ${f.rescheduled === 'true' ? 'It is rescheduled once.' : 'It waits for the chair.'}`,
    ],
    'referral-status': [`Referral ${notice.caseId}: ${f.status}`, `The referral ${notice.caseId} is now ${f.status}.`],
  };
  const [subject, body] = lines[notice.kind];
  return { subject: `[Continuum] ${subject}`, text: link ? `${body}\n\nOpen it: ${link}\n` : `${body}\n`, link };
}
