import type { MessageOf, Subject } from '@continuum/bus';
import { ageInMonths, neutralTaskType, TaskType } from '@continuum/domain';
import { familyCounts, type Store } from '@continuum/store';

import { PROGRAMME_COUNTS } from './catalogue';
import type { Fact } from './facts';

/** The subjects the projection reads, by stream (one durable consumer each). */
export const PROJECTED = {
  CASE_EVENTS: [
    'case.opened',
    'case.stage-changed',
    'case.transferred',
    'case.policy-changed',
    'case.risk-changed',
    'case.closed',
    'case.reopened',
    'case.family-event',
    'case.family-changed',
    'task.created',
    'task.completed',
    'task.cancelled',
    'task.escalated',
    'conference.decided',
  ],
  REFERRALS: ['referral.received', 'referral.status-changed'],
} as const satisfies Record<string, readonly Subject[]>;

export type ProjectedSubject = (typeof PROJECTED)[keyof typeof PROJECTED][number];
export type ProjectedEvent = MessageOf<ProjectedSubject>;
const ALL_PROJECTED: ReadonlySet<string> = new Set(Object.values(PROJECTED).flat());
export const isProjected = (subject: string): subject is ProjectedSubject => ALL_PROJECTED.has(subject);

/** The fields of each programme's own task that its indicators count. */
const ANSWERS_COUNTED = new Map<string, Set<string>>();
for (const { counts } of PROGRAMME_COUNTS) ANSWERS_COUNTED.set(counts.task, (ANSWERS_COUNTED.get(counts.task) ?? new Set()).add(counts.field));
/** What the bus calls those tasks. */
const COUNTED_ON_THE_BUS: ReadonlySet<string> = new Set([...ANSWERS_COUNTED.keys()].map((type) => neutralTaskType(TaskType.parse(type))));
/** The code a form gave for each counted field (a code of a fixed list: never free text). */
const answersOf = (form: Record<string, unknown>, fields: ReadonlySet<string>): Record<string, string> =>
  Object.fromEntries([...fields].filter((f) => typeof form[f] === 'string').map((f) => [f, form[f] as string]));

/** A fact the event needs is missing from MongoDB: retried (the writer stores before it publishes), then dead-lettered. */
export class MissingFact extends Error {
  override readonly name = 'MissingFact';
}

/**
 * Turns one case event into the fact it establishes, and stores it under the event's id (see
 * report-fact.model.ts). Storing is one insert: a copy of an event already stored is a duplicate key and
 * changes nothing, so the consumers and a rebuild may apply events in any order, any number of times, at once.
 */
export function createProjector(store: Store) {
  /**
   * The referral: immutable once received, so reading it now or in a rebuild gives the same. Its programme,
   * which the bus does not say (its name tells of a diagnosis), is kept once read: every event needs it.
   */
  const programmes = new Map<string, string>();
  async function referral(caseId: string) {
    const doc = await store.referrals.findById(caseId, { form: 1, programme: 1, policyVersion: 1 }).lean();
    if (!doc) throw new MissingFact(`no referral stored for ${caseId}`);
    if (programmes.size >= 50_000) programmes.delete(programmes.keys().next().value!);
    programmes.set(caseId, doc.programme);
    return {
      ...doc,
      form: doc.form as {
        riskFactors?: string[];
        children?: Array<{ birthDate?: string }>;
        household?: unknown[];
        mother?: { hivStatus?: string };
        consent?: { granted?: boolean };
      },
    };
  }
  const programmeOf = async (caseId: string) => programmes.get(caseId) ?? (await referral(caseId)).programme;
  /** A case-history entry is written once, with the id of the event the activity then published. */
  async function historyEntry(eventId: string) {
    const entry = await store.caseHistory.findById(eventId, { type: 1, details: 1 }).lean();
    if (!entry) throw new MissingFact(`no case-history entry ${eventId}`);
    return { type: entry.type, details: (entry.details ?? {}) as Record<string, unknown> };
  }
  const historyDetails = async (eventId: string) => (await historyEntry(eventId)).details;
  /** A task as stored before its event was published: its own type (the bus says "contact" for a child's test too) and its form. */
  async function storedTask(taskId: string) {
    const task = await store.tasks.findById(taskId, { type: 1, form: 1 }).lean();
    if (!task) throw new MissingFact(`no task ${taskId}`);
    return { type: task.type, form: (task.form ?? {}) as Record<string, unknown> };
  }
  const isContact = async (taskId: string) => (await storedTask(taskId)).type === 'contact';

  /** The fact one event establishes, or null when it changes nothing the indicators count. */
  async function factOf(e: ProjectedEvent): Promise<Fact | null> {
    switch (e.type) {
      case 'referral.received':
        return { kind: 'referred', referredAt: new Date(e.referredAt), urgent: e.urgent };
      case 'referral.status-changed':
        // Accepted (in-progress without a review, in cases of the first version): the district took the family.
        return e.status === 'accepted' || e.status === 'in-progress' ? { kind: 'accepted' } : null;
      case 'case.opened': {
        const opened = await referral(e.caseId);
        const form = opened.form;
        // Referrals stored before intake chose the policy have none: the case's own is then the opening one.
        const policyVersion = opened.policyVersion ?? (await store.cases.findById(e.caseId, { policyVersion: 1 }).lean())?.policyVersion;
        if (!policyVersion) throw new MissingFact(`no policy version for ${e.caseId}`);
        const children = form.children?.length ?? 0;
        const household = form.household?.length ?? 0;
        const riskFactors = form.riskFactors ?? [];
        return {
          kind: 'opened',
          policyVersion,
          riskLevel: e.riskLevel,
          children,
          familyMembers: 1 + children + household,
          motherHivPositive: form.mother?.hivStatus === 'positive' && form.consent?.granted === true,
          riskFactors,
          intentOnReferral: riskFactors.includes('intent-to-abandon'),
        };
      }
      case 'case.transferred':
        return { kind: 'transferred', toDistrict: e.district };
      case 'case.policy-changed':
        return { kind: 'policy-changed', toVersion: String((await historyDetails(e.eventId)).toVersion) };
      case 'case.risk-changed':
        return { kind: 'risk-screened', factors: ((await historyDetails(e.eventId)).factors as string[] | undefined) ?? [] };
      case 'case.stage-changed':
        return e.stage === 'follow-up' ? { kind: 'follow-up-started' } : null;
      case 'case.closed':
        return { kind: 'closed', outcome: e.outcome };
      case 'case.reopened':
        return { kind: 'reopened' };
      case 'case.family-event':
        return familyFact(e);
      case 'case.family-changed': {
        // The family's counts as they are now (a later change has its own event, whose fact comes later and counts).
        const counts = familyCounts((await store.cases.findById(e.caseId, { 'family.counts': 1, 'family.children': 1, 'family.household': 1 }).lean())?.family);
        return { kind: 'family-changed', children: counts.children, familyMembers: 1 + counts.children + counts.household };
      }
      case 'task.created':
        return e.taskType === 'contact' && (await isContact(e.taskId)) ? { kind: 'contact-planned', taskId: e.taskId } : null;
      case 'task.cancelled':
        return e.taskType === 'contact' && (await isContact(e.taskId)) ? { kind: 'contact-cancelled', taskId: e.taskId } : null;
      case 'task.completed': {
        // A programme's own task goes on the bus under a shared type: its own is in the store.
        if (e.taskType !== 'first-contact' && e.taskType !== 'contact' && !COUNTED_ON_THE_BUS.has(e.taskType)) return null;
        const task = await storedTask(e.taskId);
        const counted = ANSWERS_COUNTED.get(task.type);
        if (counted) return { kind: 'task-answered', taskType: task.type, answers: answersOf(task.form, counted) };
        const outcome = task.form.outcome;
        // A refusal is a contact made: the family was reached and said no.
        if (task.type === 'first-contact') return outcome === 'reached' || outcome === 'refused' ? { kind: 'first-contact' } : null;
        return task.type === 'contact' && outcome === 'reached' ? { kind: 'contact-done', taskId: e.taskId } : null;
      }
      case 'task.escalated':
        return { kind: 'task-overdue', taskId: e.taskId };
      case 'conference.decided':
        return { kind: 'conference-held', conferenceId: e.conferenceId };
    }
  }

  /** What happened is in the case's history, under the event's id (the bus says only that something did). */
  async function familyFact(e: MessageOf<'case.family-event'>): Promise<Fact | null> {
    const { type, details: d } = await historyEntry(e.eventId);
    switch (type.replace(/^family-event:/, '')) {
      case 'intent-to-abandon':
        return { kind: 'intent-to-abandon' };
      case 'child-hiv-test-result':
        return {
          kind: 'hiv-result',
          child: Number(d.childIndex),
          result: String(d.result),
          // A result reported before results had a test has none, and keeps its meaning (child-hiv-status.ts).
          ...(typeof d.test === 'string' && {
            test: d.test,
            milestone: String(d.milestone),
            ...(typeof d.breastfed === 'boolean' && { breastfed: d.breastfed }),
          }),
        };
      case 'child-placed-in-care': {
        const child = Number(d.childIndex);
        // The age the worker read off the family record when it recorded the event (a birth date corrected, a
        // child added since); for an older entry, from the referral's birth date. The age, never the date, is kept.
        if (typeof d.ageMonths === 'number' || d.ageMonths === null) return { kind: 'placed-in-care', child, ageMonths: d.ageMonths };
        const birthDate = (await referral(e.caseId)).form.children?.[child]?.birthDate;
        return { kind: 'placed-in-care', child, ageMonths: birthDate ? ageInMonths(birthDate, String(d.occurredOn)) : null };
      }
      default:
        return null;
    }
  }

  return {
    /** Stores the fact the event establishes, once. Throws MissingFact (or a database error) to be retried. */
    async apply(e: ProjectedEvent): Promise<void> {
      const fact = await factOf(e);
      if (!fact) return;
      const doc = {
        _id: e.eventId,
        caseId: e.caseId,
        programme: await programmeOf(e.caseId),
        district: e.district,
        subject: e.type,
        at: new Date(e.occurredAt),
        fact,
        recordedAt: new Date(),
      };
      try {
        await store.reportFacts.create(doc);
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err; // a copy stored it first: the same fact
      }
    },
    /** True when this event's fact is stored already: a consumer skips the lookups for a redelivery or a duplicate. */
    async applied(eventId: string): Promise<boolean> {
      return (await store.reportFacts.exists({ _id: eventId })) !== null;
    },
  };
}
export type Projector = ReturnType<typeof createProjector>;
