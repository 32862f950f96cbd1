import { childHivStatusRuleOf, finalHivStatus, STANDARD_CHILD_HIV_STATUS, type ReportedHivResult } from './child-hiv-status';
import { policyOf } from './policies';

const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000);
const pcr = (day: number, result: string, breastfed?: boolean, milestone = '6-weeks'): ReportedHivResult => ({
  at: at(day),
  result,
  test: 'pcr',
  milestone,
  ...(breastfed !== undefined && { breastfed }),
});
const antibody = (day: number, result: string, milestone = '18-months'): ReportedHivResult => ({ at: at(day), result, test: 'antibody', milestone });
const rule = STANDARD_CHILD_HIV_STATUS;

describe('finalHivStatus: the standard schedule', () => {
  it('a negative PCR at 6 weeks and at 4 months are not final; the negative antibody test at 18 months is', () => {
    expect(finalHivStatus([pcr(42, 'negative'), pcr(120, 'negative', undefined, '4-months')], rule)).toBeNull();
    expect(finalHivStatus([pcr(42, 'negative'), pcr(120, 'negative', undefined, '4-months'), antibody(548, 'negative')], rule)).toEqual({
      status: 'negative',
      at: at(548),
    });
  });

  it('a positive PCR unconfirmed is not final; a second positive PCR confirms it, at the second', () => {
    expect(finalHivStatus([pcr(42, 'positive')], rule)).toBeNull();
    expect(finalHivStatus([pcr(42, 'positive'), pcr(60, 'positive', undefined, 'unscheduled')], rule)).toEqual({ status: 'positive', at: at(60) });
  });

  it('a positive PCR that the next ones do not confirm, then the negative antibody test: negative', () => {
    expect(finalHivStatus([pcr(42, 'positive'), pcr(60, 'negative', undefined, 'unscheduled'), antibody(548, 'negative')], rule)).toEqual({
      status: 'negative',
      at: at(548),
    });
  });

  it('an antibody test before 18 months, an indeterminate result, or negative PCRs of a child never breastfed are not final', () => {
    expect(finalHivStatus([antibody(120, 'negative', '4-months'), antibody(200, 'negative', 'unscheduled'), antibody(548, 'indeterminate')], rule)).toBeNull();
    expect(finalHivStatus([pcr(42, 'negative', false), pcr(120, 'negative', false, '4-months')], rule)).toBeNull();
  });

  it('once final it stays: a later result does not make the child final again', () => {
    expect(
      finalHivStatus([antibody(548, 'negative'), pcr(600, 'positive', undefined, 'unscheduled'), pcr(610, 'positive', undefined, 'unscheduled')], rule),
    ).toEqual({ status: 'negative', at: at(548) });
  });

  it('takes the results in the order they were reported, whatever order it is given them in', () => {
    expect(finalHivStatus([pcr(60, 'positive'), antibody(548, 'negative'), pcr(42, 'positive')], rule)).toEqual({ status: 'positive', at: at(60) });
  });
});

describe('finalHivStatus: a city whose protocol confirms negative by PCRs of a child never breastfed', () => {
  const city = { ...rule, negativePcrsNeverBreastfed: 2 };
  it('two negative PCRs of a child never breastfed are final at the second; breastfed or not asked, they are not', () => {
    expect(finalHivStatus([pcr(42, 'negative', false), pcr(120, 'negative', false, '4-months')], city)).toEqual({ status: 'negative', at: at(120) });
    expect(finalHivStatus([pcr(42, 'negative', false), pcr(120, 'negative', true, '4-months')], city)).toBeNull();
    expect(finalHivStatus([pcr(42, 'negative'), pcr(120, 'negative', undefined, '4-months')], city)).toBeNull();
  });
});

describe('finalHivStatus: results reported before results had a test', () => {
  it('keep their meaning: a conclusive result is final, and the child is final once', () => {
    const old = (day: number, result: string): ReportedHivResult => ({ at: at(day), result });
    expect(finalHivStatus([old(30, 'indeterminate'), old(42, 'negative'), old(548, 'negative')], rule)).toEqual({ status: 'negative', at: at(42) });
  });
});

describe('childHivStatusRuleOf', () => {
  it("is the policy's rule, and the standard schedule for a policy from before rules were stated", () => {
    expect(childHivStatusRuleOf(policyOf('spb-2026.4'))).toEqual(STANDARD_CHILD_HIV_STATUS);
    expect(childHivStatusRuleOf(policyOf('spb-2026.3'))).toBe(STANDARD_CHILD_HIV_STATUS);
    expect(
      childHivStatusRuleOf({ ...policyOf('spb-2026.4'), childHivStatus: { ...STANDARD_CHILD_HIV_STATUS, negativePcrsNeverBreastfed: 2 } })
        .negativePcrsNeverBreastfed,
    ).toBe(2);
  });
});
