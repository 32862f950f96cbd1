import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  startStackPostgres,
  storeBackend,
  startStackServer,
  stackUrls,
  waitForStackServer,
  type EmbeddedStackOptions,
  type StackUrls,
} from '../../infra/src/embedded-stack';
import { ensureServers } from '../../infra/src/install-servers';
import { freePorts, STACK_PORT_NAMES } from '../../infra/src/ports';
import type { ServerName } from '../../infra/src/servers';
import type { SupervisedProcess } from '../../infra/src/supervised-process';

export const STACK_SERVERS: readonly ServerName[] = ['nats', 'ferretdb', 'temporal'];

/**
 * The embedded stack, one server at a time: each can be killed with SIGKILL and started again on the same
 * ports and the same data folder (NATS's JetStream store, FerretDB's state on the stack's PostgreSQL,
 * Temporal's SQLite file), which is what a crash and a restart by a supervisor look like to the services.
 * PostgreSQL runs throughout.
 */
export class FaultStack {
  private readonly running = new Map<ServerName, SupervisedProcess>();
  /** Servers that ended without our kill (a crash on restart, say). */
  readonly unexpectedExits: Array<{ name: string; code: number | null; at: number }> = [];
  private stopping = false;
  private postgres: SupervisedProcess | null = null;

  private constructor(
    private readonly binaries: Record<ServerName, string>,
    private readonly opts: EmbeddedStackOptions,
    readonly urls: StackUrls,
  ) {}

  static async start(dataDir: string, say: (line: string) => void): Promise<FaultStack> {
    const binaries = await ensureServers(() => undefined);
    for (const dir of ['nats', 'ferretdb', 'temporal', 'logs']) mkdirSync(join(dataDir, dir), { recursive: true });
    const ports = await freePorts(STACK_PORT_NAMES);
    const opts: EmbeddedStackOptions = { dataDir, ports, headless: true };
    const stack = new FaultStack(binaries, opts, stackUrls(opts));
    say(`[faults] starting postgres, nats, ferretdb and temporal in ${dataDir}`);
    if (storeBackend() === 'pg') stack.postgres = await startStackPostgres(opts);
    await Promise.all(STACK_SERVERS.map((name) => stack.start(name)));
    return stack;
  }

  /** Starts (or starts again) one server and waits until it answers its own protocol. */
  async start(name: ServerName): Promise<void> {
    const proc = startStackServer(name, this.binaries[name], this.opts);
    this.running.set(name, proc);
    void proc.exited.then((code) => {
      if (this.running.get(name) === proc && !this.stopping) this.unexpectedExits.push({ name, code, at: Date.now() });
    });
    await waitForStackServer(proc, this.urls);
  }

  /** kill -9: no shutdown, no flush beyond what the server already made durable. */
  async kill(name: ServerName): Promise<void> {
    const proc = this.running.get(name);
    if (!proc) throw new Error(`${name} is not running`);
    this.running.delete(name); // first, so its exit is not taken for a crash
    proc.child.kill('SIGKILL');
    await proc.exited;
  }

  logFile(name: ServerName): string {
    return join(this.opts.dataDir, 'logs', `${name}.log`);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const name of [...STACK_SERVERS].reverse()) await this.running.get(name)?.stop();
    this.running.clear();
    await this.postgres?.stop();
  }
}
