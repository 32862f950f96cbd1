import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { caseWorkflowId, type Programme, type ReferralReceived } from '@continuum/domain';
import type { Store } from '@continuum/store';
import { caseFollowUp } from '@continuum/workflows';
import { CaseDistrict, CaseRiskLevel, CaseStage } from '@continuum/workflows/search-attributes';

/**
 * Starts the case workflow for a received referral. The workflow id comes from the case id and may never
 * be reused, so a redelivered or repeated referral finds the case already there and changes nothing. The
 * programme and policy come from the stored referral: the bus does not carry them.
 */
export function caseStarter(client: Client, store: Store, taskQueue: string) {
  return async (event: ReferralReceived): Promise<void> => {
    const referral = await store.referrals.findById(event.caseId, { programme: 1, policyVersion: 1 }).lean();
    if (!referral) throw new Error(`no referral stored for ${event.caseId}`); // intake stores before it publishes: retried
    try {
      await client.workflow.start(caseFollowUp, {
        workflowId: caseWorkflowId(event.caseId),
        taskQueue,
        args: [
          {
            caseId: event.caseId,
            district: event.district,
            programme: referral.programme as Programme,
            facilityId: event.facilityId,
            referredAt: event.referredAt,
            urgent: event.urgent,
            ...(referral.policyVersion ? { policyVersion: referral.policyVersion } : {}),
          },
        ],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          // No programme: search attributes are stored in clear, and the programme's name tells of a diagnosis.
          { key: CaseDistrict, value: event.district },
          { key: CaseStage, value: 'intake' },
          { key: CaseRiskLevel, value: event.urgent ? 'urgent' : 'medium' },
        ],
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return;
      throw err;
    }
  };
}
