import { ApplicationFailure } from '@temporalio/workflow';
import { fieldIssues, type ErrorKind } from '@continuum/domain';
import type { z } from 'zod';

/** Rejects an Update: an ApplicationFailure whose type is the ErrorKind, which the API turns into its 4xx. */
export const fail = (kind: ErrorKind, message: string, details?: unknown): never => {
  throw ApplicationFailure.nonRetryable(message, kind, ...(details ? [details] : []));
};

/** Validators reject before anything is written: they parse with the domain schema and check the state. */
export function parsed<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) fail('INVALID', 'invalid request', fieldIssues(result.error.issues));
  return result.data as z.infer<S>;
}
