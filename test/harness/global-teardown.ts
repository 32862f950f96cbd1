import { rmSync } from 'node:fs';

/** Stops the services, then the servers; removes the run folder unless KEEP_TEST_DATA=1. */
export default async function globalTeardown(): Promise<void> {
  const run = globalThis.__continuumTestRun;
  if (!run) return;
  for (const service of [...run.services].reverse()) await service.stop();
  if (run.smtpSink) await new Promise<void>((resolve) => run.smtpSink!.close(resolve));
  await run.servers.stop();
  if (process.env.KEEP_TEST_DATA === '1') process.stderr.write(`[harness] test data kept in ${run.runDir}\n`);
  else rmSync(run.runDir, { recursive: true, force: true });
}
