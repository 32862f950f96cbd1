import {
  BusConferenceTrigger,
  BusDiscipline,
  BusTaskType,
  mayDiscloseHivStatus,
  mayReadHivCodes,
  neutralDiscipline,
  neutralTaskType,
  neutralTrigger,
} from './disclosure';
import { ConferenceTrigger, Discipline } from './conference';
import { ConferenceInvited, TaskCreated } from './events';
import { TaskType } from './task';

const worker = { sub: 'sw-1', roles: ['caseworker' as const], districts: ['d1'] };
const granted = { granted: true, scope: ['social-service'] };

describe('mayDiscloseHivStatus', () => {
  it('discloses to a social worker of the district under a granted social-service consent', () => {
    expect(mayDiscloseHivStatus(worker, 'social-worker', 'd1', granted)).toBe(true);
    expect(mayDiscloseHivStatus({ ...worker, roles: ['supervisor'] }, 'social-worker', 'd1', granted)).toBe(true);
  });
  it('never without consent, with a refused or withdrawn one, or outside the district', () => {
    expect(mayDiscloseHivStatus(worker, 'social-worker', 'd1', null)).toBe(false);
    expect(mayDiscloseHivStatus(worker, 'social-worker', 'd1', { ...granted, granted: false })).toBe(false);
    expect(mayDiscloseHivStatus(worker, 'social-worker', 'd1', { ...granted, withdrawnOn: '2026-11-22' })).toBe(false);
    expect(mayDiscloseHivStatus(worker, 'social-worker', 'd2', granted)).toBe(false);
  });
  it('to a psychologist only under the psychologist scope; never to a coordinator', () => {
    expect(mayDiscloseHivStatus(worker, 'psychologist', 'd1', granted)).toBe(false);
    expect(mayDiscloseHivStatus(worker, 'psychologist', 'd1', { granted: true, scope: ['psychologist'] })).toBe(true);
    expect(mayDiscloseHivStatus({ ...worker, roles: ['coordinator'] }, 'coordinator', 'd1', granted)).toBe(false);
  });
});

describe('neutral codes', () => {
  // The codes that tell of HIV, written out here rather than read from the table, so a code dropped from the table fails.
  const REVEALING = ['infant-test', 'child-hiv-positive', 'aids-center-specialist', 'infectious-disease-specialist'];

  it('every task type, trigger and discipline has a code the bus accepts, and none of them tells of HIV', () => {
    for (const type of TaskType.options) expect({ type, bus: BusTaskType.safeParse(neutralTaskType(type)).success }).toEqual({ type, bus: true });
    for (const trigger of ConferenceTrigger.options)
      expect({ trigger, bus: BusConferenceTrigger.safeParse(neutralTrigger(trigger)).success }).toEqual({ trigger, bus: true });
    for (const discipline of Discipline.options)
      expect({ discipline, bus: BusDiscipline.safeParse(neutralDiscipline(discipline)).success }).toEqual({ discipline, bus: true });
    const neutral = [...TaskType.options.map(neutralTaskType), ...ConferenceTrigger.options.map(neutralTrigger), ...Discipline.options.map(neutralDiscipline)];
    expect(neutral.filter((code) => REVEALING.includes(code))).toEqual([]);
  });

  it('a neutral code is one other programmes use too', () => {
    expect(neutralTaskType('infant-test')).toBe('contact');
    expect(neutralTrigger('child-hiv-positive')).toBe('requested');
    // Kazakhstan's primary-care doctor reads as a doctor like the AIDS Center's specialist.
    expect(neutralDiscipline('primary-care-doctor')).toBe(neutralDiscipline('aids-center-specialist'));
    expect(neutralDiscipline('psychologist')).toBe('psychologist');
  });

  it('the bus refuses an event that carries a revealing code or a programme', () => {
    const envelope = { eventId: 'e-1', occurredAt: '2026-11-22T10:00:00Z', caseId: 'case-0123456789abcdef0123', district: 'spb-nevsky' };
    const task = { ...envelope, type: 'task.created', taskId: 'task-0123456789abcdef0123-1', dueAt: '2026-11-25T10:00:00Z' };
    expect(TaskCreated.safeParse({ ...task, taskType: 'contact' }).success).toBe(true);
    expect(TaskCreated.safeParse({ ...task, taskType: 'infant-test' }).success).toBe(false);
    expect(TaskCreated.safeParse({ ...task, taskType: 'contact', programme: 'hiv-family-follow-up' }).success).toBe(false);
    const invited = {
      ...envelope,
      type: 'conference.invited',
      conferenceId: 'conf-0123456789abcdef0123-1',
      participantId: 'aids-spb-1',
      taskId: 'task-0123456789abcdef0123-c1-1',
      urgent: false,
      inputDueAt: '2026-11-25T10:00:00Z',
    };
    expect(ConferenceInvited.safeParse({ ...invited, discipline: 'doctor' }).success).toBe(true);
    expect(ConferenceInvited.safeParse({ ...invited, discipline: 'aids-center-specialist' }).success).toBe(false);
  });
});

describe('mayReadHivCodes', () => {
  const conferenceOnly = { granted: true, scope: ['case-conference'] };
  it('follows the status for the social service, and lets a partner read them under a consent that reaches conferences', () => {
    expect(mayReadHivCodes(worker, 'd1', granted)).toBe(true);
    expect(mayReadHivCodes(worker, 'd1', conferenceOnly)).toBe(false);
    const partner = { sub: 'aids-1', roles: ['specialist' as const], districts: [] };
    expect(mayReadHivCodes(partner, 'd1', conferenceOnly)).toBe(true);
    expect(mayReadHivCodes(partner, 'd1', granted)).toBe(false);
    expect(mayReadHivCodes(partner, 'd1', { ...conferenceOnly, withdrawnOn: '2026-11-22' })).toBe(false);
  });
});
