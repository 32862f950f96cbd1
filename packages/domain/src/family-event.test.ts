import { FamilyEvent, FamilyEventSignal } from './family-event';

const paths = (r: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) => (r.success ? [] : r.error!.issues.map((i) => i.path.join('.')));

describe("a child's HIV test result", () => {
  const result = { type: 'child-hiv-test-result', occurredOn: '2026-11-20', childIndex: 0, result: 'negative' } as const;

  it('is reported with its test and the milestone it answers', () => {
    expect(paths(FamilyEvent.safeParse(result)).sort()).toEqual(['milestone', 'test']);
    expect(paths(FamilyEvent.safeParse({ ...result, test: 'elisa', milestone: '3-years' })).sort()).toEqual(['milestone', 'test']);
    expect(FamilyEvent.parse({ ...result, test: 'antibody', milestone: '18-months' })).toEqual({ ...result, test: 'antibody', milestone: '18-months' });
  });

  it('as the case workflow takes it, may come from a history of before results had a test', () => {
    const signal = { reportId: 'report-0001', reportedBy: 'cw-1', event: result };
    expect(FamilyEventSignal.parse(signal)).toEqual(signal);
    expect(paths(FamilyEventSignal.safeParse({ ...signal, event: { ...result, test: 'elisa' } }))).toEqual(['event.test']);
  });
});
