import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { openTestSystem, type OpenTestSystem } from '../harness/system';

/*
 * npm run simulate: a synthetic cohort driven through the public APIs in the training city, as its facilities
 * and staff would, with progress; nothing of it lands in a real district.
 */

let t: OpenTestSystem;
beforeAll(async () => {
  t = await openTestSystem();
});
afterAll(() => t.close());

it('drives each family from referral on, in the training districts only, and says where each ended', async () => {
  const started = new Date();
  const { stdout, stderr } = await promisify(execFile)('node', ['--require', 'tsx/cjs', 'infra/src/simulate.ts', '--families', '6', '--seed', '7'], {
    env: {
      ...process.env,
      INTAKE_URL: t.system.intakeUrl,
      CASEWORK_URL: t.system.caseworkUrl,
      OIDC_ISSUER: t.system.identityUrl,
      IDP_DEV_PASSWORD: t.system.idpPassword,
      CONTINUUM_IDENTITY_DIR: t.system.identityDir,
    },
  });
  const summary = /6 families: (\d+) in follow-up, (\d+) declined at review, (\d+) not reached yet, 0 failed/.exec(stdout);
  expect(summary).not.toBeNull();
  const [inFollowUp, declined, notReached] = summary!.slice(1).map(Number) as [number, number, number];
  expect(inFollowUp + declined + notReached).toBe(6);
  expect(stderr).toMatch(/\[simulate\] 6\/6 referred/);

  const referrals = await t.store.referrals.find({ referralId: /^simulate-7-/, receivedAt: { $gte: started } }, { district: 1 }).lean();
  expect(referrals).toHaveLength(6);
  expect(new Set(referrals.map((r) => r.district))).toEqual(new Set(['spb-training', 'kz-training']));
  const cases = await t.store.cases.find({ _id: { $in: referrals.map((r) => r._id) } }, { stage: 1, district: 1 }).lean();
  expect(cases.filter((c) => c.stage === 'follow-up')).toHaveLength(inFollowUp);
});
