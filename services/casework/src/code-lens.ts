import {
  mayReadHivCodes,
  neutralDiscipline,
  neutralTaskType,
  neutralTrigger,
  NEUTRAL_TASK_TYPE,
  REVEALING_FAMILY_EVENTS,
  REVEALING_NEED_AREAS,
  REVEALING_RISK_FACTORS,
  REVEALING_SERVICES,
  mayDiscloseHivStatus,
  WITHHELD,
  type ConferenceTrigger,
  type ConsentOnFile,
  type Discipline,
  type StaffClaims,
  type TaskType,
  type TaskView,
} from '@continuum/domain';

/**
 * How one reader sees the codes of one case: as they are when the family's consent reaches her, neutral
 * when it does not (the table is in the domain's disclosure.ts). Every answer of the casework API that
 * carries a case's codes passes through the case's lens; free text (notes, minutes) is the writer's to word.
 */
export interface CodeLens {
  programme(programme: string): string;
  policyVersion(version: string): string;
  task<T extends TaskView>(view: T): T;
  taskType(type: TaskType): TaskType;
  /** What the case waits for next: a task type, or one with its subject (`infant-test:pcr-6-weeks`). */
  scheduled(what: string): string;
  form(type: TaskType, form: unknown): unknown;
  trigger(trigger: string): string;
  discipline(discipline: string): string;
  riskFactors(factors: readonly string[]): string[];
  /** A history entry as the reader sees it, or null when it is one she may not see at all (a child's HIV test result). */
  history<E extends { type: string; details?: unknown }>(entry: E): E | null;
}

const AS_IS: CodeLens = {
  programme: (p) => p,
  policyVersion: (v) => v,
  task: (view) => view,
  taskType: (type) => type,
  scheduled: (what) => what,
  form: (_type, form) => form,
  trigger: (t) => t,
  discipline: (d) => d,
  riskFactors: (f) => [...f],
  history: (entry) => entry,
};

const LEVELS = ['none', 'some', 'severe'];
type Goal = { area: string; services?: string[] };

const NEUTRAL: CodeLens = {
  programme: () => WITHHELD,
  policyVersion: () => WITHHELD,
  task: (view) => ({
    ...view,
    type: neutralTaskType(view.type),
    programme: WITHHELD,
    // The subject of an infant test is its milestone; of a participant's input, her discipline.
    subject:
      view.type in NEUTRAL_TASK_TYPE ? null : view.type === 'conference-input' && view.subject ? neutralDiscipline(view.subject as Discipline) : view.subject,
  }),
  taskType: neutralTaskType,
  scheduled: (what) => {
    const type = what.split(':')[0]!;
    return type in NEUTRAL_TASK_TYPE ? neutralTaskType(type as TaskType) : what;
  },
  form(type, form) {
    if (!form || typeof form !== 'object') return form;
    if (type === 'needs-assessment' || type === 'reassessment') {
      const needs = { ...((form as { needs?: Record<string, string> }).needs ?? {}) };
      // The HIV areas fold into health, which shows the worst of them.
      const worst = Math.max(...['health', ...REVEALING_NEED_AREAS].map((area) => LEVELS.indexOf(needs[area] ?? 'none')));
      for (const area of REVEALING_NEED_AREAS) delete needs[area];
      if ('health' in needs) needs.health = LEVELS[worst]!;
      return { ...form, needs, riskFactors: NEUTRAL.riskFactors((form as { riskFactors?: string[] }).riskFactors ?? []) };
    }
    if (type === 'support-plan') return { ...form, goals: neutralGoals((form as { goals?: Goal[] }).goals) };
    return form;
  },
  trigger: (t) => neutralTrigger(t as ConferenceTrigger),
  discipline: (d) => neutralDiscipline(d as Discipline),
  riskFactors: (factors) => factors.filter((f) => !REVEALING_RISK_FACTORS.includes(f)),
  history(entry) {
    if (REVEALING_FAMILY_EVENTS.some((type) => entry.type === `family-event:${type}`)) return null;
    const details = { ...((entry.details ?? {}) as Record<string, unknown>) };
    if (typeof details.trigger === 'string') details.trigger = neutralTrigger(details.trigger as ConferenceTrigger);
    if (typeof details.discipline === 'string') details.discipline = neutralDiscipline(details.discipline as Discipline);
    if (Array.isArray(details.missing)) details.missing = (details.missing as Discipline[]).map(neutralDiscipline);
    if (Array.isArray(details.factors)) details.factors = NEUTRAL.riskFactors(details.factors as string[]);
    for (const key of ['fromVersion', 'toVersion', 'policyVersion']) if (key in details) details[key] = WITHHELD;
    return { ...entry, details };
  },
};

function neutralGoals(goals: Goal[] | undefined) {
  return (goals ?? []).map((g) => ({
    ...g,
    area: (REVEALING_NEED_AREAS as readonly string[]).includes(g.area) ? 'health' : g.area,
    services: (g.services ?? []).filter((s) => !REVEALING_SERVICES.includes(s)),
  }));
}

/** The lens of one case for this reader, from the case's district and consent as they are now. */
export const lensFor = (staff: StaffClaims, caseDistrict: string, consent: ConsentOnFile | null | undefined): CodeLens =>
  mayReadHivCodes(staff, caseDistrict, consent) ? AS_IS : NEUTRAL;

/** The lenses of many cases at once (a task or conference list), from one read of the cases as they are now. */
export function lensesOf(staff: StaffClaims, cases: Map<string, { district: string; consent: ConsentOnFile | null }>): (caseId: string) => CodeLens {
  return (caseId) => {
    const now = cases.get(caseId);
    return now ? lensFor(staff, now.district, now.consent) : NEUTRAL;
  };
}

export const consentOf = (doc: { family?: unknown }): ConsentOnFile | null => ((doc.family ?? {}) as { consent?: ConsentOnFile | null }).consent ?? null;

/** Whether the family's consent discloses HIV status to this reader: her role and discipline, the case's district now. */
export const disclosesHivStatus = (staff: StaffClaims, doc: { district: string; family?: unknown }): boolean =>
  mayDiscloseHivStatus(staff, staff.discipline, doc.district, consentOf(doc) as never);

/** A member of the family as a reader sees her: the HIV field withheld where the consent does not disclose it. */
export const memberAsSeen = <M extends Record<string, unknown>>(member: M, disclose: boolean): M => {
  if (disclose) return member;
  const shown: Record<string, unknown> = { ...member };
  for (const field of ['hivStatus', 'hivExposed']) if (field in shown) shown[field] = WITHHELD;
  return shown as M;
};
