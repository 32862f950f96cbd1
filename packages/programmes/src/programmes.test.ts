import { Policy, RiskFactor } from '@continuum/domain';
import { FOLLOW_UP, PROGRAMMES, stepsOf } from './index';

describe('the programme registry', () => {
  it('lists each programme once, with its own id', () => {
    const ids = PROGRAMMES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(['hiv-family-follow-up', 'abandonment-prevention', 'parent-in-treatment']);
  });

  it.each(PROGRAMMES.map((p) => [p.id, p] as const))(
    '%s: its policies are its own, valid, and its current one is a real one of them (a test programme’s: a drill)',
    (id, programme) => {
      for (const policy of programme.policies) {
        expect([policy.version, policy.programme]).toEqual([policy.version, id]);
        expect(Policy.safeParse(policy).success).toBe(true);
      }
      const current = programme.policies.find((p) => p.version === programme.currentPolicy);
      expect(current).toMatchObject({ programme: id, drill: programme.testOnly === true });
    },
  );

  it('no two policies of any programmes share a version', () => {
    const versions = PROGRAMMES.flatMap((p) => p.policies.map((policy) => policy.version));
    expect(versions.filter((v, i) => versions.indexOf(v) !== i)).toEqual([]);
  });

  it.each(PROGRAMMES.map((p) => [p.id, p] as const))(
    '%s: each of its policies templates its own tasks, and its own indicators have distinct names',
    (_, programme) => {
      const own = Object.keys(programme.ownTasks ?? {});
      expect(programme.policies.flatMap((p) => own.filter((type) => !(type in p.tasks)).map((type) => `${p.version}: ${type}`))).toEqual([]);
      const names = (programme.indicators ?? []).map((i) => i.name);
      expect(new Set(names).size).toBe(names.length);
    },
  );

  it.each(PROGRAMMES.map((p) => [p.id, p] as const))('%s: its risk factors are codes of the shared vocabulary, each once', (_, programme) => {
    expect(programme.riskFactors.filter((f) => !RiskFactor.safeParse(f).success)).toEqual([]);
    expect(new Set(programme.riskFactors).size).toBe(programme.riskFactors.length);
  });
});

describe('stepsOf', () => {
  it('takes an outcome the table lists, the otherwise steps for one it does not, and never a built-in name', () => {
    expect(stepsOf(FOLLOW_UP.familyEvents.death, { who: 'mother' })).toEqual([{ proposeClosure: 'died' }]);
    expect(stepsOf(FOLLOW_UP.familyEvents.death, { who: 'constructor' })).toEqual(FOLLOW_UP.familyEvents.death.otherwise);
    expect(stepsOf(FOLLOW_UP.tasks['closure-approval'], { decision: 'reject' })).toEqual(['drop the closure proposal']);
    expect(stepsOf(FOLLOW_UP.tasks.contact, { outcome: 'toString' })).toEqual(['schedule the next contact']);
  });
});
