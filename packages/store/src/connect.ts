import mongoose from 'mongoose';
import { caseModel } from './cases/case.model';
import { familyChangeModel } from './cases/family-change.model';
import { caseKeyModel } from './keys/case-key.model';
import { erasureModel } from './keys/erasure.model';
import { referralModel } from './referrals/referral.model';
import { cityModel, districtModel, facilityModel, staffModel } from './reference/reference.models';
import { taskModel } from './tasks/task.model';
import { taskClaimModel } from './tasks/task-claim.model';
import { caseHistoryModel } from './history/case-history.model';
import { auditModel } from './audit/audit.model';
import { conferenceModel } from './conferences/conference.model';
import { channelPreferenceModel, notificationDeliveryModel } from './notifications/notification.models';
import { reportFactModel } from './reporting/report-fact.model';
import { reportCaseModel } from './reporting/report-case.model';
import { reportCellModel } from './reporting/report-cell.model';

export type Store = Awaited<ReturnType<typeof connectStore>>;

/**
 * One connection per process, with its models. Indexes are created explicitly (not by mongoose's
 * autoIndex) so a start fails loudly if the server cannot build one.
 */
export async function connectStore(url: string, tls?: { caFile?: string | undefined; certKeyFile?: string | undefined }) {
  const tlsOptions = tls
    ? { tls: true, ...(tls.caFile ? { tlsCAFile: tls.caFile } : {}), ...(tls.certKeyFile ? { tlsCertificateKeyFile: tls.certKeyFile } : {}) }
    : {};
  const db = mongoose.createConnection(url, { autoIndex: false, autoCreate: false, serverSelectionTimeoutMS: 10_000, ...tlsOptions });
  await db.asPromise();
  const models = {
    referrals: referralModel(db),
    cases: caseModel(db),
    familyChanges: familyChangeModel(db),
    caseKeys: caseKeyModel(db),
    erasures: erasureModel(db),
    tasks: taskModel(db),
    taskClaims: taskClaimModel(db),
    cities: cityModel(db),
    districts: districtModel(db),
    facilities: facilityModel(db),
    staff: staffModel(db),
    caseHistory: caseHistoryModel(db),
    audit: auditModel(db),
    conferences: conferenceModel(db),
    channelPreferences: channelPreferenceModel(db),
    notificationDeliveries: notificationDeliveryModel(db),
    reportFacts: reportFactModel(db),
    reportCases: reportCaseModel(db),
    reportCells: reportCellModel(db),
  };
  return {
    db,
    ...models,
    async ensureIndexes(): Promise<void> {
      for (const model of Object.values(models)) await model.createIndexes();
    },
    close: () => db.close(),
  };
}
