import type { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { RecordAudit } from '@continuum/domain';
import type { CaseVault, Store } from '@continuum/store';
import type { JetStreamClient } from 'nats';
import { taskRoutes } from './tasks.routes';
import { caseRoutes } from './cases.routes';
import { conferenceRoutes } from './conferences.routes';
import { preferenceRoutes } from './preferences.routes';
import { referenceDataRoutes } from './reference-data.routes';
import { auditRoutes } from './audit.routes';
import { familyRoutes } from './family.routes';
import { familyRecordWriter } from './family-record';
import { searchRoutes } from './search.routes';

export interface CaseworkDeps {
  store: Store;
  temporal: Client;
  js: JetStreamClient;
  audit: RecordAudit;
  vault: CaseVault;
  config: Parameters<typeof preferenceRoutes>[1];
}

/**
 * Every router of the casework API, in one list: the service mounts them, and the tests check that the
 * OpenAPI document and the bad-input table cover each of their routes (built without connections for that).
 */
export function caseworkRouters(d: CaseworkDeps): Router[] {
  const changeFamily = familyRecordWriter(d.store, d.js, d.audit, d.vault);
  return [
    taskRoutes(d.store, d.temporal, d.audit, d.vault),
    // Before the case's own routes: /cases/search is not a case.
    searchRoutes(d.store, d.audit, d.vault),
    caseRoutes(d.store, d.temporal, d.js, d.audit, changeFamily, d.vault),
    familyRoutes(d.store, changeFamily, d.audit, d.vault),
    conferenceRoutes(d.store, d.temporal, d.audit, d.vault),
    preferenceRoutes(d.store, d.config, d.audit),
    referenceDataRoutes(d.store, d.audit),
    auditRoutes(d.store, d.audit, { payloadKey: d.config.PAYLOAD_KEY, vault: d.vault }),
  ];
}

/** The routers with nothing behind them: enough to list their routes. */
export const caseworkRoutersForListing = (): Router[] => caseworkRouters({ config: {} } as CaseworkDeps);
