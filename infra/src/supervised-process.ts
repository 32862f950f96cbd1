import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SupervisedProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code when the process ends, for whatever reason. */
  exited: Promise<number | null>;
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Starts a process with its output in a log file (and optionally echoed, prefixed with its name).
 * stop() sends SIGTERM, then SIGKILL if it has not ended in time.
 */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  opts: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string; echo?: (line: string) => void; user?: { uid: number; gid: number } },
): SupervisedProcess {
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], ...(opts.user ?? {}) });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (opts.echo) for (const line of chunk.toString().split('\n')) if (line.trim()) opts.echo(`[${name}] ${line}`);
    });
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (err) => {
      log.write(`failed to start: ${err.message}\n`);
      resolve(-1);
    });
    child.once('exit', (code, signal) => {
      log.end();
      resolve(code ?? (signal ? 128 : null));
    });
  });
  return {
    name,
    child,
    logFile: opts.logFile,
    exited,
    async stop(timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The last lines of a process's log, for saying why it failed. */
export function logTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Polls `ready` until it succeeds; fails at once if the process dies, or after the timeout. */
export async function waitUntilReady(proc: SupervisedProcess, ready: () => Promise<unknown>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let died = false;
  void proc.exited.then(() => (died = true));
  let lastError = '';
  while (Date.now() < deadline) {
    if (died) throw new Error(`${proc.name} exited during start-up. Last lines of ${proc.logFile}:\n${logTail(proc.logFile)}`);
    try {
      await ready();
      return;
    } catch (err) {
      lastError = (err as Error).message;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error(`${proc.name} was not ready after ${timeoutMs / 1000} s (${lastError}). Last lines of ${proc.logFile}:\n${logTail(proc.logFile)}`);
}
