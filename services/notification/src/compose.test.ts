import { compose } from './compose';
import type { Notice, NoticeKind } from './notice';

const urls = { publicUrl: 'https://casework.example/', intakePublicUrl: 'https://intake.example' };
const notice = (kind: NoticeKind, facts: Record<string, string> = {}): Notice => ({
  sourceId: 'e-1',
  kind,
  recipient: 'staff:sw-1',
  caseId: 'case-0123456789abcdef0123',
  district: 'spb-nevsky',
  facts: {
    taskType: 'contact',
    dueAt: '2026-12-01T09:00:00.000Z',
    conferenceId: 'conf-0123456789abcdef0123-1',
    discipline: 'psychologist',
    urgent: 'false',
    missing: 'psychologist',
    rescheduled: 'true',
    status: 'accepted',
    from: 'sw-2',
    to: 'sw-3',
    why: 'away',
    ...facts,
  },
});
const KINDS: NoticeKind[] = [
  'task-assigned',
  'task-due-soon',
  'task-overdue',
  'task-escalated',
  'case-assigned',
  'transfer-requested',
  'conference-invitation',
  'conference-reminder',
  'conference-quorum-failed',
  'referral-status',
  'task-handed-over',
  'case-handed-over',
];

describe('compose', () => {
  it.each(KINDS)('%s: a subject with the case id or conference, every fact filled in', (kind) => {
    const m = compose(notice(kind), urls);
    expect(m.subject).toMatch(/^\[Continuum\] /);
    expect(`${m.subject} ${m.text}`).not.toMatch(/undefined|null|\[object/);
    expect(m.subject).toMatch(/case-0123456789abcdef0123|conf-0123456789abcdef0123-1/);
  });

  it('links staff to the case and a facility to its referral', () => {
    expect(compose(notice('task-assigned'), urls).link).toBe('https://casework.example/cases/case-0123456789abcdef0123');
    expect(compose(notice('referral-status'), urls).link).toBe('https://intake.example/referrals/case-0123456789abcdef0123');
  });

  it('tells a supervisor where a member’s work went, or that a case needs a manager', () => {
    expect(compose(notice('task-handed-over'), urls).text).toContain("sw-2 is away: her contact task of case case-0123456789abcdef0123 is now sw-3's.");
    expect(compose(notice('task-handed-over', { to: '', why: 'left' }), urls).text).toContain(
      "has left the service: her contact task of case case-0123456789abcdef0123 is now in the team's pool",
    );
    expect(compose(notice('case-handed-over', { to: '' }), urls)).toMatchObject({ subject: '[Continuum] No case manager: case-0123456789abcdef0123' });
    expect(compose(notice('case-handed-over', { to: '' }), urls).text).toContain('assign a case manager');
  });

  it('marks an urgent invitation in the subject', () => {
    expect(compose(notice('conference-invitation', { urgent: 'true' }), urls).subject).toContain('(URGENT)');
    expect(compose(notice('conference-invitation'), urls).subject).not.toContain('URGENT');
  });
});
