import { CloseCaseBody } from './case-requests';
import { ConferenceDecisionsBody } from './conference';
import { REVEALING_RISK_FACTORS } from './disclosure';
import { FamilyEvent } from './family-event';
import { PROGRAMME_RISK_FACTORS } from './risk';
import { SentTaskForm } from './sent-forms';
import { CaseClosureOutcome, ClosureOutcome, TaskForms, TaskType } from './task';
import type { z } from 'zod';

const issuePaths = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};
const at = '2026-11-20T10:00:00Z';
const needs = {
  housing: 'severe',
  documents: 'some',
  income: 'some',
  employment: 'none',
  childcare: 'none',
  health: 'none',
  mentalHealth: 'none',
  familySupport: 'some',
};

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
    expect(issuePaths(FamilyEvent, { type: 'child-hiv-test-result', occurredOn: on, result: 'positive', test: 'pcr', milestone: '6-weeks' })).toEqual([
      'childIndex',
    ]);
    expect(issuePaths(FamilyEvent, { type: 'consent-withdrawn', occurredOn: on, childName: 'A' })).toEqual(['']);
  });
});

describe('CloseCaseBody', () => {
  it("refuses 'referral-rejected': only the referral review ends a case that way", () => {
    expect(issuePaths(CloseCaseBody, { outcome: 'moved-away', reason: 'moved to Almaty' })).toEqual([]);
    expect(issuePaths(CloseCaseBody, { outcome: 'referral-rejected', reason: 'not our district' })).toEqual(['outcome']);
  });
});

describe('the outcomes a closure may have', () => {
  const closing = ClosureOutcome.options.filter((o) => o !== 'referral-rejected');

  it('are every outcome but referral-rejected, which only a rejected referral has', () => {
    expect(CaseClosureOutcome.options).toEqual(closing);
    expect(ClosureOutcome.options).toContain('referral-rejected');
  });

  it.each(['supervision-review', 'case-review'] as const)('%s: proposes exactly those', (type) => {
    const propose = (proposedOutcome: string) => issuePaths(TaskForms[type], { reviewedAt: at, decision: 'propose-closure', proposedOutcome });
    for (const outcome of closing) expect(propose(outcome)).toEqual([]);
    expect(propose('referral-rejected')).toEqual(['proposedOutcome']);
  });

  it('a closure request and a conference recommendation take exactly those', () => {
    for (const outcome of closing) {
      expect(issuePaths(CloseCaseBody, { outcome, reason: 'the reason' })).toEqual([]);
      expect(issuePaths(ConferenceDecisionsBody, { minutes: 'The team met.', closureRecommendation: outcome })).toEqual([]);
    }
    expect(issuePaths(ConferenceDecisionsBody, { minutes: 'The team met.', closureRecommendation: 'referral-rejected' })).toEqual(['closureRecommendation']);
  });
});

describe('SentTaskForm: a form as staff send it', () => {
  const HIV = 'hiv-family-follow-up';
  const KZ = 'abandonment-prevention';
  /** The lens of a reader outside the consent: no code that tells of HIV. */
  const outside = (factors: readonly string[]) => factors.filter((f) => !REVEALING_RISK_FACTORS.includes(f));

  it.each(['needs-assessment', 'reassessment'] as const)("%s: aliases become the codes, which the workflow's form takes", (type) => {
    const form = SentTaskForm(type, KZ).parse({ assessedAt: at, needs, riskFactors: ['no-id-papers', 'out-of-wedlock', 'poverty'] });
    expect(form.riskFactors).toEqual(['no-identity-papers', 'birth-out-of-wedlock', 'poverty']);
    expect(TaskForms[type].parse(form)).toEqual(form);
  });

  it("needs-assessment: refuses an unknown code and another programme's, each at its place, naming it", () => {
    const r = SentTaskForm('needs-assessment', KZ).safeParse({ assessedAt: at, needs, riskFactors: ['poverty', 'foo', 'art-non-adherence'] });
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['riskFactors.1', 'riskFactors.2']);
    expect(r.error?.issues[0]?.message).toMatch(/^unknown risk factor "foo": the risk factors of this case are risky-pregnancy, /);
    expect(r.error?.issues[1]?.message).toMatch(/^"art-non-adherence" is not a risk factor of this case/);
    expect(SentTaskForm('needs-assessment', HIV).parse({ assessedAt: at, needs, riskFactors: ['art-non-adherence'] }).riskFactors).toEqual([
      'art-non-adherence',
    ]);
  });

  it('needs-assessment: answers a reader outside the consent alike for a case of either programme', () => {
    const send = (programme: typeof HIV | typeof KZ, riskFactors: string[]) =>
      SentTaskForm('needs-assessment', programme, outside).safeParse({ assessedAt: at, needs, riskFactors });
    for (const riskFactors of [['art-non-adherence'], ['poverty'], ['foo']]) {
      const [hiv, kz] = [send(HIV, riskFactors), send(KZ, riskFactors)];
      expect(hiv.success).toBe(kz.success);
      expect(hiv.error?.issues).toEqual(kz.error?.issues);
    }
    expect(send(HIV, ['art-non-adherence']).success).toBe(false);
  });

  it('needs-assessment: still strict, still bounded', () => {
    const form = SentTaskForm('needs-assessment', HIV);
    expect(issuePaths(form, { assessedAt: at, needs, extra: 1 })).toEqual(['']);
    expect(issuePaths(form, { assessedAt: at, needs, riskFactors: PROGRAMME_RISK_FACTORS[HIV].concat(['poverty']) })).toEqual(['riskFactors']);
  });

  it("every other type: the type's own form", () => {
    for (const type of TaskType.options.filter((t) => t !== 'needs-assessment' && t !== 'reassessment')) expect(SentTaskForm(type, KZ)).toBe(TaskForms[type]);
  });
});
