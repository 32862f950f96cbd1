import { API_AUDIENCES } from '@continuum/config';
import { DEMO_STAFF } from '../../../infra/src/demo-data';
import type { Api, OpenTestSystem } from '../../harness/system';
import { badAuthorization, tokenForge } from './bad-tokens';
import type { Service } from './route-properties';

/** A staff API to throw bad input at: every demo staff member's token fetched once from the provider (they last 15 minutes). */
export async function staffService(t: OpenTestSystem, api: Exclude<Api, 'intake'>, base: string): Promise<Service> {
  const tokens = new Map(await Promise.all(DEMO_STAFF.map(async (s) => [s._id, await t.tokenFor(s._id, api)] as const)));
  return {
    base,
    badTokens: await badAuthorization(tokenForge(t.system, API_AUDIENCES[api])),
    tokenFor(staffId) {
      const token = tokens.get(staffId);
      if (!token) throw new Error(`no token fetched for ${staffId}`);
      return token;
    },
  };
}
