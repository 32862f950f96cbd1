import type { Subject } from '@continuum/bus';

/** The ids a valid event is built around: unique per message, so whatever it could have stored is findable. */
export interface EventIds {
  eventId: string;
  caseId: string;
}

/**
 * A valid event of each consumed subject (ids and codes only, as the bus carries them). The bad messages
 * are these with one thing broken, so the break is what the consumer refuses; the bus test checks each
 * is valid by its subject's schema first.
 */
export function validEvent(subject: Subject, ids: EventIds): Record<string, unknown> {
  const hex = ids.caseId.slice(5);
  const envelope = { eventId: ids.eventId, occurredAt: '2026-11-22T10:00:00Z', caseId: ids.caseId, district: 'spb-nevsky', type: subject };
  const task = { taskId: `task-${hex}-1`, taskType: 'first-contact' };
  const conference = { conferenceId: `conf-${hex}-1` };
  const due = '2026-11-25T10:00:00Z';
  switch (subject) {
    case 'referral.received':
      return { ...envelope, facilityId: 'spb-maternity-16', referredAt: '2026-11-20T10:00:00Z', urgent: false };
    case 'referral.status-changed':
      return { ...envelope, facilityId: 'spb-maternity-16', status: 'accepted' };
    case 'case.opened':
      return { ...envelope, facilityId: 'spb-maternity-16', riskLevel: 'low' };
    case 'case.stage-changed':
      return { ...envelope, stage: 'first-contact' };
    case 'case.assigned':
      return { ...envelope, caseManager: 'sw-nevsky-1' };
    case 'case.risk-changed':
      return { ...envelope, riskLevel: 'high', score: 3 };
    case 'case.transferred':
      return { ...envelope, fromDistrict: 'spb-vyborgsky' };
    case 'case.closed':
      return { ...envelope, outcome: 'moved-away' };
    case 'case.reopened':
    case 'case.policy-changed':
    case 'case.family-event':
    case 'case.family-changed':
      return envelope;
    case 'case.break-glass':
      return { ...envelope, readBy: 'sup-spb-north', auditId: '0b5e7f3a-9c1d-4e2f-8a6b-1c2d3e4f5a6b' };
    case 'case.handed-over':
      return { ...envelope, from: 'sw-nevsky-1', to: 'sw-nevsky-2', why: 'away' };
    case 'task.handed-over':
      return { ...envelope, ...task, from: 'sw-nevsky-1', to: null, why: 'left' };
    case 'task.created':
    case 'task.escalated':
      return { ...envelope, ...task, dueAt: due };
    case 'task.completed':
    case 'task.cancelled':
      return { ...envelope, ...task };
    case 'conference.invited':
      return {
        ...envelope,
        ...conference,
        participantId: 'psy-nevsky-1',
        discipline: 'psychologist',
        taskId: `task-${hex}-c1-1`,
        urgent: false,
        inputDueAt: due,
      };
    case 'conference.reminder':
      return { ...envelope, ...conference, participantId: 'psy-nevsky-1', taskId: `task-${hex}-c1-1`, inputDueAt: due };
    case 'conference.quorum-failed':
      return { ...envelope, ...conference, missing: ['psychologist'], rescheduled: true };
    case 'conference.decided':
      return { ...envelope, ...conference, chair: 'sup-spb-north', actionItems: 0, withoutQuorum: false, riskLevel: null, closureRecommended: false };
    default:
      throw new Error(`no valid ${subject} event written for the bad-input tests: add one`);
  }
}
