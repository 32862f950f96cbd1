import type { Store } from '@continuum/store';
import { ticker } from './progress';

/**
 * Years of history, seeded straight into `cases` and `tasks` (not through workflows, which would take days):
 * closed cases and their completed contact tasks, spread over the demo's real districts and caseworkers, and
 * a city's worth of open work beside them. What grows with the years is history; the open work is bounded
 * by the families a district follows at once, so the open tasks stay at `OPEN_TASKS_PER_DISTRICT` whatever
 * the size (St. Petersburg follows some 2,000 families at a time over 18 districts: about 200 open tasks a
 * district). Seeded documents have ids of their own (`seed-…`) and nothing in Temporal: nothing acts on them,
 * and their open tasks are due in a month, so no deadline notice goes out.
 */
const CASEWORKERS: Record<string, string[]> = {
  'spb-nevsky': ['sw-nevsky-1', 'sw-nevsky-2'],
  'spb-vyborgsky': ['sw-vyborgsky-1'],
  'kz-almaty-bostandyk': ['sw-almaty-1'],
  'kz-astana-esil': ['sw-astana-1'],
};
const DISTRICTS = Object.keys(CASEWORKERS);
export const OPEN_TASKS_PER_DISTRICT = 200;
const DAY = 86_400_000;

const programmeOf = (district: string) => (district.startsWith('spb-') ? 'hiv-family-follow-up' : 'abandonment-prevention');

function closedCase(i: number) {
  const district = DISTRICTS[i % DISTRICTS.length]!;
  const workers = CASEWORKERS[district]!;
  const openedAt = new Date(Date.UTC(2020, 0, 1) + (i % 2000) * DAY);
  return {
    _id: `seed-case-${i}`,
    district,
    programme: programmeOf(district),
    facilityId: 'seed',
    policyVersion: district.startsWith('spb-') ? 'spb-2026.3' : 'kz-2026.3',
    stage: 'closed',
    riskLevel: 'low',
    riskScore: 1,
    riskFactors: [],
    caseManager: workers[i % workers.length]!,
    openedAt,
    outcome: 'completed-successfully',
    closedAt: new Date(openedAt.getTime() + 365 * DAY),
    family: { mother: { name: 'seed' }, children: [] },
  };
}

function task(i: number, open: boolean) {
  const district = DISTRICTS[i % DISTRICTS.length]!;
  const workers = CASEWORKERS[district]!;
  const createdAt = open ? new Date(Date.now() - DAY) : new Date(Date.UTC(2020, 0, 1) + (i % 2000) * DAY);
  return {
    _id: `seed-task-${open ? 'open-' : ''}${i}`,
    caseId: `seed-case-${i}`,
    type: 'contact',
    status: open ? 'open' : 'completed',
    district,
    programme: programmeOf(district),
    doneBy: ['caseworker'],
    assigneeId: workers[i % workers.length]!,
    handovers: 0,
    priority: 1,
    escalatedAt: null,
    subject: null,
    conferenceId: null,
    extensions: [],
    dueAt: open ? new Date(Date.now() + (30 + (i % 30)) * DAY) : new Date(createdAt.getTime() + 14 * DAY),
    createdAt,
    completedAt: open ? null : new Date(createdAt.getTime() + 10 * DAY),
    completedBy: open ? null : workers[0]!,
    form: open ? null : { outcome: 'reached', notes: 'seed' },
  };
}

/** Seeds closed cases and completed tasks number `first` to `size` - 1 of each (and, the first time, the open work). */
export async function seedHistory(store: Store, first: number, size: number, say: (line: string) => void): Promise<{ seconds: number; inserted: number }> {
  const started = performance.now();
  if (first === 0)
    await store.tasks.collection.insertMany(Array.from({ length: OPEN_TASKS_PER_DISTRICT * DISTRICTS.length }, (_, i) => task(i, true)) as never[]);
  let done = 0;
  const progress = ticker(() => `seeding history: ${(first + done).toLocaleString('en-US')}/${size.toLocaleString('en-US')} cases and tasks`, say);
  try {
    const batch = 1000;
    for (let i = first; i < size; i += batch) {
      const n = Math.min(batch, size - i);
      const ids = Array.from({ length: n }, (_, k) => i + k);
      await Promise.all([
        store.cases.collection.insertMany(ids.map(closedCase) as never[], { ordered: false }),
        store.tasks.collection.insertMany(ids.map((k) => task(k, false)) as never[], { ordered: false }),
      ]);
      done += n;
    }
  } finally {
    progress.stop();
  }
  return { seconds: (performance.now() - started) / 1000, inserted: done };
}
