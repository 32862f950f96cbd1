import type { Policy, RiskFactor } from '@continuum/domain';
import type { Algorithm } from './algorithm';
import type { OwnTask } from './own-tasks';
import type { ProgrammeIndicator } from './indicators';

/**
 * A programme: everything that makes one follow-up programme differ from another, in one folder
 * (`src/<id>/`), registered in `src/index.ts`. Plain data and pure functions only: the workflow bundle holds
 * it (and every schema of `@continuum/domain` checks it in tests).
 */
export interface ProgrammeModule<Id extends string = string, OwnTaskType extends string = never> {
  id: Id;
  /** How the quarterly report and the documents name it. */
  title: string;
  /** The published versions of its policy, each with its drill twin. A published version never changes. */
  policies: readonly Policy[];
  /** The version a new case starts with, unless its district runs another. */
  currentPolicy: string;
  /** Task types only this programme has, by their code: its policies template them and its algorithm reacts to them. */
  ownTasks?: Readonly<Record<OwnTaskType, OwnTask>>;
  /** Figures only this programme's report shows, each with what counts to it. */
  indicators?: readonly ProgrammeIndicator[];
  /**
   * Run only where a district names one of its versions (a test or a pilot being prepared): a referral into
   * any other district is refused, and its current version may be a drill.
   */
  testOnly?: true;
  /** What each task's outcome and each family event lead to (most programmes: the shared `FOLLOW_UP`, perhaps extended). */
  algorithm: Algorithm;
  /** The codes its referrals and assessments may carry: its part of the shared risk vocabulary. */
  riskFactors: readonly RiskFactor[];
  /** A referral must carry the mother's recorded decision on disclosure (the programme works with HIV status). */
  consentRequired: boolean;
  /** The figures its quarterly report charts, district by district (indicator names). */
  reportCharts: readonly string[];
  /**
   * How many years after a case closes its family's personal data is kept; then the retention sweep erases it
   * (its key destroyed). An installation may set its own (RETENTION_YEARS), as its data-protection officer decides.
   */
  retentionYears: number;
  /**
   * The deadlines of the first version of the case workflow, for cases it started (programmes that were
   * running then only; a programme added later has none). Such a case waits in support planning until a
   * supervisor moves it to a current policy.
   */
  firstVersion?: { version: string; firstContactWorkingDays: number; urgentHours: number; needsAssessmentWorkingDays: number };
}
