import { z } from 'zod';
import { Code } from './ids';
import { Programme } from './programme';
import { PROGRAMMES } from '@continuum/programmes';
import { RISK_FACTORS } from './rules/risk';

export { screenRisk, PRIORITY_OF, type RiskScreening } from './rules/risk';

/** Every risk factor of any programme: what a stored case, a policy's weights and reporting may carry. */
export const RiskFactor = z.enum(RISK_FACTORS);
export type RiskFactor = z.infer<typeof RiskFactor>;

/** Each programme's vocabulary of risk factors: the only codes its referrals and assessments may carry. */
export const PROGRAMME_RISK_FACTORS: Readonly<Record<Programme, readonly RiskFactor[]>> = Object.freeze(
  Object.fromEntries(PROGRAMMES.map((p) => [p.id, Object.freeze([...p.riskFactors])])) as Record<Programme, readonly RiskFactor[]>,
);

/**
 * Other spellings facilities send for a risk factor, each taken as its canonical code (and stored as that):
 * only spellings that mean exactly the same. Letter case does not matter either (`No-Housing` is `no-housing`).
 */
export const RISK_FACTOR_ALIASES = {
  'no-id-papers': 'no-identity-papers',
  'no-identity-documents': 'no-identity-papers',
  'no-partner-support': 'no-partner-or-family-support',
  'no-family-support': 'no-partner-or-family-support',
  'out-of-wedlock': 'birth-out-of-wedlock',
  'teenage-pregnancy': 'teenage-mother',
  'disability-of-child': 'child-disability',
  'child-with-disability': 'child-disability',
  'lack-of-housing': 'no-housing',
  'post-partum-depression': 'postpartum-depression',
  'postnatal-depression': 'postpartum-depression',
} as const satisfies Record<string, RiskFactor>;

const CANONICAL: ReadonlyMap<string, RiskFactor> = new Map<string, RiskFactor>([
  ...RiskFactor.options.map((f) => [f, f] as const),
  ...(Object.entries(RISK_FACTOR_ALIASES) as Array<[string, RiskFactor]>),
]);

/** The risk factor a code or one of its aliases names (any letter case), or undefined for a code that is none. */
export const canonicalRiskFactor = (code: string): RiskFactor | undefined => CANONICAL.get(code.toLowerCase());

/**
 * Why a code sent as a risk factor is refused: it names the code as sent and lists the codes accepted.
 * `of` says whose vocabulary it is ("abandonment-prevention", "this case").
 */
export function riskFactorRefusal(code: string, accepted: readonly RiskFactor[], of: string): string {
  const what = canonicalRiskFactor(code) ? `"${code}" is not a risk factor of ${of}` : `unknown risk factor "${code}"`;
  return `${what}: the risk factors of ${of} are ${accepted.join(', ')}, or an alias of one`;
}

/** The aliases of the given codes, for a schema's description. */
const aliasesOf = (accepted: readonly RiskFactor[]) =>
  Object.entries(RISK_FACTOR_ALIASES)
    .filter(([, f]) => accepted.includes(f))
    .map(([alias, f]) => `${alias} (${f})`)
    .join(', ');

/** Each programme's risk factors and the aliases, in words: for the API documents. */
export const RISK_FACTORS_IN_WORDS = `${Programme.options.map((p) => `Risk factors of ${p}: ${PROGRAMME_RISK_FACTORS[p].join(', ')}.`).join(' ')} Aliases: ${aliasesOf(RiskFactor.options)}.`;

/**
 * One risk factor as a facility or a member of staff sends it: a code of the vocabulary given, or an alias
 * of one (any letter case), which becomes the canonical code. Anything else is refused with an issue at its
 * place in the list, naming it and listing the codes accepted.
 */
export const SentRiskFactor = (accepted: readonly RiskFactor[], of: string) =>
  Code.transform((code, ctx): RiskFactor => {
    const factor = canonicalRiskFactor(code);
    if (factor && accepted.includes(factor)) return factor;
    ctx.issues.push({ code: 'custom', input: code, message: riskFactorRefusal(code, accepted, of) });
    return z.NEVER;
  }).describe(`a risk factor of ${of}: ${accepted.join(', ')}; or an alias, taken as its code: ${aliasesOf(accepted)}`);

/** A programme's risk rules: a weight per factor, the score thresholds of each level, the urgent factors. */
export const RiskRules = z.strictObject({
  weights: z.partialRecord(RiskFactor, z.number().int().min(0).max(10)),
  thresholds: z
    .strictObject({ medium: z.number().int().min(1), high: z.number().int().min(1) })
    .refine((t) => t.medium < t.high, { path: ['high'], message: 'must be above medium' }),
  /** Any one of these starts the urgent path at once, whatever the score. */
  urgentFactors: z.array(RiskFactor).min(1),
});
export type RiskRules = z.infer<typeof RiskRules>;
