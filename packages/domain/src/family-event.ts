import { z } from 'zod';
import { CalendarDate } from './dates';
import { DistrictId, StaffId } from './ids';

const ChildIndex = z.number().int().min(0).max(14).describe("the child's position in the referral's list of children");

/** The two kinds of HIV test an exposed infant has: PCR (the virus) and antibody (from 18 months, once the mother's antibodies are gone). */
export const HivTestKind = z.enum(['pcr', 'antibody']);
export type HivTestKind = z.infer<typeof HivTestKind>;
/** The testing milestone a result answers: the standard schedule's ages, or a test outside it. */
export const HivTestMilestone = z.enum(['6-weeks', '4-months', '18-months', 'unscheduled']);
export type HivTestMilestone = z.infer<typeof HivTestMilestone>;
export const HivTestResult = z.enum(['negative', 'positive', 'indeterminate']);

const childHivTestResult = {
  type: z.literal('child-hiv-test-result'),
  occurredOn: CalendarDate.describe('the day the sample was taken'),
  childIndex: ChildIndex,
  result: HivTestResult,
  test: HivTestKind,
  milestone: HivTestMilestone,
  /** Asked at a PCR: a child never breastfed can be confirmed negative by PCRs alone where the city's protocol allows it. */
  breastfed: z.boolean().optional().describe('whether the child has ever been breastfed, as the clinic recorded at this test'),
};

const familyEvents = <R extends z.ZodObject>(hivTestResult: R) =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('intent-to-abandon'), occurredOn: CalendarDate }),
    z.strictObject({ type: z.literal('hospital-stay'), occurredOn: CalendarDate, who: z.enum(['mother', 'child']), childIndex: ChildIndex.optional() }),
    hivTestResult,
    z.strictObject({ type: z.literal('moved'), occurredOn: CalendarDate, toDistrict: DistrictId.optional().describe('absent when the family left the area') }),
    z.strictObject({ type: z.literal('death'), occurredOn: CalendarDate, who: z.enum(['mother', 'child']), childIndex: ChildIndex.optional() }),
    z.strictObject({ type: z.literal('consent-withdrawn'), occurredOn: CalendarDate }),
    z.strictObject({ type: z.literal('child-placed-in-care'), occurredOn: CalendarDate, childIndex: ChildIndex }),
  ]);

/**
 * What happens in a family's life that the case must react to. Reported by staff through the casework API
 * and sent to the case workflow as a signal. Codes and dates only. A child's HIV test result names its test
 * and milestone: whether a child's status is final depends on both (see child-hiv-status.ts).
 */
export const FamilyEvent = familyEvents(z.strictObject(childHivTestResult));
export type FamilyEvent = z.infer<typeof FamilyEvent>;
export type FamilyEventType = FamilyEvent['type'];

/**
 * A family event as the case workflow takes it: a test result reported before results had a test and a
 * milestone (in the histories of older cases) still parses, and keeps its meaning (a conclusive result was final).
 */
export const RecordedFamilyEvent = familyEvents(
  z.strictObject({ ...childHivTestResult, test: HivTestKind.optional(), milestone: HivTestMilestone.optional() }),
);
export type RecordedFamilyEvent = z.infer<typeof RecordedFamilyEvent>;

/** The familyEvent signal: the event, who reported it, and an id that makes a repeated report harmless. */
export const FamilyEventSignal = z.strictObject({
  reportId: z.string().regex(/^[a-z0-9-]{8,64}$/),
  reportedBy: StaffId,
  event: RecordedFamilyEvent,
});
export type FamilyEventSignal = z.infer<typeof FamilyEventSignal>;
