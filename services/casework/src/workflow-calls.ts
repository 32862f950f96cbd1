import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { caseWorkflowId, type CaseId } from '@continuum/domain';
import { domainErrorFromUpdate } from './update-errors';

/**
 * Sends an Update to a case's workflow and turns its rejection into the matching 4xx. The workflow id
 * names no run, so the Update reaches the case's current run even after it continued as new.
 */
export async function updateCase<Ret, Args extends [unknown]>(temporal: Client, caseId: CaseId, update: UpdateDefinition<Ret, Args>, arg: Args[0]): Promise<Ret> {
  try {
    return await temporal.workflow.getHandle(caseWorkflowId(caseId)).executeUpdate(update, { args: [arg] as unknown as Args });
  } catch (err) {
    throw domainErrorFromUpdate(err);
  }
}
