import { randomBytes } from 'node:crypto';
import { FORMS } from '../harness/forms';
import { intFlag, type Bench } from './support/bench';
import { runConcurrently } from './support/fixed-rate';
import { ticker } from './support/progress';
import { benchReferral } from './support/referral-source';
import { figure, type Figure } from './support/result';
import { percentiles } from './support/stats';

/**
 * The whole path, as a district's staff and a facility's system drive it, through the APIs only: a referral,
 * its review, first contact, needs assessment, support plan and its approval, then a closure asked for and
 * approved. `--whole-path-families` families (both programmes in turn, the real policies of real districts)
 * at `--whole-path-clients` concurrent clients; each client waits for a task the way a client can, reading the
 * case (GET /cases/{id} lists its tasks) every `--whole-path-poll-ms`. Reports the wall time and every route's latency.
 */
export const wholePathBench: Bench = {
  name: 'whole-path',
  title: 'Whole path: families from referral to closure through the API, at concurrent clients',
  flags: { 'whole-path-families': '500', 'whole-path-clients': '8', 'whole-path-poll-ms': '1000' },
  async run({ t, flags, say }) {
    const started = Date.now();
    const families = intFlag(flags, 'whole-path-families', 500);
    const clients = intFlag(flags, 'whole-path-clients', 8);
    const pollMs = intFlag(flags, 'whole-path-poll-ms', 1000);
    const run = randomBytes(3).toString('hex');
    const latencies = new Map<string, number[]>();
    let closed = 0;
    let polls = 0;

    /** One API call, timed under its route; anything but the expected status stops the family with the answer. */
    async function call(route: string, url: string, token: string, body?: unknown, expected: number[] = [200]): Promise<Record<string, unknown>> {
      const t0 = performance.now();
      const res = await fetch(url, {
        method: route.split(' ')[0],
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      (latencies.get(route) ?? latencies.set(route, []).get(route)!).push(performance.now() - t0);
      if (!expected.includes(res.status)) throw new Error(`${route} answered ${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
      return answer;
    }
    const casework = (path: string) => `${t.system.caseworkUrl}${path}`;
    type CaseView = { stage?: string; caseManager?: string | null; tasks?: Array<{ taskId: string; type: string; status: string }> };
    // A 404 right after the 202: the case workflow has not stored the case yet (a client reads again).
    const readCase = async (caseId: string, staff: string) =>
      (await call('GET /cases/{id}', casework(`/cases/${caseId}`), await t.tokenFor(staff), undefined, [200, 404])) as CaseView;
    /** Reads the case until `until` says what it waits for, as a client must. */
    async function waitFor<T>(caseId: string, staff: string, until: (c: CaseView) => T | undefined, what: string): Promise<T> {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const found = until(await readCase(caseId, staff));
        if (found !== undefined) return found;
        polls += 1;
        if (Date.now() > deadline) throw new Error(`${caseId}: no ${what} after 60 s`);
        await new Promise((r) => setTimeout(r, pollMs));
      }
    }
    const openTask = (type: string) => (c: CaseView) => {
      const task = c.tasks?.find((x) => x.type === type && x.status === 'open');
      return task?.taskId;
    };
    const complete = async (caseId: string, staff: string, type: string, form: unknown) => {
      const taskId = await waitFor(caseId, staff, openTask(type), `open ${type}`);
      await call('POST /tasks/{id}/complete', casework(`/tasks/${taskId}/complete`), await t.tokenFor(staff), { form });
    };

    async function family(i: number): Promise<void> {
      const { referral, supervisor } = benchReferral(i, `wp-${run}`);
      const { facilityId, ...form } = referral;
      const { caseId } = (await call('POST /referrals', `${t.system.intakeUrl}/referrals`, await t.facilityToken(facilityId), form, [202])) as {
        caseId: string;
      };
      await complete(caseId, supervisor, 'referral-review', FORMS.accept);
      const manager = await waitFor(caseId, supervisor, (c) => c.caseManager ?? undefined, 'case manager');
      await complete(caseId, manager, 'first-contact', FORMS.firstContact);
      await complete(caseId, manager, 'needs-assessment', FORMS.needs([]));
      await complete(caseId, manager, 'support-plan', FORMS.plan);
      await complete(caseId, supervisor, 'plan-approval', FORMS.approve);
      await waitFor(caseId, manager, (c) => (c.stage === 'follow-up' ? true : undefined), 'follow-up');
      await call(
        'POST /cases/{id}/closure',
        casework(`/cases/${caseId}/closure`),
        await t.tokenFor(manager),
        { outcome: 'completed-successfully', reason: 'the plan is done' },
        [202],
      );
      await complete(caseId, supervisor, 'closure-approval', { decision: 'approve' });
      await waitFor(caseId, supervisor, (c) => (c.stage === 'closed' ? true : undefined), 'closure');
      closed += 1;
    }

    const progress = ticker(() => `${closed}/${families} families closed (${clients} clients, ${polls} reads that found nothing yet)`, say);
    let failed = 0;
    let firstFailure: string | undefined;
    try {
      await runConcurrently(families, clients, (i) =>
        family(i).catch((err: Error) => {
          failed += 1;
          firstFailure ??= err.message;
        }),
      );
    } finally {
      progress.stop();
    }
    if (firstFailure) say(`first failure: ${firstFailure}`);
    const wallSeconds = (Date.now() - started) / 1000;
    const figures: Figure[] = [
      figure('families closed', closed, 'families', `of ${families}, at ${clients} concurrent clients; ${failed} failed`),
      figure('wall time', Math.round(wallSeconds), 's', `${(closed / wallSeconds).toFixed(2)} families a second`),
      figure('reads of a case that found nothing new yet', polls, 'reads', `every ${pollMs} ms while a client waits for the next task`),
    ];
    for (const [route, samples] of [...latencies].sort(([a], [b]) => a.localeCompare(b))) {
      const p = percentiles(samples);
      figures.push(figure(`${route} p99`, round(p.p99), 'ms', `p50 ${round(p.p50)} ms, p95 ${round(p.p95)} ms, max ${round(p.max)} ms; ${p.n} calls`));
    }
    return {
      bench: 'whole-path',
      title: wholePathBench.title,
      params: { families, clients, pollMs },
      figures,
      startedAt: new Date(started).toISOString(),
      seconds: wallSeconds,
    };
  },
};

const round = (x: number) => Math.round(x);
