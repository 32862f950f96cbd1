import { caseWorkflowId, conferenceWorkflowId } from '@continuum/domain';
import type { ConferenceDoc } from '@continuum/store';
import { casework } from '../harness/casework';
import { FORMS } from '../harness/forms';
import { driveToFollowUp, statusOf } from '../harness/lifecycle';
import { caseEvents } from '../harness/nats-reader';
import { abandonmentReferral, hivReferral, CONFERENCE_CONSENT } from '../harness/referrals';
import { eventually, openTestSystem, type OpenTestSystem } from '../harness/system';

/**
 * Multi-disciplinary case conferences through the real servers, in the training districts (drill policy
 * 2026.3: input due in 15 s, 10 s on the urgent path, a reminder 5 s before, rescheduled once by 10 s).
 */
describe('case conferences', () => {
  let t: OpenTestSystem;
  beforeAll(async () => (t = await openTestSystem()));
  afterAll(() => t.close());

  /** The conference as stored, with what was said in it (sealed under the case's key) opened. */
  const conferenceOf = async (conferenceId: string) => {
    const doc = (await t.store.conferences.findById(conferenceId).lean()) as (ConferenceDoc & { _id: string }) | null;
    return doc && t.vault.openWithin(doc.caseId, doc);
  };
  const conferenceEvents = async (caseId: string) => (await caseEvents(t.nats, caseId)).filter((e) => String(e.type).startsWith('conference.'));
  const inAnHour = (hours = 1) => new Date(Date.now() + hours * 3600_000).toISOString();

  it('the urgent path: an intent to abandon convenes a conference at once; a decline, inputs, and decisions that become tasks of the case', async () => {
    const cw = casework(t);
    const caseId = await cw.referAndAccept(
      abandonmentReferral({ district: 'kz-training', referredAt: new Date().toISOString(), riskFactors: ['teenage-mother'] }),
      'sup-kz-training',
    );
    const manager = await eventually(async () => (await t.store.cases.findById(caseId).lean())?.caseManager ?? undefined, 'a case manager');
    expect(manager).toBe('sw-kz-training-1');

    const signalledAt = Date.now();
    expect((await cw.api('POST', `/cases/${caseId}/events`, manager, { event: { type: 'intent-to-abandon', occurredOn: '2026-11-22' } })).status).toBe(202);
    const invited = await eventually(async () => {
      const events = (await conferenceEvents(caseId)).filter((e) => e.type === 'conference.invited');
      return events.length === 4 && events;
    }, 'four invitations');
    const invitationsAfterMs = Date.now() - signalledAt;
    process.stderr.write(`[conference] urgent path: intent to abandon reported → 4 invitations published in ${invitationsAfterMs} ms\n`);

    const conferenceId = invited[0]!.conferenceId as string;
    const conference = (await conferenceOf(conferenceId))!;
    expect(conference).toMatchObject({ caseId, trigger: 'intent-to-abandon', urgent: true, chair: 'sup-kz-training', state: 'collecting-input' });
    // Seated by discipline: the case manager, the district's doctor and officer, and the training city's psychologist.
    expect(conference.participants.map((p) => [p.discipline, p.staffId, p.fromCity])).toEqual([
      ['social-worker', 'sw-kz-training-1', false],
      ['primary-care-doctor', 'doc-kz-training', false],
      ['psychologist', 'psy-spb-training', true],
      ['child-protection-officer', 'cpo-kz-training', false],
    ]);
    // Urgent: input within the drill's 10 s (24 hours on the real policy), not the routine 15 s.
    expect(conference.inputDueAt.getTime() - conference.convenedAt.getTime()).toBe(10_000);
    expect(invited.map((e) => e.participantId).sort()).toEqual(['cpo-kz-training', 'doc-kz-training', 'psy-spb-training', 'sw-kz-training-1']);
    // One input task per participant, whatever order they were written in.
    const inputTasks = await t.store.tasks.find({ conferenceId, type: 'conference-input' }).sort({ assigneeId: 1 }).lean();
    expect(inputTasks.map((task) => [task.assigneeId, task.status, task.priority, task.dueAt.getTime()])).toEqual(
      conference.participants.map((p) => [p.staffId, 'open', 3, conference.inputDueAt.getTime()]).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)),
    );
    // The urgent visit opens too, and the conference is the case's child in Temporal, with its search attributes.
    expect(await t.store.tasks.countDocuments({ caseId, type: 'contact', subject: 'urgent-visit' })).toBe(1);
    const described = await t.temporal.workflow.getHandle(conferenceWorkflowId(conferenceId)).describe();
    expect(described.parentExecution?.workflowId).toBe(caseWorkflowId(caseId));
    expect(described.searchAttributes).toMatchObject({ CaseDistrict: ['kz-training'], ConferenceUrgency: ['urgent'] });
    expect(described.searchAttributes).not.toHaveProperty('CaseProgramme'); // the programme's name would tell of a diagnosis

    // The psychologist (from another district: her invitation is her access) declines, once.
    const decline = await cw.api('POST', `/conferences/${conferenceId}/decline`, 'psy-spb-training', { reason: 'on leave this week' });
    expect(decline.status).toBe(200);
    expect(decline.body).toEqual({ state: 'collecting-input', quorumMet: false });
    expect((await cw.api('POST', `/conferences/${conferenceId}/decline`, 'psy-spb-training', { reason: 'on leave this week' })).status).toBe(409);
    expect((await cw.api('POST', `/conferences/${conferenceId}/input`, 'sw-kz-training-1', { input: 'x' })).status).toBe(400);
    expect((await cw.api('POST', `/conferences/${conferenceId}/input`, 'sup-almaty', { input: 'not my district' })).status).toBe(404);

    // Input through the conference API, and through the task inbox (the same Update).
    expect(
      (await cw.api('POST', `/conferences/${conferenceId}/input`, manager, { input: 'Mother is 17, lives with her aunt, wants to keep the baby if housed.' }))
        .status,
    ).toBe(200);
    expect(
      (
        await cw.api('POST', `/conferences/${conferenceId}/input`, 'doc-kz-training', {
          input: 'Newborn healthy; mother anaemic, follow-up at the polyclinic.',
        })
      ).status,
    ).toBe(200);
    const officerTask = inputTasks.find((task) => task.assigneeId === 'cpo-kz-training')!;
    const viaInbox = await cw.complete(officerTask._id, 'cpo-kz-training', {
      input: 'No child-protection record; supports family placement.',
      recommendsClosure: false,
    });
    expect(viaInbox.status).toBe(200);
    await eventually(async () => (await conferenceOf(conferenceId))?.state === 'ready', 'quorum: the conference ready');

    // Only the chair (or a supervisor) decides; bad decisions are 400 and change nothing.
    const decisions = {
      minutes: 'Team met on the urgent path. Mother confirms she will keep the child if housing is arranged.',
      actionItems: [
        { action: 'Arrange a place in the mother-and-baby shelter', ownerId: manager, dueAt: inAnHour(1) },
        { action: 'Home visit by the polyclinic nurse', ownerId: 'doc-kz-training', dueAt: inAnHour(2) },
      ],
      riskLevel: 'high',
      planChanges: 'Add temporary housing and a weekly polyclinic visit to the plan.',
    };
    expect((await cw.api('POST', `/conferences/${conferenceId}/decisions`, manager, decisions)).status).toBe(403);
    expect((await cw.api('POST', `/conferences/${conferenceId}/decisions`, 'sup-kz-training', { ...decisions, minutes: undefined })).status).toBe(400);
    const strangerOwner = await cw.api('POST', `/conferences/${conferenceId}/decisions`, 'sup-kz-training', {
      ...decisions,
      actionItems: [{ ...decisions.actionItems[0], ownerId: 'sw-nevsky-1' }],
    });
    expect(strangerOwner.status).toBe(400);
    expect(strangerOwner.body.issues).toEqual([expect.objectContaining({ path: 'actionItems.0.ownerId' })]);
    const pastDue = await cw.api('POST', `/conferences/${conferenceId}/decisions`, 'sup-kz-training', {
      ...decisions,
      actionItems: [{ ...decisions.actionItems[0], dueAt: '2026-01-01T00:00:00Z' }],
    });
    expect(pastDue.status).toBe(400);
    expect((await conferenceOf(conferenceId))?.state).toBe('ready');
    expect(await t.store.tasks.countDocuments({ caseId, type: 'action-item' })).toBe(0);

    const decided = await cw.api('POST', `/conferences/${conferenceId}/decisions`, 'sup-kz-training', decisions);
    expect(decided.status).toBe(200);
    expect((await cw.api('POST', `/conferences/${conferenceId}/decisions`, 'sup-kz-training', decisions)).status).toBe(409);

    // The case acts: two action items with their owners and deadlines, and the risk level the team set.
    const items = await eventually(async () => {
      const found = await t.store.tasks.find({ caseId, type: 'action-item' }).sort({ dueAt: 1 }).lean();
      return found.length === 2 && found;
    }, 'two action items on the case');
    expect(items.map((task) => [task.assigneeId, task.dueAt.toISOString(), task.status, task.conferenceId])).toEqual(
      decisions.actionItems.map((a) => [a.ownerId, new Date(a.dueAt).toISOString(), 'open', conferenceId]),
    );
    await eventually(async () => (await t.store.cases.findById(caseId).lean())?.riskLevel === 'high', 'the case at the risk level the team set');
    expect((await statusOf(t, caseId)).conference).toEqual({ active: null, held: 1 });
    expect(await conferenceOf(conferenceId)).toMatchObject({
      state: 'decided',
      decisions: { minutes: decisions.minutes, riskLevel: 'high', proceededWithoutQuorum: null },
    });
    expect(await t.store.caseHistory.countDocuments({ caseId, type: 'support-plan-changed' })).toBe(1);

    // The doctor sees her action item and what to do, but not the case.
    const doctorsInbox = await cw.api('GET', '/tasks', 'doc-kz-training');
    expect(doctorsInbox.body.tasks.map((task: { type: string }) => task.type)).toEqual(['action-item']);
    expect((await cw.api('GET', `/tasks/${items[1]!._id}`, 'doc-kz-training')).body).toMatchObject({ action: decisions.actionItems[1]!.action, conferenceId });
    expect((await cw.api('GET', `/cases/${caseId}`, 'doc-kz-training')).status).toBe(403);
    const view = await cw.api('GET', `/cases/${caseId}`, 'sup-kz-training');
    expect(view.body.conferences).toEqual([expect.objectContaining({ conferenceId, trigger: 'intent-to-abandon', state: 'decided', urgent: true })]);
    expect((view.body.history as Array<{ type: string }>).map((h) => h.type)).toEqual(
      expect.arrayContaining(['conference-convened', 'conference-declined', 'conference-submitted', 'conference-decided']),
    );
    expect((await cw.complete(items[1]!._id, 'doc-kz-training', { outcome: 'done' })).status).toBe(200);

    // The bus carries ids and codes: no minutes, no input, no action.
    const events = await conferenceEvents(caseId);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['conference.convened', 'conference.answered', 'conference.state-changed', 'conference.decided']),
    );
    expect(
      events
        .filter((e) => e.type === 'conference.answered')
        .map((e) => e.answer)
        .sort(),
    ).toEqual(['declined', 'submitted', 'submitted', 'submitted']);
    const onTheBus = JSON.stringify(events);
    for (const text of [decisions.minutes, decisions.planChanges, decisions.actionItems[0]!.action, 'anaemic', 'on leave'])
      expect(onTheBus).not.toContain(text);
    const ended = await eventually(async () => {
      const d = await t.temporal.workflow.getHandle(conferenceWorkflowId(conferenceId)).describe();
      return d.status.name === 'COMPLETED' && d;
    }, 'the conference workflow completed');
    expect(ended.searchAttributes).toMatchObject({ ConferenceState: ['decided'], ConferenceUrgency: ['urgent'] });
  });

  it('requested by hand: without quorum it is rescheduled once and the supervisors told; then the chair proceeds and records why', async () => {
    const cw = casework(t);
    const caseId = await cw.referAndAccept(
      hivReferral({
        district: 'spb-training',
        referredAt: new Date().toISOString(),
        riskFactors: [],
        consent: { ...CONFERENCE_CONSENT, scope: [...CONFERENCE_CONSENT.scope] },
      }),
      'sup-spb-training',
    );
    const manager = await eventually(async () => (await t.store.cases.findById(caseId).lean())?.caseManager ?? undefined, 'a case manager');
    const reason = 'The family stopped answering after the move';

    expect((await cw.api('POST', `/cases/${caseId}/conferences`, 'coord-city', { reason })).status).toBe(403);
    expect((await cw.api('POST', `/cases/${caseId}/conferences`, 'aids-spb-training', { reason })).status).toBe(403);
    expect((await cw.api('POST', `/cases/${caseId}/conferences`, 'sup-spb-training', { reason: '' })).status).toBe(400);
    const other = manager === 'sw-spb-training-1' ? 'sw-spb-training-2' : 'sw-spb-training-1';
    expect((await cw.api('POST', `/cases/${caseId}/conferences`, other, { reason })).status).toBe(403); // not the case manager
    expect(await t.store.conferences.countDocuments({ caseId })).toBe(0);

    const convened = await cw.api('POST', `/cases/${caseId}/conferences`, 'sup-spb-training', { reason });
    expect(convened.status).toBe(202);
    const { conferenceId } = convened.body as { conferenceId: string };
    expect((await cw.api('POST', `/cases/${caseId}/conferences`, manager, { reason })).status).toBe(409); // one at a time
    const conference = await eventually(() => conferenceOf(conferenceId).then((c) => c ?? undefined), 'the conference stored');
    expect(conference).toMatchObject({
      trigger: 'requested',
      requestedBy: 'sup-spb-training',
      urgent: false,
      reason,
      quorum: ['social-worker', 'psychologist', 'aids-center-specialist'],
    });
    expect(conference.participants.map((p) => [p.discipline, p.staffId, p.fromCity])).toEqual([
      ['social-worker', manager, false],
      ['psychologist', 'psy-spb-training', false],
      ['womens-clinic-doctor', 'wcl-spb-training', false],
      ['childrens-polyclinic-doctor', 'pcl-spb-training', false],
      ['infectious-disease-specialist', 'idd-spb-training', false],
      ['aids-center-specialist', 'aids-spb-training', false],
    ]);
    expect(conference.inputDueAt.getTime() - conference.convenedAt.getTime()).toBe(15_000);

    // The case manager writes; the psychologist, a quorum discipline, declines; nobody else answers.
    expect((await cw.api('POST', `/conferences/${conferenceId}/input`, manager, { input: 'Three contacts missed since the family moved flats.' })).status).toBe(
      200,
    );
    expect((await cw.api('POST', `/conferences/${conferenceId}/decline`, 'psy-spb-training', { reason: 'conflict of interest' })).status).toBe(200);
    expect((await cw.api('POST', `/conferences/${conferenceId}/input`, other, { input: 'not invited' })).status).toBe(403);

    // A reminder 5 s before the deadline, to those who have not answered.
    const reminded = await eventually(
      async () => {
        const reminders = (await conferenceEvents(caseId)).filter((e) => e.type === 'conference.reminder');
        return reminders.length === 4 && reminders;
      },
      'four reminders',
      20_000,
    );
    expect(reminded.map((e) => e.participantId).sort()).toEqual(['aids-spb-training', 'idd-spb-training', 'pcl-spb-training', 'wcl-spb-training']);
    expect(Date.parse(reminded[0]!.occurredAt)).toBeGreaterThanOrEqual(conference.inputDueAt.getTime() - 5_000);

    // The deadline passes without quorum: rescheduled once by 10 s, the supervisors told, the open tasks moved.
    const rescheduled = await eventually(
      async () => {
        const c = await conferenceOf(conferenceId);
        return c?.state === 'rescheduled' && c;
      },
      'the conference rescheduled',
      30_000,
    );
    expect(rescheduled.inputDueAt.getTime()).toBeGreaterThan(conference.inputDueAt.getTime());
    // The events go out last in the activity that reschedules: once they are on the bus, all of it is written.
    const failed = await eventually(async () => {
      const events = await conferenceEvents(caseId);
      return events.some((e) => e.type === 'conference.rescheduled') && events.filter((e) => e.type === 'conference.quorum-failed');
    }, 'the rescheduling published');
    // On the bus the AIDS Center's seat is a doctor's, like any medical seat (the supervisors read the conference for whose).
    expect(failed).toEqual([expect.objectContaining({ conferenceId, missing: ['psychologist', 'doctor'], rescheduled: true, district: 'spb-training' })]);
    const stillOpen = await t.store.tasks.find({ conferenceId, status: 'open' }).lean();
    expect(stillOpen.map((task) => task.assigneeId).sort()).toEqual(['aids-spb-training', 'idd-spb-training', 'pcl-spb-training', 'wcl-spb-training']);
    for (const task of stillOpen) expect(task.dueAt.getTime()).toBe(rescheduled.inputDueAt.getTime());

    // The second deadline passes too: it waits for the chair, and the supervisors are told again.
    await eventually(async () => (await conferenceOf(conferenceId))?.state === 'no-quorum', 'no quorum after the second deadline', 30_000);
    const toldTwice = await eventually(async () => {
      const told = (await conferenceEvents(caseId)).filter((e) => e.type === 'conference.quorum-failed');
      return told.length === 2 && told;
    }, 'the supervisors told again');
    expect(toldTwice.map((e) => e.rescheduled)).toEqual([true, false]);

    // The chair proceeds only with a reason.
    const decisions = { minutes: 'Proceeded with the social worker alone.', closureRecommendation: 'moved-away' };
    const noReason = await cw.api('POST', `/conferences/${conferenceId}/decisions`, 'sup-spb-training', decisions);
    expect(noReason.status).toBe(400);
    expect(noReason.body.issues).toEqual([expect.objectContaining({ path: 'proceedWithoutQuorum' })]);
    const why = 'The family left the city; waiting longer helps nobody';
    expect((await cw.api('POST', `/conferences/${conferenceId}/decisions`, 'sup-spb-training', { ...decisions, proceedWithoutQuorum: why })).status).toBe(200);
    expect(await conferenceOf(conferenceId)).toMatchObject({
      state: 'decided',
      decisions: { proceededWithoutQuorum: why, closureRecommendation: 'moved-away' },
    });
    expect(await t.store.tasks.countDocuments({ conferenceId, status: 'open' })).toBe(0);
    // The closure recommendation reaches the case as a proposal for the supervisor.
    const approval = await cw.openTask(caseId, 'closure-approval');
    expect(approval.subject).toBe('moved-away');
    expect((await conferenceEvents(caseId)).find((e) => e.type === 'conference.decided')).toMatchObject({
      withoutQuorum: true,
      closureRecommended: true,
      actionItems: 0,
    });
    expect((await cw.api('POST', `/conferences/${conferenceId}/input`, 'aids-spb-training', { input: 'late' })).status).toBe(409);

    // Lists: past for the district's staff; a participant from the city sees hers; another district sees nothing.
    const past = await cw.api('GET', '/conferences?when=past', 'sup-spb-training');
    expect(past.body.conferences.map((c: { conferenceId: string }) => c.conferenceId)).toContain(conferenceId);
    expect(
      (await cw.api('GET', '/conferences?when=past', 'aids-spb-training')).body.conferences.map((c: { conferenceId: string }) => c.conferenceId),
    ).toContain(conferenceId);
    expect((await cw.api('GET', '/conferences?when=past', 'sup-almaty')).body.conferences.map((c: { conferenceId: string }) => c.conferenceId)).not.toContain(
      conferenceId,
    );
    expect((await cw.api('GET', `/conferences/${conferenceId}`, 'sup-almaty')).status).toBe(404);
    expect((await cw.api('GET', '/conferences/not-an-id', 'sup-spb-training')).status).toBe(400);
    expect((await cw.api('GET', `/conferences/${conferenceId.replace(/-\d+$/, '-99')}`, 'sup-spb-training')).status).toBe(404);
    expect((await cw.api('GET', '/conferences?when=soon', 'sup-spb-training')).status).toBe(400);
  });

  it('contacts missed in a row convene one; a trigger while it is open joins its agenda', async () => {
    const cw = casework(t);
    const { caseId, manager } = await driveToFollowUp(
      t,
      abandonmentReferral({ district: 'kz-training', referredAt: new Date().toISOString(), riskFactors: [] }),
      { supervisor: 'sup-kz-training' },
    );
    const notReached = { ...FORMS.contact, outcome: 'not-reached' };
    await cw.completeNext(caseId, 'contact', manager, notReached);
    expect(await t.store.conferences.countDocuments({ caseId })).toBe(0); // one is not a pattern
    const second = await eventually(async () => (await t.store.tasks.find({ caseId, type: 'contact', status: 'open' }).lean())[0], 'the next contact');
    expect((await cw.complete(second._id, manager, notReached)).status).toBe(200);
    const conference = await cw.conference({ caseId }, 'a missed-contacts conference');
    expect(conference).toMatchObject({ trigger: 'missed-contacts', urgent: false });

    // The child is placed in care while the conference is open: it joins the agenda, no second conference.
    expect(
      (await cw.api('POST', `/cases/${caseId}/events`, manager, { event: { type: 'child-placed-in-care', occurredOn: '2026-11-22', childIndex: 0 } })).status,
    ).toBe(202);
    await eventually(
      async () => (await t.store.conferences.findById(conference._id).lean())?.alsoTriggeredBy?.includes('child-placed-in-care'),
      'the placement on the agenda',
    );
    expect(await t.store.conferences.countDocuments({ caseId })).toBe(1);
    expect(await t.store.tasks.countDocuments({ caseId, type: 'case-review', subject: 'child-placed-in-care' })).toBe(1);
  });

  it('a review conference is convened during follow-up, on the policy’s schedule', async () => {
    const cw = casework(t);
    const { caseId } = await driveToFollowUp(t, abandonmentReferral({ district: 'kz-training', referredAt: new Date().toISOString(), riskFactors: [] }), {
      supervisor: 'sup-kz-training',
    });
    const review = (await statusOf(t, caseId)).scheduled?.find((s) => s.what === 'review-conference');
    expect(review?.dueAt).toBeDefined(); // 12 s into follow-up in the drill (182 days on the real policy)
    const conference = await cw.conference({ caseId }, 'the review conference', 30_000);
    expect(conference).toMatchObject({ trigger: 'scheduled-review', urgent: false });
    expect(conference.convenedAt.getTime()).toBeGreaterThanOrEqual(Date.parse(review!.dueAt!));
  });

  it('a closed case cancels its open conference', async () => {
    const cw = casework(t);
    const caseId = await cw.referAndAccept(
      hivReferral({ district: 'spb-training', referredAt: new Date().toISOString(), riskFactors: [] }),
      'sup-spb-training',
    );
    const convened = await cw.api('POST', `/cases/${caseId}/conferences`, 'sup-spb-training', { reason: 'review the first contact' });
    expect(convened.status).toBe(202);
    const proposed = await cw.api('POST', `/cases/${caseId}/closure`, 'sup-spb-training', { outcome: 'refused', reason: 'the mother refused support' });
    await cw.complete(proposed.body.taskId, 'sup-spb-training', FORMS.approve);
    await eventually(async () => (await conferenceOf(convened.body.conferenceId))?.state === 'cancelled', 'the conference cancelled');
    expect(await t.store.tasks.countDocuments({ conferenceId: convened.body.conferenceId, status: 'open' })).toBe(0);
  });
});
