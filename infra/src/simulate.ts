import type { JsonWebKey } from 'node:crypto';
import { join } from 'node:path';
import { API_AUDIENCES } from '@continuum/config';
import { PROGRAMME_RISK_FACTORS, type Programme } from '@continuum/domain';
import { devSecrets, readFacilityKeys } from './dev-secrets';
import { facilityAccessToken, staffAccessToken } from './oidc-client';
import { DEV_PORTS } from './ports';
import { FORMS } from './sample-forms';
import { seededRandom } from './seeded-random';
import { flag } from './cli-args';

const USAGE = `usage:
  npm run -s simulate -- --families N [--programme hiv|abandonment|both] [--concurrency 4] [--seed 1]
Drives a synthetic cohort through the public APIs in the training city, as its facilities and staff would: each
family is referred by a facility, reviewed by the training district's supervisor (about one in ten declined),
contacted by its case manager (about one in seven not reached the first time), assessed, given a plan and
approved, until its case is in follow-up. Progress goes to stderr, a summary to stdout. Only the training
districts (spb-training, kz-training) are used: no real city's report counts these cases. Uses INTAKE_URL,
CASEWORK_URL and OIDC_ISSUER (default: npm start's), the identity provider's development password and the
facilities' keys of CONTINUUM_DATA_DIR (.data).`;

/** The training districts, who refers into each, and who supervises it (the demo data's). */
const TRAINING: Record<'hiv' | 'abandonment', { programme: Programme; district: string; facility: string; supervisor: string }> = {
  hiv: { programme: 'hiv-family-follow-up', district: 'spb-training', facility: 'spb-maternity-16', supervisor: 'sup-spb-training' },
  abandonment: { programme: 'abandonment-prevention', district: 'kz-training', facility: 'kz-almaty-polyclinic-5', supervisor: 'sup-kz-training' },
};

type Outcome = 'in follow-up' | 'declined' | 'not reached yet' | 'failed';
interface OpenTask {
  taskId: string;
  type: string;
  assigneeId: string | null;
  doneBy: string[];
}

export interface SimulationOptions {
  families: number;
  programmes: Array<keyof typeof TRAINING>;
  concurrency: number;
  seed: number;
  intakeUrl: string;
  caseworkUrl: string;
  issuer: string;
  password: string;
  facilityKeys: Record<string, JsonWebKey>;
  say: (line: string) => void;
}

/** Runs the simulation; answers how many families ended where. */
export async function simulate(o: SimulationOptions): Promise<Record<Outcome, number>> {
  const random = seededRandom(o.seed);
  const run = `${o.seed}-${Date.now().toString(36)}`;
  const tally: Record<Outcome, number> = { 'in follow-up': 0, declined: 0, 'not reached yet': 0, failed: 0 };
  let referred = 0;
  const errors: string[] = [];

  // Tokens from the identity provider, kept for 14 of their 15 minutes.
  const tokens = new Map<string, { token: Promise<string>; until: number }>();
  const token = (key: string, get: () => Promise<{ accessToken: string }>) => {
    const hit = tokens.get(key);
    if (hit && hit.until > Date.now()) return hit.token;
    const fresh = get().then((t) => t.accessToken);
    tokens.set(key, { token: fresh, until: Date.now() + 14 * 60_000 });
    return fresh;
  };
  const staffToken = (staffId: string) =>
    token(`staff:${staffId}`, () => staffAccessToken({ issuer: o.issuer, staffId, password: o.password, audience: API_AUDIENCES.casework }));
  const facilityToken = (facilityId: string) => {
    const privateJwk = o.facilityKeys[facilityId];
    if (!privateJwk) throw new Error(`no client key for ${facilityId} in the identity folder`);
    return token(`facility:${facilityId}`, () => facilityAccessToken({ issuer: o.issuer, facilityId, privateJwk, audience: API_AUDIENCES.intake }));
  };
  const call = async (method: string, url: string, bearer: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (!res.ok) throw new Error(`${method} ${new URL(url).pathname} answered ${res.status}: ${JSON.stringify(answer).slice(0, 300)}`);
    return answer ?? {};
  };
  const casework = async (method: string, path: string, staffId: string, body?: unknown) =>
    call(method, `${o.caseworkUrl}${path}`, await staffToken(staffId), body, body === undefined ? {} : { prefer: 'wait=10' });

  /** The case's open tasks, as its supervisor sees them, once the case has opened some. */
  async function openTasks(caseId: string, supervisor: string): Promise<OpenTask[]> {
    for (let waited = 0; waited < 30_000; waited += 250) {
      const page = (await casework('GET', `/tasks?caseId=${caseId}&status=open&limit=50`, supervisor)) as { tasks?: OpenTask[] };
      if (page.tasks?.length) return page.tasks;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${caseId} opened no task within 30 s`);
  }

  async function family(i: number): Promise<Outcome> {
    const where = TRAINING[o.programmes[i % o.programmes.length]!];
    const hiv = where.programme === 'hiv-family-follow-up';
    const bornDaysAgo = 1 + Math.floor(random() * 20);
    const factors = PROGRAMME_RISK_FACTORS[where.programme].filter((f) => f !== 'intent-to-abandon' && random() < 0.2).slice(0, 3);
    const referral = {
      referralId: `simulate-${run}-${i}`,
      district: where.district,
      programme: where.programme,
      referredAt: new Date().toISOString(),
      urgent: random() < 0.1,
      riskFactors: factors,
      mother: {
        fullName: `Training mother ${i + 1}`,
        birthDate: `${1985 + Math.floor(random() * 21)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
        ...(hiv && { hivStatus: 'positive' }),
      },
      children: [
        {
          birthDate: new Date(Date.now() - bornDaysAgo * 86_400_000).toISOString().slice(0, 10),
          sex: random() < 0.5 ? 'female' : 'male',
          ...(hiv && { hivExposed: true }),
        },
      ],
      household: random() < 0.4 ? [{ relation: 'grandparent', fullName: `Training grandmother ${i + 1}` }] : [],
      ...(hiv && { consent: { granted: true, scope: ['social-service'], signedOn: new Date().toISOString().slice(0, 10), signedBy: 'mother' } }),
    };
    const { caseId } = (await call('POST', `${o.intakeUrl}/referrals`, await facilityToken(where.facility), referral)) as { caseId: string };
    referred += 1;

    const declined = random() < 0.1;
    const notReached = !declined && random() < 0.15;
    let tasks = await openTasks(caseId, where.supervisor);
    for (let step = 0; step < 12; step++) {
      const task = tasks[0];
      if (!task) tasks = await openTasks(caseId, where.supervisor);
      const next = task ?? tasks[0]!;
      const actor = next.assigneeId ?? where.supervisor;
      const form = formFor(next.type, { declined, notReached, factors });
      if (!form) return 'in follow-up'; // a step of follow-up itself: the case is where the rehearsal ends
      const answer = (await casework('POST', `/tasks/${next.taskId}/complete`, actor, { form })) as { stage?: string; opened?: OpenTask[]; settled?: boolean };
      if (next.type === 'referral-review' && declined) return 'declined';
      if (next.type === 'first-contact' && notReached) return 'not reached yet';
      if (answer.stage === 'follow-up') return 'in follow-up';
      tasks = answer.settled && answer.opened?.length ? answer.opened : [];
    }
    return 'in follow-up';
  }

  const started = Date.now();
  const ticker = setInterval(() => o.say(progress()), 2000);
  const progress = () =>
    `${referred}/${o.families} referred · ${tally['in follow-up']} in follow-up · ${tally.declined} declined · ${tally['not reached yet']} not reached yet · ${tally.failed} failed · ${((Date.now() - started) / 1000).toFixed(0)} s`;
  let nextFamily = 0;
  const worker = async () => {
    for (let i = nextFamily++; i < o.families; i = nextFamily++) {
      const outcome = await family(i).catch((err: Error) => {
        if (errors.length < 5) errors.push(err.message);
        return 'failed' as const;
      });
      tally[outcome] += 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(o.concurrency, o.families) }, worker));
  } finally {
    clearInterval(ticker);
  }
  o.say(progress());
  for (const e of errors) o.say(`failed: ${e}`);
  return tally;
}

/** A form for the task, as the rehearsal's families answer; null for a step of follow-up, where it stops. */
function formFor(type: string, family: { declined: boolean; notReached: boolean; factors: string[] }): unknown {
  switch (type) {
    case 'referral-review':
      return family.declined ? FORMS.reject : FORMS.accept;
    case 'first-contact':
      return family.notReached
        ? { ...FORMS.firstContact, contactedAt: new Date().toISOString(), outcome: 'not-reached' }
        : { ...FORMS.firstContact, contactedAt: new Date().toISOString() };
    case 'needs-assessment':
      return { ...FORMS.needs(family.factors), assessedAt: new Date().toISOString() };
    case 'support-plan':
      return FORMS.plan;
    case 'plan-approval':
      return FORMS.approve;
    default:
      return null;
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const families = Number(flag(args, 'families'));
  const programme = flag(args, 'programme') ?? 'both';
  const concurrency = Number(flag(args, 'concurrency') ?? 4);
  const seed = Number(flag(args, 'seed') ?? 1);
  if (!Number.isInteger(families) || families < 1 || families > 10_000 || !['hiv', 'abandonment', 'both'].includes(programme)) {
    console.error(USAGE);
    process.exit(2);
  }
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32 || !Number.isInteger(seed)) {
    console.error(USAGE);
    process.exit(2);
  }
  const dataDir = process.env.CONTINUUM_DATA_DIR ?? join(__dirname, '..', '..', '.data');
  const say = (line: string) => process.stderr.write(`[simulate] ${line}\n`);
  const tally = await simulate({
    families,
    programmes: programme === 'both' ? ['hiv', 'abandonment'] : [programme as 'hiv' | 'abandonment'],
    concurrency,
    seed,
    intakeUrl: process.env.INTAKE_URL ?? `http://127.0.0.1:${DEV_PORTS.intake}`,
    caseworkUrl: process.env.CASEWORK_URL ?? `http://127.0.0.1:${DEV_PORTS.casework}`,
    issuer: process.env.OIDC_ISSUER ?? `http://127.0.0.1:${DEV_PORTS.identity}`,
    password: process.env.IDP_DEV_PASSWORD ?? devSecrets(join(dataDir, 'secrets.json')).IDP_DEV_PASSWORD,
    facilityKeys: readFacilityKeys(process.env.CONTINUUM_IDENTITY_DIR ?? join(dataDir, 'identity')),
    say,
  });
  console.log(
    `${families} families: ${tally['in follow-up']} in follow-up, ${tally.declined} declined at review, ${tally['not reached yet']} not reached yet, ${tally.failed} failed`,
  );
  console.log('Their cases are in spb-training and kz-training: sign in as sup-spb-training or sup-kz-training (npm run -s token -- sup-spb-training).');
  if (tally.failed > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(`simulate: ${err.message}${/fetch failed|ECONNREFUSED/.test(err.message) ? ' (is npm start running?)' : ''}`);
    process.exit(1);
  });
}
