import { z } from 'zod';
import { PROGRAMME_IDS } from './rules/programmes';

/** The programmes packages/programmes registers: from the seeds, St. Petersburg's and Kazakhstan's. */
export const Programme = z.enum(PROGRAMME_IDS);
export type Programme = z.infer<typeof Programme>;

/**
 * The kinds of facility that refer families, covering both programmes' referrers: St. Petersburg refers from
 * maternity wards, women's clinics, children's polyclinics and the AIDS Center; Kazakhstan's social workers sit
 * in maternity wards, family medical centres, youth friendly services and polyclinics, in primary health care.
 * Any kind may refer into either programme: the facility's districts (reference data) say where it refers.
 */
export const FacilityKind = z.enum([
  'womens-clinic',
  'maternity-ward',
  'aids-center',
  'childrens-polyclinic',
  /** A general (adult, or city) polyclinic. */
  'polyclinic',
  'family-medical-centre',
  /** Any other primary health care centre (a rural health post, an outpatient clinic). */
  'primary-health-care-centre',
  'youth-friendly-service',
]);
export type FacilityKind = z.infer<typeof FacilityKind>;

export const CaseStage = z.enum(['intake', 'first-contact', 'needs-assessment', 'support-planning', 'follow-up', 'closed']);
export type CaseStage = z.infer<typeof CaseStage>;

export const RiskLevel = z.enum(['low', 'medium', 'high', 'urgent']);
export type RiskLevel = z.infer<typeof RiskLevel>;
