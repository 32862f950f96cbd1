import type { CaseFacts } from './facts';
import { firstContactDeadline, indicatorValues, isClosed, median, tally } from './indicators';
import { quarterPeriod } from './period';

const Q4 = quarterPeriod('2026-Q4');
const NOW = new Date('2026-12-15T12:00:00Z');
const d = (iso: string) => new Date(iso);

/** A case referred on 1 November, opened and accepted the next day, in spb-a on the real St. Petersburg policy. */
function facts(over: Partial<CaseFacts> = {}): CaseFacts {
  return {
    _id: 'case-1',
    programme: 'hiv-family-follow-up',
    districtsSeen: ['spb-a'],
    districts: [{ at: d('2026-11-02T09:00:00Z'), district: 'spb-a' }],
    policies: [{ at: d('2026-11-02T09:00:00Z'), version: 'spb-2026.3' }],
    referredAt: d('2026-11-01T09:00:00Z'),
    openedAt: d('2026-11-02T09:00:00Z'),
    openingPolicy: 'spb-2026.3',
    riskLevelAtOpening: 'low',
    children: 1,
    familyMembers: 2,
    acceptedAt: d('2026-11-02T10:00:00Z'),
    ...over,
  };
}

/** The indicators of one row holding everything in scope. */
const one = (fs: CaseFacts[], period = Q4, now = NOW) =>
  indicatorValues(tally(fs, period, now, () => 'all').get('all'), { socialWorkers: 2, population: 40_000 });

describe('indicators', () => {
  it("counts a programme's own indicator from the answers of its own task, in its own cases only", () => {
    const check = (id: string, at: string, treatment: string) => ({ id, at: d(at), taskType: 'treatment-check', answers: { treatment } });
    const pit = facts({
      programme: 'parent-in-treatment',
      taskAnswers: [
        check('e1', '2026-11-10T09:00:00Z', 'relapse'),
        check('e2', '2026-11-20T09:00:00Z', 'kept-to'),
        check('e3', '2026-12-01T09:00:00Z', 'relapse'),
        check('e4', '2026-09-01T09:00:00Z', 'relapse'), // the quarter before
      ],
    });
    expect(one([pit])['treatment.relapses']).toBe(2);
    // The same answers on a case of another programme count to nothing.
    expect(one([{ ...pit, programme: 'abandonment-prevention' }])['treatment.relapses']).toBe(0);
  });

  it('counts a family from referral to a successful closure', () => {
    const v = one([
      facts({
        firstContactAt: d('2026-11-03T09:00:00Z'), // 2 days after the referral
        followUpAt: d('2026-11-11T09:00:00Z'), // 10 days after
        closures: [{ id: 'e1', at: d('2026-12-01T09:00:00Z'), outcome: 'completed-successfully' }],
      }),
    ]);
    expect(v).toMatchObject({
      'followUp.enrolled': 1,
      'followUp.openAtEnd': 0,
      closed: 1,
      'closed.completedSuccessfully': 1,
      'closed.completedSuccessfullyShare': 1,
      'covered.families': 1,
      'covered.people': 2,
      'caseload.openCases': 0,
      'firstContact.count': 1,
      'firstContact.medianDays': 2,
      'firstContact.withinDeadline': 1,
      'plan.medianDaysToApproval': 10,
      'atRisk.families': 1,
      'atRisk.level.low': 1,
    });
  });

  it('reads "open at the end" and the caseload at the end of the period, or now while it runs', () => {
    const closedThenReopened = facts({
      followUpAt: d('2026-11-10T00:00:00Z'),
      closures: [{ id: 'c1', at: d('2026-11-20T00:00:00Z'), outcome: 'moved-away' }],
      reopenings: [{ id: 'r1', at: d('2026-11-25T00:00:00Z') }],
    });
    expect(isClosed(closedThenReopened, d('2026-11-21T00:00:00Z'))).toBe(true);
    expect(isClosed(closedThenReopened, d('2026-11-26T00:00:00Z'))).toBe(false);
    expect(one([closedThenReopened])).toMatchObject({ 'followUp.openAtEnd': 1, 'caseload.openCases': 1, closed: 1, 'covered.families': 1 });
    // Seen from 22 November, the case was closed.
    expect(one([closedThenReopened], Q4, d('2026-11-22T00:00:00Z'))).toMatchObject({ 'followUp.openAtEnd': 0, 'caseload.openCases': 0 });
    // A rejected referral is not a closed case of the programme, nor a family covered.
    expect(one([facts({ acceptedAt: undefined, closures: [{ id: 'c', at: d('2026-11-03T00:00:00Z'), outcome: 'referral-rejected' }] })])).toMatchObject({
      closed: 0,
      'covered.families': 0,
      'atRisk.families': 1,
    });
  });

  it('covers a family closed before the period only if it was reopened in it', () => {
    const closedInQ3 = facts({
      acceptedAt: d('2026-08-01T00:00:00Z'),
      openedAt: d('2026-08-01T00:00:00Z'),
      closures: [{ id: 'c', at: d('2026-09-01T00:00:00Z'), outcome: 'refused' }],
    });
    expect(one([closedInQ3])['covered.families']).toBe(0);
    expect(one([{ ...closedInQ3, reopenings: [{ id: 'r', at: d('2026-10-05T00:00:00Z') }] }])['covered.families']).toBe(1);
  });

  it("holds the first contact to the deadline of the case's policy, the urgent one on the urgent path", () => {
    // spb-2026.3: 3 working days; 2026-11-01 is a Sunday, so the deadline is Wednesday 4 November 09:00.
    expect(firstContactDeadline(facts())).toEqual(d('2026-11-04T09:00:00Z'));
    expect(firstContactDeadline(facts({ riskLevelAtOpening: 'urgent' }))).toEqual(d('2026-11-02T09:00:00Z')); // 24 hours
    const late = facts({ _id: 'late', firstContactAt: d('2026-11-04T09:00:01Z') });
    const onTime = facts({ _id: 'on-time', firstContactAt: d('2026-11-04T09:00:00Z') });
    expect(one([late, onTime])).toMatchObject({
      'firstContact.count': 2,
      'firstContact.withinDeadline': 1,
      'firstContact.withinDeadlineShare': 0.5,
      'firstContact.medianDays': 3,
    });
  });

  it("counts children placed in care once each, by age, and the HIV-positive mothers' children", () => {
    const v = one([
      facts({
        motherHivPositive: true,
        children: 3,
        familyMembers: 4,
        placements: [
          { id: 'p1', at: d('2026-11-10T00:00:00Z'), child: 0, ageMonths: 2 },
          { id: 'p1-again', at: d('2026-11-12T00:00:00Z'), child: 0, ageMonths: 2 },
          { id: 'p2', at: d('2026-11-10T00:00:00Z'), child: 1, ageMonths: 40 },
          { id: 'p3', at: d('2026-09-10T00:00:00Z'), child: 2, ageMonths: 1 }, // last quarter
        ],
        intentsToAbandon: [
          { id: 'i1', at: d('2026-11-05T00:00:00Z') },
          { id: 'i2', at: d('2026-11-06T00:00:00Z') },
        ],
      }),
    ]);
    expect(v).toMatchObject({
      'children.enteredCare': 2,
      'children.enteredCare0to3': 1,
      'children.abandonedByHivPositiveMother': 2,
      'intentToAbandon.declared': 2,
      'intentToAbandon.families': 1,
      'intentToAbandon.childrenPlaced': 3,
      'intentToAbandon.childrenStayed': 0,
    });
  });

  it("counts a child's HIV status once, in the period the result that made it final came, by the policy's rule", () => {
    const pcr = (id: string, at: string, child: number, result: string) => ({ id, at: d(at), child, result, test: 'pcr', milestone: 'unscheduled' });
    const antibody = (id: string, at: string, child: number, result: string) => ({ id, at: d(at), child, result, test: 'antibody', milestone: '18-months' });
    const hivResults = [
      pcr('a', '2025-06-05T00:00:00Z', 0, 'negative'), // 6 weeks: not final
      antibody('b', '2026-11-05T00:00:00Z', 0, 'negative'), // 18 months: final now
      antibody('c', '2026-12-01T00:00:00Z', 0, 'negative'), // again: still once
      pcr('d', '2026-10-05T00:00:00Z', 1, 'positive'), // unconfirmed: not a transmission
      pcr('e', '2026-07-05T00:00:00Z', 2, 'positive'),
      pcr('f', '2026-10-20T00:00:00Z', 2, 'positive'), // confirmed in the period: a transmission
      { id: 'g', at: d('2026-11-06T00:00:00Z'), child: 3, result: 'negative' }, // reported before results had a test: final, as it was
    ];
    const v = one([facts({ children: 4, hivResults })]);
    expect(v).toMatchObject({ 'children.finalHivStatus': 3, 'children.hivTransmissions': 1, 'children.hivTransmissionRate': 0.333 });
    // The quarter of the 6-week PCR counts nothing; the next quarter's negative antibody result counts the child no more.
    expect(one([facts({ children: 4, hivResults })], quarterPeriod('2025-Q2'), NOW)['children.finalHivStatus']).toBe(0);
    const after = one(
      [facts({ children: 4, hivResults: [...hivResults, antibody('h', '2027-01-10T00:00:00Z', 0, 'negative')] })],
      quarterPeriod('2027-Q1'),
      d('2027-02-01T00:00:00Z'),
    );
    expect(after['children.finalHivStatus']).toBe(0);
  });

  it('counts planned contacts the closure did not cancel, and those done', () => {
    const v = one([
      facts({
        contactsPlanned: [
          { id: 't1', at: d('2026-11-10T00:00:00Z') },
          { id: 't1', at: d('2026-11-10T00:00:00Z') },
          { id: 't2', at: d('2026-11-13T00:00:00Z') },
          { id: 't3', at: d('2026-11-16T00:00:00Z') },
        ],
        contactsDone: ['t1'],
        contactsCancelled: ['t3'],
        overdueTasks: [
          { id: 't2', at: d('2026-11-20T00:00:00Z') },
          { id: 't2', at: d('2026-11-25T00:00:00Z') },
        ],
        conferencesHeld: [{ id: 'conf-1', at: d('2026-11-21T00:00:00Z') }],
      }),
    ]);
    expect(v).toMatchObject({ 'contacts.planned': 2, 'contacts.done': 1, 'contacts.doneShare': 0.5, 'tasks.overdue': 1, 'conferences.held': 1 });
  });

  it('counts families at risk by level, factor and cause; unknown codes as other', () => {
    const v = one([
      facts({ riskFactors: ['single-mother', 'poverty', 'no-housing', 'facility-own-code'] }),
      facts({ _id: 'case-2', riskLevelAtOpening: 'urgent', riskFactors: ['intent-to-abandon'] }),
    ]);
    expect(v).toMatchObject({
      'atRisk.families': 2,
      'atRisk.level.low': 1,
      'atRisk.level.urgent': 1,
      'atRisk.factor.single-mother': 1,
      'atRisk.factor.poverty': 1,
      'atRisk.factor.intent-to-abandon': 1,
      'atRisk.factor.other': 1,
      'atRisk.cause.economic': 1, // poverty and no-housing: one family
      'atRisk.cause.family-support': 1,
      'atRisk.cause.declared-intent': 1,
      'atRisk.cause.health': 0,
    });
  });

  it('places each thing where the case was when it happened', () => {
    const transferred = facts({
      districtsSeen: ['spb-a', 'spb-b'],
      districts: [
        { at: d('2026-11-02T09:00:00Z'), district: 'spb-a' },
        { at: d('2026-11-20T00:00:00Z'), district: 'spb-b' },
      ],
      firstContactAt: d('2026-11-03T00:00:00Z'),
      followUpAt: d('2026-11-10T00:00:00Z'),
      conferencesHeld: [{ id: 'conf', at: d('2026-11-25T00:00:00Z') }],
    });
    const rows = tally([transferred], Q4, NOW, (p) => p.district);
    expect(rows.get('spb-a')?.counts).toMatchObject({ 'firstContact.count': 1, 'followUp.enrolled': 1, 'atRisk.families': 1 });
    expect(rows.get('spb-a')?.counts['conferences.held']).toBeUndefined();
    expect(rows.get('spb-b')?.counts).toMatchObject({ 'conferences.held': 1, 'followUp.openAtEnd': 1, 'caseload.openCases': 1 });
  });

  it('leaves out what a row function does not place, and a period still to come', () => {
    expect(tally([facts()], Q4, NOW, () => undefined).size).toBe(0);
    expect(tally([facts()], quarterPeriod('2027-Q1'), NOW, () => 'all').size).toBe(0);
  });

  it('works out shares, medians and the staff figures, null where nothing is measured', () => {
    const v = indicatorValues(undefined, { socialWorkers: 3, population: 45_000 });
    expect(v).toMatchObject({
      closed: 0,
      'closed.completedSuccessfullyShare': null,
      'firstContact.medianDays': null,
      'staff.socialWorkers': 3,
      'staff.population': 45_000,
      'staff.socialWorkersPer10k': 0.67,
      'caseload.perWorker': 0,
    });
    expect(indicatorValues(undefined, null)['staff.socialWorkers']).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
