import {
  after,
  CURRENT_POLICY,
  eventIdFor,
  POLICY_VERSIONS,
  RiskFactor,
  screenRisk,
  taskIdFor,
  type CaseId,
  type ClosureOutcome,
  type Policy,
  type Programme,
} from '@continuum/domain';
import type { ReportCaseDoc } from '@continuum/store';
import { DEMO_DISTRICTS } from '../../../infra/src/demo-data';
import { seededRandom } from '../../../infra/src/seeded-random';
import { foldFacts, type Fact, type FactRecord } from '../../../services/reporting/src/facts';

/**
 * Projected case summaries (reportCases documents) for the reporting benchmark, made the way the projector
 * makes them: a plausible life of a case as the facts its events would establish, folded by the real
 * foldFacts into the summary case-summaries.ts writes. So the documents have the real shape and size, and
 * a change to the fold or the facts changes them too. Deterministic: case i is always the same case.
 */

/** The demo districts that take real families (the training ones run drills), with the city's programme. */
const DISTRICTS = DEMO_DISTRICTS.filter((d) => !d._id.endsWith('-training')).map((d) => ({
  id: d._id,
  city: d.city,
  programme: (d._id.startsWith('spb-') ? 'hiv-family-follow-up' : 'abandonment-prevention') as Programme,
  weight: d.population,
}));

/** Referrals come in over 2026; the summaries are as of its last day. */
const YEAR_START = Date.UTC(2026, 0, 1);
export const PROJECTED_AS_OF = new Date(Date.UTC(2026, 11, 31, 23, 59));
const DAY = 86_400_000;
/** Cases referred before this started on the 2026.2 policies (before conferences). */
const POLICY_2026_3_FROM = Date.UTC(2026, 3, 1);

const EARLY_OUTCOMES: ClosureOutcome[] = ['moved-away', 'refused', 'lost-to-follow-up', 'transferred', 'died'];

/** The summary document of synthetic case number `index`, as reportCases stores it. */
export function syntheticCaseSummary(index: number): ReportCaseDoc & { _id: string } {
  const records = syntheticCaseFacts(index);
  const [facts] = foldFacts(records);
  // As case-summaries.ts summaryOf writes it.
  return {
    _id: facts!._id,
    programme: facts!.programme,
    districtsSeen: facts!.districtsSeen ?? [],
    factCount: records.length,
    facts: facts!,
    foldedAt: PROJECTED_AS_OF,
  };
}

/** The facts the events of one case would establish, in the shape reportFacts stores them. */
export function syntheticCaseFacts(index: number): FactRecord[] {
  const rnd = seededRandom(index * 2654435761 + 12345);
  const chance = (p: number) => rnd() < p;
  const between = (from: number, to: number) => from + rnd() * (to - from);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

  const home = weightedDistrict(rnd());
  const programme = home.programme;
  const caseId = `case-${index.toString(16).padStart(20, '0')}` as CaseId;
  const records: FactRecord[] = [];
  let taskSeq = 0;
  /** A few families move across the city: the events after that name the new district. */
  let transfer: { at: number; to: string } | undefined;
  const add = (key: string, at: number, fact: Fact) => {
    const district = transfer && at >= transfer.at ? transfer.to : home.id;
    if (at <= PROJECTED_AS_OF.getTime()) records.push({ _id: eventIdFor(caseId, key), caseId, programme, district, at: new Date(at), fact });
  };

  const referredAt = between(YEAR_START, PROJECTED_AS_OF.getTime() - DAY);
  const versionFamily = referredAt < POLICY_2026_3_FROM ? CURRENT_POLICY[programme].replace('2026.3', '2026.2') : CURRENT_POLICY[programme];
  let policy: Policy = POLICY_VERSIONS[versionFamily]!;
  const intentOnReferral = chance(programme === 'abandonment-prevention' ? 0.06 : 0.02);
  const factors = new Set<string>(
    Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(RiskFactor.options.filter((f) => f !== 'intent-to-abandon' && f in policy.risk.weights))),
  );
  if (intentOnReferral) factors.add('intent-to-abandon');
  const screening = screenRisk(policy.risk, [...factors], intentOnReferral);
  const children = chance(0.85) ? 1 : chance(0.8) ? 2 : 3;

  add('referral.received', referredAt, { kind: 'referred', referredAt: new Date(referredAt), urgent: intentOnReferral });
  add('case.opened', referredAt + 60_000, {
    kind: 'opened',
    policyVersion: policy.version,
    riskLevel: screening.level,
    children,
    familyMembers: 1 + children,
    motherHivPositive: programme === 'hiv-family-follow-up' ? chance(0.95) : chance(0.02),
    riskFactors: [...factors],
    intentOnReferral,
  });

  // The district's review: most referrals are accepted within days; a rejected one is closed at once.
  const reviewedAt = referredAt + (intentOnReferral ? between(0.01, 0.2) : between(0.3, 3)) * DAY;
  if (!intentOnReferral && chance(0.06)) {
    add('closed-1', reviewedAt, { kind: 'closed', outcome: 'referral-rejected' });
    return records;
  }
  add('referral-accepted', reviewedAt, { kind: 'accepted' });
  if (chance(0.04)) {
    add('closed-1', reviewedAt + between(5, 12) * DAY, { kind: 'closed', outcome: 'lost-to-follow-up' }); // never reached
    return records;
  }
  const firstContactAt = reviewedAt + (intentOnReferral ? between(0.05, 1.2) : between(0.2, 6)) * DAY;
  add(`task-${++taskSeq}-completed`, firstContactAt, { kind: 'first-contact' });
  const assessedAt = firstContactAt + between(3, 12) * DAY;
  const newFactors = chance(0.3) ? [pick(RiskFactor.options)] : [];
  add('risk-screened-1', assessedAt, { kind: 'risk-screened', factors: [...factors, ...newFactors] });

  // The end: a closure with an outcome, the end of the policy's follow-up, or still open at the as-of date.
  const followUpAt = assessedAt + between(7, 25) * DAY;
  const fullTerm = after(new Date(followUpAt), policy.closure.followUpFor).getTime();
  const closesEarly = chance(0.22);
  const placed = chance(intentOnReferral ? 0.25 : 0.01);
  const closedAt = placed || closesEarly ? between(followUpAt, Math.min(fullTerm, followUpAt + 300 * DAY)) : fullTerm;
  const outcome: ClosureOutcome = placed ? 'child-placed-in-care' : closesEarly ? pick(EARLY_OUTCOMES) : 'completed-successfully';
  const elsewhere = DISTRICTS.filter((d) => d.city === home.city && d.id !== home.id);
  if (elsewhere.length && chance(0.02)) transfer = { at: between(followUpAt, closedAt), to: pick(elsewhere).id };
  add('stage-follow-up', followUpAt, { kind: 'follow-up-started' });
  if (transfer) add('transferred-1', transfer.at, { kind: 'transferred', toDistrict: transfer.to });

  // Contacts on the policy's cadence, counted from the start of follow-up; the one open at closure is cancelled.
  for (let at = followUpAt; at < closedAt;) {
    const day = (at - followUpAt) / DAY;
    const phase = policy.contactCadence.find((p) => p.untilDay === null || day < p.untilDay)!;
    at = after(new Date(at), phase.every).getTime();
    const taskId = taskIdFor(caseId, ++taskSeq);
    add(`task-${taskSeq}-created`, at, { kind: 'contact-planned', taskId });
    if (at >= closedAt) {
      add(`task-${taskSeq}-cancelled`, closedAt, { kind: 'contact-cancelled', taskId });
      break;
    }
    if (chance(0.1)) add(`task-${taskSeq}-escalated`, at + 6 * DAY, { kind: 'task-overdue', taskId });
    if (chance(0.85)) add(`task-${taskSeq}-completed`, at + between(0, 5) * DAY, { kind: 'contact-done', taskId });
  }

  // Cases on the 2026.2 policy are moved to 2026.3 when a supervisor gets to them.
  if (policy.version.endsWith('2026.2') && chance(0.4)) {
    const at = between(Math.max(POLICY_2026_3_FROM, followUpAt), Math.max(POLICY_2026_3_FROM, followUpAt) + 90 * DAY);
    policy = POLICY_VERSIONS[CURRENT_POLICY[programme]]!;
    if (at < closedAt) add('policy-changed-1', at, { kind: 'policy-changed', toVersion: policy.version });
  }
  // Reviews by a case conference every half year of follow-up (2026.3), most of them held.
  for (let n = 1, at = followUpAt + 182 * DAY; at < closedAt; n++, at += 182 * DAY) {
    if (chance(0.7)) add(`conference-${n}-decided`, at + between(0, 10) * DAY, { kind: 'conference-held', conferenceId: `conf-${caseId.slice(5)}-${n}` });
  }
  // The infants' HIV tests (St. Petersburg): PCR at 6 weeks and 4 months after birth, about the referral.
  if (programme === 'hiv-family-follow-up') {
    for (let child = 0; child < children; child++) {
      for (const [n, test] of policy.infantTesting.slice(0, 2).entries()) {
        const at = after(new Date(referredAt), test.after).getTime() + between(0, 14) * DAY;
        if (at < closedAt)
          add(`hiv-result-${child}-${n}`, at, { kind: 'hiv-result', child, result: chance(0.97) ? 'negative' : chance(0.5) ? 'positive' : 'indeterminate' });
      }
    }
  }
  if (!intentOnReferral && chance(programme === 'abandonment-prevention' ? 0.05 : 0.02)) {
    add('family-intent-1', between(followUpAt, closedAt), { kind: 'intent-to-abandon' });
  }
  if (placed)
    add('family-placed-1', closedAt - between(1, 5) * DAY, { kind: 'placed-in-care', child: 0, ageMonths: Math.floor((closedAt - referredAt) / (30 * DAY)) });
  add('closed-1', closedAt, { kind: 'closed', outcome });
  if (closedAt + 10 * DAY < PROJECTED_AS_OF.getTime() && outcome !== 'died' && chance(0.03))
    add('reopened-1', closedAt + between(10, 60) * DAY, { kind: 'reopened' });
  return records;
}

const TOTAL_WEIGHT = DISTRICTS.reduce((s, d) => s + d.weight, 0);
function weightedDistrict(u: number): (typeof DISTRICTS)[number] {
  let left = u * TOTAL_WEIGHT;
  for (const d of DISTRICTS) if ((left -= d.weight) < 0) return d;
  return DISTRICTS[DISTRICTS.length - 1]!;
}

/** The cities the synthetic cases are in, with their districts. */
export const SYNTHETIC_CITIES: ReadonlyMap<string, string[]> = DISTRICTS.reduce(
  (m, d) => m.set(d.city, [...(m.get(d.city) ?? []), d.id]),
  new Map<string, string[]>(),
);
