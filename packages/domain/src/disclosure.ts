import type { StaffClaims } from './staff';
import type { OwnTask } from '@continuum/programmes';
import { OWN_TASKS, TaskType, type NeedArea, type OwnTaskType } from './task';
import { z } from 'zod';
import { ConferenceTrigger, Discipline } from './conference';
import type { FamilyEventType } from './family-event';

export interface ConsentOnFile {
  granted?: boolean;
  scope?: string[];
  withdrawnOn?: string;
}

/**
 * May this staff member see the family's HIV status? Only with the mother's (or guardian's) consent on
 * file, granted and not withdrawn, whose scope covers the reader's service: social workers and supervisors
 * are the social service, psychologists need the psychologist scope. Coordinators read indicators, never
 * a family's status. Pure: the casework service calls it on every case read and audits each disclosure.
 */
export function mayDiscloseHivStatus(
  staff: StaffClaims,
  discipline: string | undefined,
  caseDistrict: string,
  consent: ConsentOnFile | null | undefined,
): boolean {
  if (!staff.districts.includes(caseDistrict)) return false;
  if (!staff.roles.some((r) => r === 'caseworker' || r === 'supervisor')) return false;
  return consentReaches(consent, discipline === 'psychologist' ? 'psychologist' : 'social-service');
}

/** A consent on file, granted, not withdrawn, whose scope names this service. */
export const consentReaches = (consent: ConsentOnFile | null | undefined, scope: string): boolean =>
  !!consent && consent.granted === true && !consent.withdrawnOn && (consent.scope ?? []).includes(scope);

/**
 * May this reader see the codes of a case that tell of HIV (below)? Whoever may read the status may; and a
 * partner professional, who sits on a case's conference only under a consent that reaches case conferences.
 */
export function mayReadHivCodes(staff: StaffClaims, caseDistrict: string, consent: ConsentOnFile | null | undefined): boolean {
  if (mayDiscloseHivStatus(staff, staff.discipline, caseDistrict, consent)) return true;
  return staff.roles.includes('specialist') && consentReaches(consent, 'case-conference');
}

/**
 * Codes that tell of HIV, and what the bus, notification texts and readers outside the consent get instead.
 * A neutral code is one that cases of every programme carry too, so on its own it says nothing; where no
 * such code fits, the revealing one is left out. One table, so a new revealing code is added in one place.
 */
export const NEUTRAL_TASK_TYPE = {
  // Did the child get to the test: to whoever is outside the consent, a contact with the family.
  'infant-test': 'contact' as const,
  // A programme's own task may tell what the family lives with: it says which shared type stands for it.
  ...(Object.fromEntries(OWN_TASKS.map(([type, task]) => [type, task.onTheBus])) as Record<OwnTaskType, OwnTask['onTheBus']>),
} satisfies Partial<Record<TaskType, TaskType>>;
export const NEUTRAL_TRIGGER = {
  'child-hiv-positive': 'requested',
} as const satisfies Partial<Record<ConferenceTrigger, ConferenceTrigger>>;
type RevealingTaskType = keyof typeof NEUTRAL_TASK_TYPE;
type RevealingTrigger = keyof typeof NEUTRAL_TRIGGER;
/** Outside the consent every medical discipline is "doctor": both programmes seat doctors. */
export const NEUTRAL_DISCIPLINE = 'doctor';
const MEDICAL: ReadonlySet<Discipline> = new Set([
  'womens-clinic-doctor',
  'childrens-polyclinic-doctor',
  'infectious-disease-specialist',
  'aids-center-specialist',
  'primary-care-doctor',
]);
/** Need areas folded into health (the worst level of them shows), services and risk factors left out, family events left out. */
export const REVEALING_NEED_AREAS: readonly NeedArea[] = ['artAdherence', 'pmtct'];
export const REVEALING_SERVICES: readonly string[] = ['art-adherence-support'];
export const REVEALING_RISK_FACTORS: readonly string[] = ['art-non-adherence'];
export const REVEALING_FAMILY_EVENTS: readonly FamilyEventType[] = ['child-hiv-test-result'];
/** What a reader outside the consent sees for the programme and policy of any case (of any programme, so it says nothing). */
export const WITHHELD = 'withheld';

export const neutralTaskType = (type: TaskType): Exclude<TaskType, RevealingTaskType> =>
  type in NEUTRAL_TASK_TYPE ? NEUTRAL_TASK_TYPE[type as RevealingTaskType] : (type as Exclude<TaskType, RevealingTaskType>);
export const neutralTrigger = (trigger: ConferenceTrigger): Exclude<ConferenceTrigger, RevealingTrigger> =>
  trigger in NEUTRAL_TRIGGER ? NEUTRAL_TRIGGER[trigger as RevealingTrigger] : (trigger as Exclude<ConferenceTrigger, RevealingTrigger>);
export const neutralDiscipline = (discipline: Discipline): BusDiscipline => (MEDICAL.has(discipline) ? NEUTRAL_DISCIPLINE : (discipline as BusDiscipline));

/** The task types, triggers and family events the bus may carry: none that tells of HIV. */
export const BusTaskType = TaskType.exclude(Object.keys(NEUTRAL_TASK_TYPE) as RevealingTaskType[]);
export const BusConferenceTrigger = ConferenceTrigger.exclude(Object.keys(NEUTRAL_TRIGGER) as RevealingTrigger[]);
export const BusDiscipline = z.enum([...Discipline.options.filter((d) => !MEDICAL.has(d)), NEUTRAL_DISCIPLINE]);
export type BusDiscipline = z.infer<typeof BusDiscipline>;
