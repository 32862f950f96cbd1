import type { TaskView } from '@continuum/domain';
import { lensFor } from './code-lens';

const manager = { sub: 'sw-1', roles: ['caseworker' as const], districts: ['d1'], discipline: 'social-worker' };
const inside = lensFor(manager, 'd1', { granted: true, scope: ['social-service'] });
const outside = lensFor(manager, 'd1', { granted: true, scope: ['case-conference'] });
const infantTest = { taskId: 't-1', caseId: 'c-1', type: 'infant-test', programme: 'hiv-family-follow-up', subject: 'pcr-6-weeks' } as unknown as TaskView;

describe('the code lens', () => {
  it('shows the codes as they are to whom the consent reaches', () => {
    expect(inside.task(infantTest)).toMatchObject({ type: 'infant-test', subject: 'pcr-6-weeks', programme: 'hiv-family-follow-up' });
    expect(inside.trigger('child-hiv-positive')).toBe('child-hiv-positive');
    expect(inside.history({ type: 'family-event:child-hiv-test-result', details: {} })).not.toBeNull();
  });

  it('outside the consent: a contact without milestone, programme and policy withheld, the result left out', () => {
    expect(outside.task(infantTest)).toMatchObject({ type: 'contact', subject: null, programme: 'withheld' });
    expect(outside.policyVersion('spb-2026.3')).toBe('withheld');
    expect(outside.trigger('child-hiv-positive')).toBe('requested');
    expect(outside.trigger('intent-to-abandon')).toBe('intent-to-abandon');
    expect(outside.history({ type: 'family-event:child-hiv-test-result', details: { result: 'negative' } })).toBeNull();
    expect(outside.history({ type: 'conference-convened', details: { trigger: 'child-hiv-positive' } })).toEqual({
      type: 'conference-convened',
      details: { trigger: 'requested' },
    });
    expect(outside.riskFactors(['art-non-adherence', 'single-mother'])).toEqual(['single-mother']);
  });

  it('folds the HIV need areas into health (the worst level shows) and leaves out ART support', () => {
    const needs = { housing: 'none', health: 'some', artAdherence: 'severe', pmtct: 'none' };
    expect(outside.form('needs-assessment', { needs, riskFactors: [] })).toEqual({ needs: { housing: 'none', health: 'severe' }, riskFactors: [] });
    const goals = [{ area: 'artAdherence', goal: 'adherent', services: ['art-adherence-support', 'psychological-support'] }];
    expect(outside.form('support-plan', { goals })).toEqual({ goals: [{ area: 'health', goal: 'adherent', services: ['psychological-support'] }] });
    expect(inside.form('support-plan', { goals })).toEqual({ goals });
  });
});

describe('what the case waits for', () => {
  it('an infant test milestone is a contact outside the consent', () => {
    expect(outside.scheduled('infant-test:pcr-6-weeks')).toBe('contact');
    expect(outside.scheduled('reassessment')).toBe('reassessment');
    expect(inside.scheduled('infant-test:pcr-6-weeks')).toBe('infant-test:pcr-6-weeks');
  });
});
