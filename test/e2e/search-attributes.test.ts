import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { binaryPath } from '../../infra/src/servers';
import { eventually, openTestSystem, type OpenTestSystem } from '../harness/system';
import { abandonmentReferral } from '../harness/referrals';

describe('ops find cases by search attribute', () => {
  let t: OpenTestSystem;
  beforeAll(async () => (t = await openTestSystem()));
  afterAll(() => t.close());

  it('`temporal workflow list --query` finds the case by district, stage and risk, and shows no programme', async () => {
    const accepted = await t.postReferral(abandonmentReferral({ urgent: true }));
    const caseId = accepted.body.caseId as string;
    const cli = binaryPath('temporal');
    expect(existsSync(cli)).toBe(true);
    const query = "CaseDistrict = 'kz-almaty-bostandyk' AND CaseStage = 'first-contact' AND CaseRiskLevel = 'urgent'";
    const listed = await eventually(async () => {
      const out = execFileSync(cli, ['workflow', 'list', '--address', t.system.temporalAddress, '--query', query, '--output', 'json'], { encoding: 'utf8' });
      const ids = (JSON.parse(out || '[]') as Array<{ execution: { workflowId: string } }>).map((w) => w.execution.workflowId);
      return ids.includes(`case-follow-up:${caseId}`) && ids;
    }, 'the case in the visibility store');
    expect(listed).toContain(`case-follow-up:${caseId}`);
    // No attribute names the programme (its name would tell of a diagnosis).
    const described = await t.temporal.workflow.getHandle(`case-follow-up:${caseId}`).describe();
    expect(Object.keys(described.searchAttributes).sort()).toEqual(expect.not.arrayContaining(['CaseProgramme']));
    expect(JSON.stringify(described.searchAttributes)).not.toMatch(/hiv|abandonment/i);
    // And a query for another district does not find it.
    const other = execFileSync(cli, ['workflow', 'list', '--address', t.system.temporalAddress, '--query', "CaseDistrict = 'spb-nevsky'", '--output', 'json'], {
      encoding: 'utf8',
    });
    expect(other).not.toContain(caseId);
  });
});
