import { randomUUID } from 'node:crypto';
import { caseWorkflowId, conferenceWorkflowId, type ConferenceId } from '@continuum/domain';
import { cancelConferenceSignal, completeTaskUpdate, familyEventSignal } from '@continuum/workflows';
import { casework } from '../harness/casework';
import { FORMS } from '../harness/forms';
import { eventually, http, openTestSystem, type OpenTestSystem } from '../harness/system';

/*
 * No side door into the engine: whoever reaches the Temporal frontend without the payload key (here a client
 * with no codec, talking gRPC to the real server) can send signals and updates, but what they carry is not
 * encrypted with the system's key, so the codec opens them to nothing: the case changes in no way and goes on.
 * The Web UI's codec server decodes for the ops role only, and audits every decode.
 */

let t: OpenTestSystem;
let cw: ReturnType<typeof casework>;
beforeAll(async () => {
  t = await openTestSystem();
  cw = casework(t);
});
afterAll(() => t.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const caseInFirstContact = () => cw.inFirstContact();

describe('a message sent straight to Temporal without the key', () => {
  it('a forged family event changes nothing, and the case goes on', async () => {
    const { caseId, taskId, manager } = await caseInFirstContact();
    const before = await t.store.caseHistory.countDocuments({ caseId });
    const forged = { reportId: randomUUID(), reportedBy: 'sup-spb-north', event: { type: 'intent-to-abandon', occurredOn: '2026-11-22' } };
    await t.rawTemporal.workflow.getHandle(caseWorkflowId(caseId as never)).signal(familyEventSignal, forged as never);
    // The same event through the API would convene an urgent conference and open an urgent visit within a second or two.
    await sleep(3_000);
    expect(await t.store.caseHistory.countDocuments({ caseId })).toBe(before);
    expect(await t.store.conferences.countDocuments({ caseId })).toBe(0);
    expect(await t.store.tasks.countDocuments({ caseId, type: 'contact' })).toBe(0);
    // Not stalled: the case manager's next step is taken at once.
    expect((await cw.complete(taskId, manager, FORMS.firstContact)).status).toBe(200);
    await cw.openTask(caseId, 'needs-assessment');
  });

  it('a forged update is rejected before anything is written', async () => {
    const { caseId, taskId, manager } = await caseInFirstContact();
    const forged = t.rawTemporal.workflow
      .getHandle(caseWorkflowId(caseId as never))
      .executeUpdate(completeTaskUpdate, { args: [{ taskId, completedBy: manager, roles: ['caseworker'], form: FORMS.firstContact }] as never });
    await expect(forged).rejects.toThrow();
    expect(await t.store.tasks.findById(taskId).lean()).toMatchObject({ status: 'open' });
    expect((await cw.complete(taskId, manager, FORMS.firstContact)).status).toBe(200);
  });

  it('a forged cancel does not end a conference', async () => {
    const { caseId } = await caseInFirstContact();
    const convened = await cw.api('POST', `/cases/${caseId}/conferences`, 'sup-spb-north', { reason: 'the family needs a team' });
    expect(convened.status).toBe(202);
    const conferenceId = convened.body.conferenceId as ConferenceId;
    await eventually(async () => (await t.store.conferences.findById(conferenceId).lean())?.state === 'collecting-input', 'the conference collecting input');
    await t.rawTemporal.workflow.getHandle(conferenceWorkflowId(conferenceId)).signal(cancelConferenceSignal);
    await t.rawTemporal.workflow.getHandle(conferenceWorkflowId(conferenceId)).signal(cancelConferenceSignal, { caseId } as never);
    await sleep(2_000);
    expect((await t.store.conferences.findById(conferenceId).lean())?.state).toBe('collecting-input');
    const described = await t.temporal.workflow.getHandle(conferenceWorkflowId(conferenceId)).describe();
    expect(described.status.name).toBe('RUNNING');
    expect((await cw.api('POST', `/conferences/${conferenceId}/input`, 'psy-nevsky-1', { input: 'seen the mother twice' })).status).toBe(200);
  });
});

describe("the Web UI's codec server", () => {
  async function anEncryptedPayload(caseId: string) {
    const history = await t.rawTemporal.workflow.getHandle(caseWorkflowId(caseId as never)).fetchHistory();
    const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    const b64 = (u: Uint8Array | null | undefined) => Buffer.from(u ?? new Uint8Array()).toString('base64');
    return { metadata: Object.fromEntries(Object.entries(input.metadata ?? {}).map(([k, v]) => [k, b64(v)])), data: b64(input.data) };
  }
  const decode = async (token: string | undefined, payloads: unknown[]) =>
    http('POST', `${t.system.codecUrl}/decode`, { ...(token ? { token } : {}), body: { payloads } });

  it('decodes for ops only, and audits each decode', async () => {
    const { caseId } = await caseInFirstContact();
    const payload = await anEncryptedPayload(caseId);
    expect(Buffer.from(payload.data, 'base64').toString('latin1')).not.toContain(caseId);

    expect((await decode(undefined, [payload])).status).toBe(401);
    expect((await decode(await t.tokenFor('sup-spb-north', 'codec'), [payload])).status).toBe(403);
    expect((await decode(await t.tokenFor('ops-1', 'casework'), [payload])).status).toBe(401); // another API's token
    await t.auditSealed();
    const auditBefore = await t.store.audit.countDocuments({ action: 'decode-payloads', actor: 'ops-1' });

    const decoded = await decode(await t.tokenFor('ops-1', 'codec'), [payload]);
    expect(decoded.status).toBe(200);
    expect(Buffer.from(decoded.body.payloads[0].data, 'base64').toString()).toContain(caseId);
    await t.auditSealed();
    expect(await t.store.audit.countDocuments({ action: 'decode-payloads', actor: 'ops-1' })).toBe(auditBefore + 1);

    // It never encodes: nothing typed into the UI reaches a workflow through it.
    expect((await http('POST', `${t.system.codecUrl}/encode`, { token: await t.tokenFor('ops-1', 'codec'), body: { payloads: [] } })).status).toBe(404);
  });
});
