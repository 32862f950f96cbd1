import type { z } from 'zod';
import { DomainError, fieldIssues } from '@continuum/domain';

/** Parses input with a domain schema; a failure is a 400 that names every failing field. */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new DomainError('INVALID', `invalid ${what}`, fieldIssues(result.error.issues));
  return result.data;
}
