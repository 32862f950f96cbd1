import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DomainError, ErrorKind, type FieldIssue } from '@continuum/domain';

/**
 * Turns a workflow's rejection of an Update into the domain error it stands for: the validator throws
 * ApplicationFailures whose type is an ErrorKind, so a closed task becomes 409, a wrong form 400.
 */
export function domainErrorFromUpdate(err: unknown, what = 'case'): unknown {
  if (err instanceof WorkflowNotFoundError) return new DomainError('NOT_FOUND', `the ${what} is not running`);
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const kind = err.cause.type && err.cause.type in ErrorKind ? (err.cause.type as ErrorKind) : undefined;
    if (kind) {
      const issues = (err.cause.details?.[0] as FieldIssue[] | undefined) ?? [];
      return new DomainError(kind, err.cause.message, Array.isArray(issues) ? issues : []);
    }
  }
  // Anything else is a 500: keep what the workflow said in the message, so the log tells ops why.
  if (err instanceof WorkflowUpdateFailedError) {
    const causes: string[] = [];
    for (let c: unknown = err.cause; c instanceof Error && causes.length < 4; c = (c as Error & { cause?: unknown }).cause)
      causes.push(`${c.name}: ${c.message}`);
    return new Error(`${err.message} (${causes.join(' ← ') || 'no cause'})`, { cause: err });
  }
  return err;
}
