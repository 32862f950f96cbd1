import type { Logger } from 'pino';

interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Runs a service process: starts it, stops it cleanly on SIGINT/SIGTERM, and on a failed start says
 * which part failed and why, then exits non-zero so whoever started it knows.
 */
export function runService(name: string, start: (log: Logger) => Promise<Stoppable>, log: Logger): void {
  let running: Stoppable | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${name} stopping`);
    try {
      await running?.stop();
      process.exit(0);
    } catch (err) {
      log.error({ err: (err as Error).message }, `${name} did not stop cleanly`);
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  start(log).then(
    (service) => {
      running = service;
      log.info(`${name} started`);
    },
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      log.fatal({ err: message }, `${name} failed to start`);
      process.stderr.write(`${name} failed to start: ${message}\n`);
      process.exit(1);
    },
  );
}
