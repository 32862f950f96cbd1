import { CloseCaseBody } from './case-requests';
import { FamilyEvent } from './family-event';
import { TaskForms } from './task';
import type { z } from 'zod';

const issuePaths = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};
const at = '2026-11-20T10:00:00Z';
const needs = { housing: 'severe', documents: 'some', income: 'some', employment: 'none', childcare: 'none', health: 'none', mentalHealth: 'none', familySupport: 'some' };

describe('TaskForms', () => {
  it('referral-review: a rejection needs a reason', () => {
    const form = TaskForms['referral-review'];
    expect(issuePaths(form, { decision: 'accept' })).toEqual([]);
    expect(issuePaths(form, { decision: 'reject', reason: 'lives in another district' })).toEqual([]);
    expect(issuePaths(form, { decision: 'reject' })).toEqual(['reason']);
    expect(issuePaths(form, { decision: 'reject', reason: '  x  ' })).toEqual(['reason']);
  });

  it('support-plan: at least one goal; services default to none', () => {
    const form = TaskForms['support-plan'];
    const plan = form.parse({ goals: [{ area: 'housing', goal: 'temporary housing before discharge' }] });
    expect(plan.goals[0]!.services).toEqual([]);
    expect(issuePaths(form, { goals: [] })).toEqual(['goals']);
  });

  it('case-review: proposing closure needs the proposed outcome', () => {
    const form = TaskForms['case-review'];
    expect(issuePaths(form, { reviewedAt: at, decision: 'continue' })).toEqual([]);
    expect(issuePaths(form, { reviewedAt: at, decision: 'propose-closure', proposedOutcome: 'moved-away' })).toEqual([]);
    expect(issuePaths(form, { reviewedAt: at, decision: 'propose-closure' })).toEqual(['proposedOutcome']);
  });

  it('transfer-acceptance: declining needs a reason', () => {
    const form = TaskForms['transfer-acceptance'];
    expect(issuePaths(form, { decision: 'accept' })).toEqual([]);
    expect(issuePaths(form, { decision: 'decline', reason: 'no caseworker free' })).toEqual([]);
    expect(issuePaths(form, { decision: 'decline' })).toEqual(['reason']);
  });

  it('needs-assessment: risk factors default to none and must be known codes', () => {
    const form = TaskForms['needs-assessment'];
    expect(form.parse({ assessedAt: at, needs }).riskFactors).toEqual([]);
    expect(form.parse({ assessedAt: at, needs, riskFactors: ['poverty'] }).riskFactors).toEqual(['poverty']);
    expect(issuePaths(form, { assessedAt: at, needs, riskFactors: ['bad-luck'] })).toEqual(['riskFactors.0']);
  });

  it.each([
    ['needs-assessment', { assessedAt: at, needs }],
    ['first-contact', { contactedAt: at, channel: 'phone', outcome: 'reached' }],
    ['infant-test', { attended: true }],
  ] as const)('%s: notes may not carry control characters', (type, form) => {
    expect(issuePaths(TaskForms[type], { ...form, notes: 'visited, all well' })).toEqual([]);
    expect(issuePaths(TaskForms[type], { ...form, notes: 'line one\nline two' })).toEqual(['notes']);
    expect(issuePaths(TaskForms[type], { ...form, notes: 'a\u0000b' })).toEqual(['notes']);
  });
});

describe('FamilyEvent', () => {
  const on = '2026-11-20';
  const examples = [
    { type: 'intent-to-abandon', occurredOn: on },
    { type: 'hospital-stay', occurredOn: on, who: 'child', childIndex: 0 },
    { type: 'child-hiv-test-result', occurredOn: on, childIndex: 1, result: 'negative', test: 'pcr', milestone: '6-weeks', breastfed: false },
    { type: 'moved', occurredOn: on, toDistrict: 'spb-nevsky' },
    { type: 'death', occurredOn: on, who: 'mother' },
    { type: 'consent-withdrawn', occurredOn: on },
    { type: 'child-placed-in-care', occurredOn: on, childIndex: 0 },
  ];

  it('the examples cover every type', () => {
    expect(examples.map((e) => e.type).sort()).toEqual(FamilyEvent.options.map((o) => o.shape.type.value).sort());
  });

  it.each(examples)('accepts $type', (event) => {
    expect(FamilyEvent.parse(event)).toEqual(event);
  });

  it('refuses an unknown type, a test result without its child, and extra fields', () => {
    expect(issuePaths(FamilyEvent, { type: 'wedding', occurredOn: on })).toEqual(['type']);
    expect(issuePaths(FamilyEvent, { type: 'child-hiv-test-result', occurredOn: on, result: 'positive', test: 'pcr', milestone: '6-weeks' })).toEqual(['childIndex']);
    expect(issuePaths(FamilyEvent, { type: 'consent-withdrawn', occurredOn: on, childName: 'A' })).toEqual(['']);
  });
});

describe('CloseCaseBody', () => {
  it("refuses 'referral-rejected': only the referral review ends a case that way", () => {
    expect(issuePaths(CloseCaseBody, { outcome: 'moved-away', reason: 'moved to Almaty' })).toEqual([]);
    expect(issuePaths(CloseCaseBody, { outcome: 'referral-rejected', reason: 'not our district' })).toEqual(['outcome']);
  });
});
