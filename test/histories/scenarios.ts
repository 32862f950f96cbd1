import { caseWorkflowId } from '@continuum/domain';
import { eventually, http, type OpenTestSystem } from '../harness/system';
import { abandonmentReferral, FIRST_CONTACT_FORM, hivReferral } from '../harness/referrals';

export interface Scenario {
  /** The recorded file's name: the workflow code generation it was recorded with, then what it covers. */
  name: string;
  /** Drives one case and returns its workflow id once the case waits. */
  run(t: OpenTestSystem): Promise<string>;
}

const NEEDS_FORM = {
  assessedAt: '2026-11-24T10:00:00Z',
  needs: { housing: 'some', documents: 'none', income: 'severe', employment: 'some', childcare: 'none', health: 'some', mentalHealth: 'none', familySupport: 'severe' },
};

/** v1 (issue 2): referral → first contact → needs assessment → waiting in support planning. */
async function v1ToSupportPlanning(t: OpenTestSystem, referral: ReturnType<typeof hivReferral>, staff: string): Promise<string> {
  const caseId = (await http('POST', `${t.system.intakeUrl}/referrals`, { body: referral })).body.caseId as string;
  const token = t.tokenFor(staff);
  for (const [type, form] of [['first-contact', FIRST_CONTACT_FORM], ['needs-assessment', NEEDS_FORM]] as const) {
    const task = await eventually(async () => (await t.store.tasks.findOne({ caseId, type }).lean()) ?? undefined, `${type} task`);
    const done = await http('POST', `${t.system.caseworkUrl}/tasks/${task._id}/complete`, { token, body: { form } });
    if (done.status !== 200) throw new Error(`completing ${type}: ${done.status} ${JSON.stringify(done.body)}`);
  }
  await eventually(async () => (await t.store.cases.findById(caseId).lean())?.stage === 'support-planning', 'support planning');
  return caseWorkflowId(caseId);
}

export const SCENARIOS: Scenario[] = [
  { name: 'v1-hiv-to-support-planning', run: (t) => v1ToSupportPlanning(t, hivReferral(), 'sw-nevsky-1') },
  { name: 'v1-abandonment-to-support-planning', run: (t) => v1ToSupportPlanning(t, abandonmentReferral(), 'sw-almaty-1') },
];
