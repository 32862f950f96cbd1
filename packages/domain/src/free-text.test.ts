import { ConferenceDecisionsBody } from './conference';
import { replaceFreeText } from './free-text';
import { TaskForms } from './task';

const SENTINEL = 'Ivanova lives at 5 Lenina';

/** The value with each free text as `<sealed>`, as a case's key would seal it. */
const codesOf = (schema: Parameters<typeof replaceFreeText>[0], value: unknown) => replaceFreeText(schema, value, async () => '<sealed>');

describe('replaceFreeText: a form with what a person wrote sealed', () => {
  it('keeps the codes, yes/no answers and lists of codes of a support plan, and seals each goal and date', async () => {
    const form = TaskForms['support-plan'].parse({
      goals: [{ area: 'housing', goal: SENTINEL, services: ['temporary-housing'], targetDate: '2027-01-10' }],
    });
    const codes = codesOf(TaskForms['support-plan'], form);
    expect(await codes).toEqual({ goals: [{ area: 'housing', goal: '<sealed>', services: ['temporary-housing'], targetDate: '<sealed>' }] });
    expect(JSON.stringify(await codes)).not.toContain('Ivanova');
  });

  it('keeps a review decision and its code, and seals the reason', async () => {
    const form = { decision: 'reject', reasonCode: 'outside-service-area', reason: SENTINEL };
    expect(await codesOf(TaskForms['referral-review'], TaskForms['referral-review'].parse(form))).toEqual({
      decision: 'reject',
      reasonCode: 'outside-service-area',
      reason: '<sealed>',
    });
  });

  it('drops fields the schema does not know, and seals strings where a code is not expected', async () => {
    expect(await codesOf(TaskForms['plan-approval'], { decision: 'approve', comment: SENTINEL, extra: SENTINEL })).toEqual({
      decision: 'approve',
      comment: '<sealed>',
    });
    expect(await codesOf(TaskForms['conference-input'], { input: SENTINEL, recommendsClosure: true })).toEqual({ input: '<sealed>', recommendsClosure: true });
  });

  it('keeps the codes of the minutes and seals the minutes, each action and the reasons', async () => {
    const body = ConferenceDecisionsBody.parse({
      minutes: SENTINEL,
      actionItems: [{ action: SENTINEL, ownerId: 'cw-nevsky-1', dueAt: '2027-01-10T10:00:00Z' }],
      riskLevel: 'high',
      planChanges: SENTINEL,
      proceedWithoutQuorum: SENTINEL,
    });
    const codes = codesOf(ConferenceDecisionsBody, body);
    expect(JSON.stringify(await codes)).not.toContain('Ivanova');
    expect(await codes).toEqual({
      minutes: '<sealed>',
      actionItems: [{ action: '<sealed>', ownerId: '<sealed>', dueAt: '<sealed>' }],
      riskLevel: 'high',
      planChanges: '<sealed>',
      proceedWithoutQuorum: '<sealed>',
    });
  });
});
