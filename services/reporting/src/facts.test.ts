import { foldFacts, type Fact, type FactRecord } from './facts';

const d = (iso: string) => new Date(iso);
const record = (id: string, at: string, fact: Fact, district = 'spb-a', caseId = 'case-1'): FactRecord => ({
  _id: id,
  caseId,
  programme: 'hiv-family-follow-up',
  district,
  at: d(at),
  fact,
});

const RECORDS: FactRecord[] = [
  record('r', '2026-11-01T00:00:00Z', { kind: 'referred', referredAt: d('2026-10-31T00:00:00Z'), urgent: false }),
  record('o', '2026-11-01T00:01:00Z', {
    kind: 'opened',
    policyVersion: 'spb-2026.3',
    riskLevel: 'low',
    children: 2,
    familyMembers: 3,
    motherHivPositive: true,
    riskFactors: ['single-mother'],
    intentOnReferral: false,
  }),
  record('a', '2026-11-02T00:00:00Z', { kind: 'accepted' }),
  record('a2', '2026-11-05T00:00:00Z', { kind: 'accepted' }),
  record('s', '2026-11-06T00:00:00Z', { kind: 'risk-screened', factors: ['single-mother', 'poverty'] }),
  record('t', '2026-11-20T00:00:00Z', { kind: 'transferred', toDistrict: 'spb-b' }, 'spb-b'),
  record('c', '2026-11-25T00:00:00Z', { kind: 'closed', outcome: 'moved-away' }, 'spb-b'),
  record('x', '2026-11-03T00:00:00Z', { kind: 'contact-planned', taskId: 'task-1' }),
  record('y', '2026-11-04T00:00:00Z', { kind: 'contact-done', taskId: 'task-1' }),
  record('other', '2026-11-04T00:00:00Z', { kind: 'accepted' }, 'kz-a', 'case-2'),
];

describe('foldFacts', () => {
  it("folds a case's facts: earliest times, timelines, sets", () => {
    const [one, two] = foldFacts(RECORDS);
    expect(one).toMatchObject({
      _id: 'case-1',
      districtsSeen: ['spb-a', 'spb-b'],
      districts: [
        { at: d('2026-11-01T00:01:00Z'), district: 'spb-a' },
        { at: d('2026-11-20T00:00:00Z'), district: 'spb-b' },
      ],
      referredAt: d('2026-10-31T00:00:00Z'),
      openingPolicy: 'spb-2026.3',
      familyMembers: 3,
      motherHivPositive: true,
      acceptedAt: d('2026-11-02T00:00:00Z'),
      closures: [{ id: 'c', at: d('2026-11-25T00:00:00Z'), outcome: 'moved-away' }],
      contactsPlanned: [{ id: 'task-1', at: d('2026-11-03T00:00:00Z') }],
      contactsDone: ['task-1'],
    });
    expect([...one!.riskFactors!].sort()).toEqual(['poverty', 'single-mother']);
    expect(two).toMatchObject({ _id: 'case-2', acceptedAt: d('2026-11-04T00:00:00Z') });
  });

  it('gives the same cases whatever order the facts were stored in', () => {
    const shuffled = [...RECORDS].reverse();
    expect(foldFacts(shuffled)).toEqual(foldFacts(RECORDS));
  });

  it('counts a declared intent on the referral as the first intent to abandon', () => {
    const opened = { ...(RECORDS[1]!.fact as Extract<Fact, { kind: 'opened' }>), intentOnReferral: true };
    expect(foldFacts([record('o', '2026-11-01T00:01:00Z', opened)])[0]!.intentsToAbandon).toEqual([{ id: 'o', at: d('2026-11-01T00:01:00Z') }]);
  });
});
