import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService, type ServiceName } from '../../infra/src/services';
import type { SupervisedProcess } from '../../infra/src/supervised-process';
import globalTeardown from '../harness/global-teardown';
import { startTestSystem } from '../harness/global-setup';
import type { TestSystem } from '../harness/system-file';
import { FaultStack } from './stack';

const LOG_LEVEL = 'info'; // debug logs of a few minutes of load would cost the 2 cores more than the load itself

/**
 * The system under test, with a handle on every part: our own embedded stack (so each server can be killed
 * and restarted on its files), and the services started by the harness exactly as the integration tests
 * start them (startTestSystem takes servers given in the environment as they are).
 */
export class FaultSystem {
  /** Services that ended without our kill: nothing restarts them here (a supervisor would), so the run fails. */
  private readonly serviceExits: Array<{ name: string; code: number | null; at: number }> = [];
  private readonly killing = new Set<SupervisedProcess>();
  private stopping = false;

  private constructor(
    readonly stackDir: string,
    readonly stack: FaultStack,
    readonly system: TestSystem,
  ) {
    for (const proc of this.services()) this.watch(proc);
  }

  static async start(say: (line: string) => void): Promise<FaultSystem> {
    const stackDir = mkdtempSync(join(tmpdir(), 'continuum-faults-'));
    chmodSync(stackDir, 0o711); // run as root, PostgreSQL runs as nobody, who must get through to its folder
    const stack = await FaultStack.start(stackDir, say);
    try {
      // The harness uses servers named in the environment and starts none of its own.
      Object.assign(process.env, { TEMPORAL_ADDRESS: stack.urls.temporalAddress, MONGO_URL: stack.urls.mongoUrl, NATS_URL: stack.urls.natsUrl });
      const system = await startTestSystem({ logLevel: LOG_LEVEL });
      return new FaultSystem(stackDir, stack, system);
    } catch (err) {
      await globalTeardown().catch(() => undefined);
      await stack.stop();
      throw err;
    }
  }

  private services(): SupervisedProcess[] {
    return globalThis.__continuumTestRun!.services;
  }

  private service(name: ServiceName): SupervisedProcess {
    const proc = this.services().find((p) => p.name === name);
    if (!proc) throw new Error(`no ${name} service`);
    return proc;
  }

  private watch(proc: SupervisedProcess): void {
    void proc.exited.then((code) => {
      if (!this.killing.has(proc) && !this.stopping) this.serviceExits.push({ name: proc.name, code, at: Date.now() });
    });
  }

  /** Services and servers that ended without our kill. */
  get unexpectedExits(): Array<{ name: string; code: number | null; at: number }> {
    return [...this.serviceExits, ...this.stack.unexpectedExits];
  }

  async killService(name: ServiceName): Promise<void> {
    const proc = this.service(name);
    this.killing.add(proc);
    proc.child.kill('SIGKILL');
    await proc.exited;
  }

  /** Starts the service again with the environment the harness gave it; waits for its "started" line. */
  async restartService(name: ServiceName): Promise<void> {
    const old = this.service(name);
    const env = globalThis.__continuumTestRun?.serviceEnv;
    if (!env) throw new Error("the harness did not record the services' environment");
    const proc = await startService(name, env, { logDir: this.system.logDir });
    const list = this.services();
    list[list.indexOf(old)] = proc; // so the teardown stops the new process
    this.watch(proc);
  }

  isRunning(name: ServiceName): boolean {
    const proc = this.service(name);
    return proc.child.exitCode === null && proc.child.signalCode === null;
  }

  async stop(keep: boolean): Promise<void> {
    this.stopping = true;
    if (keep) process.env.KEEP_TEST_DATA = '1';
    await globalTeardown(); // the services, the SMTP sink, and the harness's run folder
    await this.stack.stop();
    if (keep) process.stderr.write(`[faults] stack data kept in ${this.stackDir}\n`);
    else rmSync(this.stackDir, { recursive: true, force: true });
  }
}
