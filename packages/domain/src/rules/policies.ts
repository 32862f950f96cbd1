import { PROGRAMMES } from '@continuum/programmes';
import { DomainError } from '../errors';
import type { Policy } from '../policy';
import type { ProgrammeId } from './programmes';

/**
 * Every published policy by version, from every programme's folder (packages/programmes). Published versions
 * never change (policy.test.ts parses each with the Policy schema and holds its fingerprint); a new one is added.
 */
export const POLICY_VERSIONS: Readonly<Record<string, Policy>> = Object.freeze(
  Object.fromEntries(PROGRAMMES.flatMap((p) => p.policies).map((policy) => [policy.version, deepFreeze(policy)])),
);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

/** The version a new case of a programme starts with, unless its district says otherwise. */
export const CURRENT_POLICY: Readonly<Record<ProgrammeId, string>> = Object.freeze(
  Object.fromEntries(PROGRAMMES.map((p) => [p.id, p.currentPolicy])) as Record<ProgrammeId, string>,
);

export function policyOf(version: string): Policy {
  const policy = POLICY_VERSIONS[version];
  if (!policy) throw new DomainError('NOT_FOUND', `no policy version ${version}`);
  return policy;
}
