import { z } from 'zod';
import { CalendarDate } from './dates';
import { DistrictId, StaffId } from './ids';

const ChildIndex = z.number().int().min(0).max(14).describe("the child's position in the referral's list of children");

/**
 * What happens in a family's life that the case must react to. Reported by staff through the casework API
 * and sent to the case workflow as a signal. Codes and dates only.
 */
export const FamilyEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('intent-to-abandon'), occurredOn: CalendarDate }),
  z.strictObject({ type: z.literal('hospital-stay'), occurredOn: CalendarDate, who: z.enum(['mother', 'child']), childIndex: ChildIndex.optional() }),
  z.strictObject({ type: z.literal('child-hiv-test-result'), occurredOn: CalendarDate, childIndex: ChildIndex, result: z.enum(['negative', 'positive', 'indeterminate']) }),
  z.strictObject({ type: z.literal('moved'), occurredOn: CalendarDate, toDistrict: DistrictId.optional().describe('absent when the family left the area') }),
  z.strictObject({ type: z.literal('death'), occurredOn: CalendarDate, who: z.enum(['mother', 'child']), childIndex: ChildIndex.optional() }),
  z.strictObject({ type: z.literal('consent-withdrawn'), occurredOn: CalendarDate }),
  z.strictObject({ type: z.literal('child-placed-in-care'), occurredOn: CalendarDate, childIndex: ChildIndex }),
]);
export type FamilyEvent = z.infer<typeof FamilyEvent>;
export type FamilyEventType = FamilyEvent['type'];

/** The familyEvent signal: the event, who reported it, and an id that makes a repeated report harmless. */
export const FamilyEventSignal = z.strictObject({
  reportId: z.string().regex(/^[a-z0-9-]{8,64}$/),
  reportedBy: StaffId,
  event: FamilyEvent,
});
export type FamilyEventSignal = z.infer<typeof FamilyEventSignal>;
