import { z } from 'zod';
import { Duration } from './duration';
import { Code } from './ids';
import { Programme } from './programme';
import { RiskRules } from './risk';
import { StaffRole } from './staff';
import { CORE_TASK_TYPES, PolicyTaskType } from './task';
import { ConferenceRules } from './conference';
import { HivTestMilestone } from './family-event';

/** A task template: who may do it and how long they have once it is opened. */
export const TaskTemplate = z.strictObject({
  doneBy: z.array(StaffRole).min(1),
  due: Duration,
  /** A shorter deadline on the urgent path (first contact, the visit after an intent to abandon). */
  urgentDue: Duration.optional(),
});
export type TaskTemplate = z.infer<typeof TaskTemplate>;

/** Contacts are due every `every`, until `untilDay` days into follow-up (the last phase has none). */
export const CadencePhase = z.strictObject({ untilDay: z.number().int().min(1).nullable(), every: Duration });

/** An HIV-exposed infant's testing milestone, counted from the start of follow-up (birth, for a maternity ward's referral). */
export const InfantTestMilestone = z.strictObject({ code: Code, after: Duration });

/**
 * When an HIV-exposed child's HIV status is final, by the tests and milestones of the results reported
 * (applied by `finalHivStatus` in child-hiv-status.ts):
 * - positive at the `positivePcrs`-th positive PCR: the second confirms the first;
 * - negative at a negative antibody test at one of `negativeAntibodyAt` (18 months: the mother's antibodies
 *   are gone by then), or, where the city's protocol allows it, at the `negativePcrsNeverBreastfed`-th
 *   negative PCR of a child never breastfed (null: the protocol does not).
 */
export const ChildHivStatusRule = z.strictObject({
  positivePcrs: z.number().int().min(1).max(3),
  negativeAntibodyAt: z.array(HivTestMilestone.exclude(['unscheduled'])).min(1),
  negativePcrsNeverBreastfed: z.number().int().min(2).max(4).nullable(),
});
export type ChildHivStatusRule = z.infer<typeof ChildHivStatusRule>;

/**
 * A programme's follow-up algorithm as a versioned document. A case pins the version it started with; a
 * published version never changes (a test holds their fingerprints), a new one is added instead, and a
 * supervisor moves an open case to it explicitly. `setByCity` lists the values that are this project's
 * defaults, not the programme's rules: each city sets them.
 */
export const Policy = z
  .strictObject({
    programme: Programme,
    version: Code,
    /** Drill policies run a case in minutes for training and tests: never for a real family. */
    drill: z.boolean(),
    summary: z.string().min(1).max(400),
    /**
     * A template for each task type the policy's algorithm opens: every stage's (CORE_TASK_TYPES), and those
     * of its programme. A task type added later is one more key that older versions simply do not have, so
     * published versions stay valid and unchanged; a case opens only the task types its own version has.
     */
    tasks: z.partialRecord(PolicyTaskType, TaskTemplate),
    firstContact: z.strictObject({ maxAttempts: z.number().int().min(1).max(10) }),
    contactCadence: z.array(CadencePhase).min(1).max(6),
    reassessmentEvery: Duration,
    supervisionEvery: Duration,
    infantTesting: z.array(InfantTestMilestone).max(10),
    /** From spb-2026.4. Absent in older versions, which judge a result with a test by the standard schedule. */
    childHivStatus: ChildHivStatusRule.optional(),
    risk: RiskRules,
    /** An open task this long past its deadline is escalated to the district's supervisors. */
    escalateAfter: Duration,
    closure: z.strictObject({
      /** When the follow-up has run this long, closure as completed is proposed to the supervisor. */
      followUpFor: Duration,
      /** A closed case can be reopened within this time; after it, the workflow ends. */
      reopenWithin: Duration,
      criteria: z.array(z.string().min(1).max(200)).min(1),
    }),
    /** Multi-disciplinary case conferences (from 2026.3): absent in older versions, whose cases hold none. */
    conference: ConferenceRules.optional(),
    setByCity: z.array(z.string()).min(1),
  })
  .superRefine((p, ctx) => {
    for (const type of CORE_TASK_TYPES) {
      if (!p.tasks[type]) ctx.addIssue({ code: 'custom', path: ['tasks', type], message: 'every policy templates the tasks of every stage' });
    }
    const days = p.contactCadence.map((phase) => phase.untilDay);
    const ascending = days.slice(0, -1).every((d, i) => d !== null && (i === 0 || d > days[i - 1]!));
    if (days[days.length - 1] !== null || !ascending) {
      ctx.addIssue({ code: 'custom', path: ['contactCadence'], message: 'phases end on ascending days; only the last has untilDay null' });
    }
    for (const path of p.setByCity) {
      const found = path
        .split('.')
        .reduce<unknown>((node, key) => (node && typeof node === 'object' && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined), p);
      if (found === undefined) ctx.addIssue({ code: 'custom', path: ['setByCity'], message: `${path} is not a field of the policy` });
    }
  });
export type Policy = z.infer<typeof Policy>;
