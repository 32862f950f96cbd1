import { join } from 'node:path';
import { startProcess, waitUntilReady, type SupervisedProcess } from './supervised-process';

const ROOT = join(__dirname, '..', '..');
export const SERVICE_ENTRIES = {
  identity: 'infra/src/identity-provider/main.ts',
  worker: 'services/worker/src/main.ts',
  intake: 'services/intake/src/main.ts',
  casework: 'services/casework/src/main.ts',
  notification: 'services/notification/src/main.ts',
  reporting: 'services/reporting/src/main.ts',
  codec: 'services/codec/src/main.ts',
} as const;
export type ServiceName = keyof typeof SERVICE_ENTRIES;

/**
 * Starts a service as its own Node process (TypeScript through tsx), the way it runs in production, and
 * waits for its "<name> started" log line.
 */
export async function startService(
  name: ServiceName,
  env: NodeJS.ProcessEnv,
  opts: { logDir: string; echo?: (line: string) => void; timeoutMs?: number },
): Promise<SupervisedProcess> {
  const proc = startProcess(name, process.execPath, ['--require', require.resolve('tsx/cjs'), join(ROOT, SERVICE_ENTRIES[name])], {
    logFile: join(opts.logDir, `${name}.log`),
    env: { ...process.env, ...env },
    cwd: ROOT,
    echo: opts.echo,
  });
  let started = false;
  proc.child.stdout?.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes(`"msg":"${name} started"`)) started = true;
  });
  await waitUntilReady(
    proc,
    async () => {
      if (!started) throw new Error('no "started" line yet');
    },
    opts.timeoutMs ?? 120_000,
  );
  return proc;
}
