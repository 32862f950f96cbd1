import { FacilityKind } from './programme';

describe('FacilityKind', () => {
  it("covers St. Petersburg's referrers: maternity wards, women's clinics, children's polyclinics, the AIDS Center", () => {
    for (const kind of ['maternity-ward', 'womens-clinic', 'childrens-polyclinic', 'aids-center']) expect(FacilityKind.options).toContain(kind);
  });

  it("covers Kazakhstan's: maternity wards, family medical centres, youth friendly services, polyclinics, primary health care", () => {
    for (const kind of ['maternity-ward', 'family-medical-centre', 'youth-friendly-service', 'polyclinic', 'primary-health-care-centre'])
      expect(FacilityKind.options).toContain(kind);
  });

  it('refuses a kind it does not know', () => {
    expect(FacilityKind.safeParse('hospital').success).toBe(false);
  });
});
