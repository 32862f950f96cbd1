import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { caseWorkflowId, type CaseId } from '@continuum/domain';
import { forCase } from '@continuum/temporal';
import { domainErrorFromUpdate } from './update-errors';

/**
 * Sends an Update to a case's workflow and turns its rejection into the matching 4xx. The workflow id
 * names no run, so the Update reaches the case's current run even after it continued as new.
 */
export function updateCase<Ret, Args extends [unknown]>(temporal: Client, caseId: CaseId, update: UpdateDefinition<Ret, Args>, arg: Args[0]): Promise<Ret> {
  return updateWorkflow(temporal, caseWorkflowId(caseId), update, arg, 'case');
}

/**
 * The same for any workflow by id (a conference); `what` names it in the 404 when it is not running. The
 * Update travels sealed under the key of the case the workflow is about (its id carries the case's digits).
 */
export async function updateWorkflow<Ret, Args extends [unknown]>(
  temporal: Client,
  workflowId: string,
  update: UpdateDefinition<Ret, Args>,
  arg: Args[0],
  what: string,
): Promise<Ret> {
  const digits = /(?:case|conf)-([0-9a-f]{20})/.exec(workflowId)?.[1];
  const send = () => temporal.workflow.getHandle(workflowId).executeUpdate(update, { args: [arg] as unknown as Args });
  try {
    return await (digits ? forCase(`case-${digits}`, send) : send());
  } catch (err) {
    throw domainErrorFromUpdate(err, what);
  }
}
