import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { casework } from '../harness/casework';
import { caseEvents } from '../harness/nats-reader';
import { hivReferral } from '../harness/referrals';
import { eventually, openTestSystem, type OpenTestSystem } from '../harness/system';

/**
 * The codes that tell of HIV: the programme and its policies, the infant test and its milestones, the
 * positive-child trigger, the HIV need areas, services and risk factor, the AIDS Center and infectious disease
 * seats, a child's test result. Written out here, not read from the code, so a code the code forgets fails.
 */
const REVEALING =
  /^(hiv-family-follow-up|spb-20\d\d\.\d+(-drill)?|infant-test|pcr-[a-z0-9-]+|child-hiv-positive|artAdherence|pmtct|art-adherence-support|art-non-adherence|aids-center-specialist|infectious-disease-specialist|family-event:child-hiv-test-result)$/;

/** Every key and string value of an answer that is one of those codes (mentions in the text around them count too). */
function revealingIn(value: unknown, at = '$'): string[] {
  if (typeof value === 'string')
    return REVEALING.test(value) || /\b(hiv-family-follow-up|infant-test|child-hiv-positive|aids-center-specialist)\b/.test(value) ? [`${at}: ${value}`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => revealingIn(v, `${at}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [...(REVEALING.test(k) ? [`${at}.${k} (key)`] : []), ...revealingIn(v, `${at}.${k}`)]);
  return [];
}

describe('nothing tells of HIV to whom the consent does not reach', () => {
  let t: OpenTestSystem;
  beforeAll(async () => (t = await openTestSystem()));
  afterAll(() => t.close());

  it('the district staff outside the consent, the bus and the mail get neutral codes; a partner the consent reaches gets them as they are', async () => {
    const cw = casework(t);
    // The mother consented to case conferences only: partners may sit on them, the social service works without her status.
    const consent = { granted: true, scope: ['case-conference' as const], signedOn: '2026-11-19', signedBy: 'mother' as const };
    const referral = hivReferral({ district: 'spb-training', referredAt: new Date().toISOString(), consent });
    const { caseId, manager } = await cw.inFirstContact(referral, 'sup-spb-training');
    // The HIV-exposed child's first test milestone (6 s after the referral in the drill) becomes the manager's task.
    const infantTest = await cw.openTask(caseId, 'infant-test');
    // A positive result convenes a conference, with the AIDS Center's specialist seated.
    const today = new Date().toISOString().slice(0, 10);
    const reported = await cw.api('POST', `/cases/${caseId}/events`, 'sup-spb-training', {
      event: { type: 'child-hiv-test-result', occurredOn: today, childIndex: 0, result: 'positive', test: 'pcr', milestone: '6-weeks' },
    });
    expect(reported.status).toBe(202);
    const conference = await cw.conference({ caseId, trigger: 'child-hiv-positive' }, 'the conference on the positive result');
    const aids = conference.participants.find((p) => p.discipline === 'aids-center-specialist');
    expect(aids).toBeDefined();

    // What the manager and the supervisor read, answer by answer (of a list, this case's entries: other cases' consents are theirs).
    const reads: Array<[string, string, string?]> = [
      [manager, `/cases/${caseId}`],
      [manager, `/tasks/${infantTest._id}`],
      [manager, '/tasks?filter=mine&limit=200', 'tasks'],
      ['sup-spb-training', `/cases/${caseId}`],
      ['sup-spb-training', '/cases?limit=200', 'cases'],
      ['sup-spb-training', '/tasks?district=spb-training&limit=200', 'tasks'],
      ['sup-spb-training', '/conferences?limit=200', 'conferences'],
      ['sup-spb-training', `/conferences/${conference._id}`],
    ];
    for (const [reader, path, list] of reads) {
      const answer = await cw.api('GET', path, reader);
      expect({ reader, path, status: answer.status }).toEqual({ reader, path, status: 200 });
      const read = list ? (answer.body[list] as Array<{ caseId: string }>).filter((entry) => entry.caseId === caseId) : answer.body;
      if (list) expect({ reader, path, entries: read.length > 0 }).toEqual({ reader, path, entries: true });
      expect({ reader, path, revealing: revealingIn(read) }).toEqual({ reader, path, revealing: [] });
    }
    const view = (await cw.api('GET', `/cases/${caseId}`, manager)).body;
    expect(view).toMatchObject({ programme: 'withheld', policyVersion: 'withheld', hivStatusDisclosed: false });
    expect(view.tasks.find((task: { taskId: string }) => task.taskId === infantTest._id)).toMatchObject({ type: 'contact', subject: null });
    expect(view.conferences.find((c: { conferenceId: string }) => c.conferenceId === conference._id)).toMatchObject({ trigger: 'requested' });
    const seats = (await cw.api('GET', `/conferences/${conference._id}`, 'sup-spb-training')).body.participants;
    expect(seats.find((p: { staffId: string }) => p.staffId === aids!.staffId)).toMatchObject({ discipline: 'doctor' });

    // The specialist the consent reaches reads her conference as it is.
    const asSeated = await cw.api('GET', `/conferences/${conference._id}`, aids!.staffId);
    expect(asSeated.status).toBe(200);
    expect(asSeated.body).toMatchObject({ trigger: 'child-hiv-positive', programme: 'hiv-family-follow-up' });

    // The bus: the infant test went out as a contact, the conference as requested, and nothing names the programme.
    const events = await eventually(async () => {
      const found = await caseEvents(t.nats, caseId);
      return found.some((e) => e.type === 'conference.invited' && e.participantId === aids!.staffId) ? found : undefined;
    }, "the AIDS Center specialist's invitation on the bus");
    expect(events.find((e) => e.type === 'task.created' && e.taskId === infantTest._id)).toMatchObject({ taskType: 'contact' });
    expect(events.find((e) => e.type === 'conference.convened')).toMatchObject({ trigger: 'requested' });
    expect(events.find((e) => e.type === 'conference.invited' && e.participantId === aids!.staffId)).toMatchObject({ discipline: 'doctor' });
    expect(revealingIn(events)).toEqual([]);
    expect(events.filter((e) => 'programme' in e || 'policyVersion' in e || 'eventType' in e)).toEqual([]);

    // The mail: the manager was told of her new task (as a contact) and the specialist of her seat, in neutral words.
    const mails = () =>
      existsSync(t.system.mailDir)
        ? readdirSync(t.system.mailDir).map((f) => JSON.parse(readFileSync(join(t.system.mailDir, f), 'utf8')) as { subject: string; text: string })
        : [];
    const ofCase = await eventually(async () => {
      const found = mails().filter((m) => m.subject.includes(caseId) || m.text.includes(caseId));
      return found.some((m) => m.text.includes(conference._id)) && found.some((m) => m.subject.startsWith('[Continuum] New task: contact')) ? found : undefined;
    }, 'the task and invitation mails');
    expect(revealingIn(ofCase.map((m) => [m.subject, m.text]))).toEqual([]);
  });
});
