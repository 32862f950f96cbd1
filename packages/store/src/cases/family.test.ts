import { FAMILY_CORRECTIONS } from '@continuum/domain';
import { familyOf, memberOf, peopleIn, personIdFor } from './family';

const CASE = 'case-0123456789abcdef0123';

describe('a family record', () => {
  it('gives each member the id her place makes, keeps one she has, and finds her by it', () => {
    const family = familyOf(CASE, {
      mother: { fullName: 'M' },
      children: [{ sex: 'female' }, { sex: 'male', personId: 'p-00000000000000aa' }],
      household: [{ relation: 'grandparent' }],
    });
    expect(family.mother.personId).toBe(personIdFor(CASE, 'mother'));
    expect(family.children.map((c) => c.personId)).toEqual([personIdFor(CASE, 'child-0'), 'p-00000000000000aa']);
    expect(family.version).toBe(0);
    expect(familyOf(CASE, { mother: {}, children: [{}] }).children[0]!.personId).toBe(family.children[0]!.personId);
    expect(personIdFor('case-ffffffffffffffffffff', 'mother')).not.toBe(family.mother.personId);
    expect(memberOf(family, 'p-00000000000000aa')).toMatchObject({ role: 'child', index: 1 });
    expect(memberOf(family, family.household[0]!.personId)).toMatchObject({ role: 'household', index: 0 });
    expect(memberOf(family, 'p-ffffffffffffffff')).toBeNull();
    expect(peopleIn(family)).toBe(4);
  });

  it("corrects a member's own fields only: a required one is not cleared, an unknown one is refused", () => {
    expect(FAMILY_CORRECTIONS.mother.safeParse({ phone: null }).success).toBe(true);
    expect(FAMILY_CORRECTIONS.mother.safeParse({ fullName: null }).success).toBe(false);
    expect(FAMILY_CORRECTIONS.mother.safeParse({ relation: 'partner' }).success).toBe(false);
    expect(FAMILY_CORRECTIONS.mother.safeParse({}).success).toBe(false);
    expect(FAMILY_CORRECTIONS.household.safeParse({ relation: null }).success).toBe(false);
    expect(FAMILY_CORRECTIONS.child.safeParse({ hivExposed: false, birthDate: '2026-01-02' }).success).toBe(true);
  });
});
