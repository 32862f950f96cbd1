import { caseWorkflowId, conferenceWorkflowId, type CaseId, type ConferenceId } from '@continuum/domain';
import { casework } from '../../harness/casework';
import { abandonmentReferral, hivReferral } from '../../harness/referrals';
import { eventually, type OpenTestSystem } from '../../harness/system';

/** The facility the webhook route is aimed at: one of these tests' own, so no other test's webhook moves. */
export const FIXTURE_FACILITY = 'bad-input-clinic';
/** The member of staff whose notification channel the preference route is aimed at. */
export const CHANNEL_OWNER = 'sw-nevsky-2';
/** The channels a bad request could move: the fixture's, the facility of another district, and a real one of spb-nevsky. */
const CHANNELS = [`staff:${CHANNEL_OWNER}`, `facility:${FIXTURE_FACILITY}`, 'facility:kz-almaty-polyclinic-5', 'facility:spb-maternity-16'];

/**
 * What the bad casework requests are aimed at: a case of spb-nevsky at rest, its first-contact task open
 * and assigned to the case manager, and an open conference on it with its input tasks. Every object a
 * route can touch is here, so a bad request can get as far as the check of its body. And a case of
 * Kazakhstan with its first-contact task (`foreign`), which spb-nevsky's staff may not touch.
 */
export async function caseworkFixture(t: OpenTestSystem) {
  const cw = casework(t);
  await t.store.facilities.updateOne(
    { _id: FIXTURE_FACILITY },
    { $set: { name: 'Bad-input test clinic', kind: 'maternity-ward', district: 'spb-nevsky' } },
    { upsert: true },
  );
  const recently = new Date(Date.now() - 60_000).toISOString();
  // Urgent: accepted at once, so it needs no review by Kazakhstan's supervisor.
  const foreignCaseId = (await cw.refer(abandonmentReferral({ referredAt: recently, urgent: true }))) as CaseId;
  const caseId = (await cw.referAndAccept(hivReferral({ referredAt: recently }), 'sup-spb-north')) as CaseId;
  const firstContact = (id: CaseId) =>
    eventually(async () => {
      const open = await t.store.tasks.findOne({ caseId: id, type: 'first-contact', status: 'open' }).lean();
      return open?.assigneeId ? open : undefined;
    }, `the assigned first-contact task of ${id}`);
  const task = await firstContact(caseId);
  const foreignTask = await firstContact(foreignCaseId);

  const convened = await cw.api('POST', `/cases/${caseId}/conferences`, 'sup-spb-north', { reason: 'bad-input fixture' });
  if (convened.status !== 202) throw new Error(`convening: ${convened.status} ${JSON.stringify(convened.body)}`);
  const conferenceId = convened.body.conferenceId as ConferenceId;
  const conference = await eventually(async () => {
    const doc = await t.store.conferences.findById(conferenceId).lean();
    return doc && (await t.store.tasks.countDocuments({ conferenceId, type: 'conference-input' })) === doc.participants.length ? doc : undefined;
  }, `the conference ${conferenceId} with its input tasks`);

  const fixture = {
    caseId,
    taskId: task._id as string,
    manager: task.assigneeId as string,
    conferenceId,
    participants: conference.participants.map((p) => p.staffId),
    inputTaskId: conference.participants[0]!.taskId,
    facilityId: FIXTURE_FACILITY,
    foreign: { caseId: foreignCaseId, taskId: foreignTask._id as string },
  };

  /** Everything a request on the fixture could change, as stored and as Temporal holds it (the foreign case's store too). */
  async function snapshot() {
    await t.auditSealed();
    const cases = { $in: [caseId, foreignCaseId] };
    const [caseDocs, tasks, history, audit, conferenceDoc, claims, channels, caseRun, conferenceRun] = await Promise.all([
      t.store.cases.find({ _id: cases }).sort({ _id: 1 }).lean(),
      t.store.tasks.find({ caseId: cases }).sort({ _id: 1 }).lean(),
      t.store.caseHistory.find({ caseId: cases }).sort({ _id: 1 }).lean(),
      t.store.audit.find({ caseId: cases }).sort({ _id: 1 }).lean(),
      t.store.conferences.findById(conferenceId).lean(),
      t.store.taskClaims
        .find({ taskId: { $regex: `^task-(${caseId.slice(5)}|${foreignCaseId.slice(5)})` } })
        .sort({ _id: 1 })
        .lean(),
      t.store.channelPreferences
        .find({ _id: { $in: CHANNELS } })
        .sort({ _id: 1 })
        .lean(),
      t.temporal.workflow.getHandle(caseWorkflowId(caseId)).describe(),
      t.temporal.workflow.getHandle(conferenceWorkflowId(conferenceId)).describe(),
    ]);
    // A signal or an Update that got through shows in the histories even before anything is stored.
    return {
      caseDocs,
      tasks,
      history,
      audit,
      conferenceDoc,
      claims,
      channels,
      caseEvents: caseRun.historyLength,
      conferenceEvents: conferenceRun.historyLength,
    };
  }

  /** Waits until two snapshots a second apart agree: the workflows have done what the set-up started. */
  async function settled() {
    let last = JSON.stringify(await snapshot());
    return eventually(async () => {
      await new Promise((r) => setTimeout(r, 1000));
      const now = await snapshot();
      const same = JSON.stringify(now) === last;
      last = JSON.stringify(now);
      return same ? now : undefined;
    }, 'the fixture at rest');
  }

  return { ...fixture, snapshot, settled };
}
export type CaseworkFixture = Awaited<ReturnType<typeof caseworkFixture>>;
