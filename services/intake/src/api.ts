import { z } from 'zod';
import { CaseId, Code, DistrictId, FacilityId, Instant, Programme, Referral, ReferralStatus, ReferralStatusReason } from '@continuum/domain';
import { buildOpenApi, type ApiRoute } from '@continuum/http';

/** GET /referrals/:caseId parses its path parameters with this, so a bad id's issue names `caseId`; the document describes it. */
export const ReferralParams = z.strictObject({ caseId: CaseId });

const ReferralAnswer = z.object({ caseId: CaseId, status: ReferralStatus, duplicate: z.boolean() });
const ReferralStatusAnswer = z.object({
  caseId: CaseId,
  referralId: Code,
  facilityId: FacilityId,
  district: DistrictId,
  programme: Programme,
  status: ReferralStatus,
  statusReason: ReferralStatusReason.nullable().describe("why, as a code: a rejection's reason, or whether follow-up was completed"),
  statusChangedAt: Instant.nullable(),
  receivedAt: Instant,
});

/** Every route of referralRoutes; services/casework/src/api.test.ts checks the two lists match. */
export const INTAKE_API: ApiRoute[] = [
  {
    method: 'post',
    path: '/referrals',
    summary: 'Refer a family',
    description:
      "The facility is the one its token's client names (client credentials). Validated and stored, then the case starts. " +
      'A referral repeated with the same referralId and the same content is the same referral: it answers 200 with the existing case ' +
      '(and queues it again if the first attempt was lost); the same referralId with other content answers 409 and changes nothing. ' +
      '403 for a district the facility does not refer into; 400 for an unknown district.',
    tags: ['referrals'],
    auth: true,
    body: Referral,
    responses: {
      202: { description: 'Accepted: a new case', schema: ReferralAnswer },
      200: { description: 'A duplicate: the existing case', schema: ReferralAnswer },
      409: { description: 'This referral id was sent before with other content' },
      503: { description: 'Stored but not yet queued; send it again to retry' },
    },
  },
  {
    method: 'get',
    path: '/referrals/:caseId',
    summary: "A referral's status, for the referring facility",
    description: "Ids and status only, never the family; only the referring facility's own (any other answers 404).",
    tags: ['referrals'],
    auth: true,
    params: ReferralParams,
    responses: { 200: { description: 'The referral', schema: ReferralStatusAnswer }, 404: { description: 'No such referral' } },
  },
];

/** The intake service's OpenAPI document, served at GET /openapi.json. Throws on a bad route table. */
export function buildIntakeOpenApi(): Record<string, unknown> {
  return buildOpenApi(
    {
      title: 'Continuum intake API',
      version: '0.3.0',
      description: 'Referrals from medical facilities: a referral starts a case, and its status can be read back by the case id.',
    },
    INTAKE_API,
  );
}
