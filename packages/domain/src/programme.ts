import { z } from 'zod';

/** The two programmes from the seeds: St. Petersburg's and Kazakhstan's. */
export const Programme = z.enum(['hiv-family-follow-up', 'abandonment-prevention']);
export type Programme = z.infer<typeof Programme>;

export const FacilityKind = z.enum([
  'womens-clinic',
  'maternity-ward',
  'aids-center',
  'childrens-polyclinic',
  'family-medical-centre',
  'youth-friendly-service',
]);
export type FacilityKind = z.infer<typeof FacilityKind>;

export const CaseStage = z.enum([
  'intake',
  'first-contact',
  'needs-assessment',
  'support-planning',
  'follow-up',
  'closed',
]);
export type CaseStage = z.infer<typeof CaseStage>;

export const RiskLevel = z.enum(['low', 'medium', 'high', 'urgent']);
export type RiskLevel = z.infer<typeof RiskLevel>;
