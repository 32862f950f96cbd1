import fc from 'fast-check';
import { expectRejected, type Expected } from './rejection';
import { inParallel, send, type RawRequest } from './send';
import type { Tally } from './tally';

/** One bad request and how it must be refused; `route` is the table key it counts for ('post /referrals'). */
export interface Attempt {
  route: string;
  req: RawRequest;
  expected: Expected;
  what: string;
}

/** Sends one bad request, counts it, and checks the refusal. */
export async function attempt(tally: Tally, a: Attempt): Promise<void> {
  const answer = await send(a.req);
  tally.count(a.route, answer.status);
  expectRejected(a.req, answer, a.expected, a.what);
}

/**
 * A property over bad requests: each of `runs` runs draws a batch of attempts and sends them a few at a
 * time. The first failure ends it (no shrinking: the error names the one request and its answer, and
 * shrinking would send thousands more).
 */
export async function rejectsEvery(tally: Tally, attempts: fc.Arbitrary<Attempt>, opts: { runs: number; batch?: number; concurrency?: number }): Promise<void> {
  const batch = opts.batch ?? 8;
  await fc.assert(
    fc.asyncProperty(fc.array(attempts.map(shortlyShown), { minLength: Math.ceil(batch / 2), maxLength: batch }), async (drawn) => {
      await inParallel(drawn, opts.concurrency ?? 4, (a) => attempt(tally, a));
    }),
    { numRuns: opts.runs, endOnFailure: true },
  );
}

/** A counterexample shows each attempt as one short line, not its whole (possibly 100 kB) request. */
function shortlyShown(a: Attempt): Attempt {
  return Object.defineProperty(a, fc.toStringMethod, { value: () => `${a.req.method} ${a.req.target.slice(0, 100)} (${a.what})`, enumerable: false });
}
