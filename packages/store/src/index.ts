export * from './connect';
export * from './referrals/referral.model';
export * from './cases/case.model';
export * from './tasks/task.model';
export * from './reference/reference.models';
export * from './history/case-history.model';
export * from './audit/audit.model';
export * from './tasks/task-claim.model';
