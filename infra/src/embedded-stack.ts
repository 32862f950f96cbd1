import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { connect } from 'nats';
import { Connection } from '@temporalio/client';
import { APPEND_ONLY_GUARDS } from '@continuum/bus';
import { SEARCH_ATTRIBUTES } from '@continuum/workflows/search-attributes';
import { postgresUrl, runPostgres } from './embedded-postgres';
import { ensureServers } from './install-servers';
import type { StackPorts } from './ports';
import type { ServerName } from './servers';
import { startProcess, waitUntilReady, type SupervisedProcess } from './supervised-process';

export interface StackUrls {
  temporalAddress: string;
  temporalUiUrl: string | null;
  mongoUrl: string;
  natsUrl: string;
}

export interface RunningStack extends StackUrls {
  /** The store's own PostgreSQL (null on the SQLite baseline): for its statistics, never for the application. */
  postgresUrl: string | null;
  dataDir: string;
  logDir: string;
  processes: SupervisedProcess[];
  stop(): Promise<void>;
}

export interface EmbeddedStackOptions {
  dataDir: string;
  ports: StackPorts;
  /** No Web UI (tests). */
  headless?: boolean;
  /** Remote codec endpoint the Web UI uses to show decrypted payloads to authorised users. */
  codecEndpoint?: string;
  progress?: (line: string) => void;
  echo?: (line: string) => void;
}

/**
 * Starts Temporal (dev server, SQLite file), FerretDB on a PostgreSQL of its own, and NATS (JetStream, file
 * storage, fsync on every write) as real processes, each with its data and log in `dataDir`, and waits until
 * each answers. PostgreSQL first: FerretDB keeps nothing of its own.
 */
export async function startEmbeddedStack(opts: EmbeddedStackOptions): Promise<RunningStack> {
  const progress = opts.progress ?? ((l: string) => console.log(l));
  const bins = await ensureServers(progress);
  const logDir = join(opts.dataDir, 'logs');
  for (const dir of ['nats', 'ferretdb', 'temporal', 'logs']) mkdirSync(join(opts.dataDir, dir), { recursive: true });
  const started: SupervisedProcess[] = [];
  const stopAll = async () => {
    for (const proc of [...started].reverse()) await proc.stop();
  };

  try {
    const urls = stackUrls(opts);
    if (storeBackend() === 'pg') started.push(await startStackPostgres(opts));
    const parts = (['nats', 'ferretdb', 'temporal'] as const).map((name) => {
      const proc = startStackServer(name, bins[name], opts);
      started.push(proc);
      return proc;
    });
    progress('[stack] waiting for nats, ferretdb and temporal to answer');
    await Promise.all(parts.map((proc) => waitForStackServer(proc, urls)));
    progress(`[stack] ready: nats ${urls.natsUrl}, ferretdb ${urls.mongoUrl}, temporal ${urls.temporalAddress}`);
    const postgresUrl = storeBackend() === 'pg' ? postgresUrlOf(opts) : null;
    return { ...urls, postgresUrl, dataDir: opts.dataDir, logDir, processes: started, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

export function stackUrls(opts: Pick<EmbeddedStackOptions, 'ports' | 'headless'>): StackUrls {
  const { ports } = opts;
  return {
    natsUrl: `nats://127.0.0.1:${ports.nats}`,
    mongoUrl: `mongodb://127.0.0.1:${ports.mongo}/continuum`,
    temporalAddress: `127.0.0.1:${ports.temporal}`,
    temporalUiUrl: opts.headless ? null : `http://127.0.0.1:${ports.temporalUi}`,
  };
}

/**
 * Starts one server of the stack on its ports and data folder. Starting it again after it died (the fault
 * tests kill -9 each in turn) picks up the same files: all three keep their state on disk.
 */
export function startStackServer(name: ServerName, binary: string, opts: EmbeddedStackOptions): SupervisedProcess {
  const { ports, dataDir } = opts;
  const logFile = join(dataDir, 'logs', `${name}.log`);
  switch (name) {
    case 'nats': {
      // A config file, because fsync-always (durability on kill -9) has no command-line flag.
      const natsConfig = join(dataDir, 'nats', 'nats.conf');
      writeFileSync(
        natsConfig,
        [
          `listen: "127.0.0.1:${ports.nats}"`,
          `http: "127.0.0.1:${ports.natsMonitor}"`,
          `server_name: "continuum-embedded"`,
          `jetstream { store_dir: "${join(dataDir, 'nats')}", sync_interval: always }`,
          // Whoever connects is the services' user, which may not change, purge or delete the audit trail.
          `authorization { users = [ { user: "continuum", password: "${randomBytes(18).toString('base64url')}", permissions: { publish: { allow: [">"], deny: ${JSON.stringify(APPEND_ONLY_GUARDS)} } } } ] }`,
          `no_auth_user: "continuum"`,
          '',
        ].join('\n'),
        { mode: 0o600 },
      );
      return startProcess('nats', binary, ['-c', natsConfig], { logFile, echo: opts.echo });
    }
    case 'ferretdb': {
      // On the stack's own PostgreSQL (the URL, with its password, in the environment rather than on the
      // command line); no telemetry (there is no outside network).
      const sqlite = storeBackend() === 'sqlite';
      return startProcess(
        'ferretdb',
        binary,
        [
          ...(sqlite ? ['--handler=sqlite', `--sqlite-url=file:${join(dataDir, 'ferretdb')}/`] : ['--handler=pg']),
          `--state-dir=${join(dataDir, 'ferretdb')}`,
          `--listen-addr=127.0.0.1:${ports.mongo}`,
          `--debug-addr=127.0.0.1:${ports.ferretDebug}`,
          '--telemetry=disable',
          '--log-level=warn',
        ],
        { logFile, echo: opts.echo, env: sqlite ? process.env : { ...process.env, FERRETDB_POSTGRESQL_URL: postgresUrlOf(opts) } },
      );
    }
    case 'temporal':
      return startProcess(
        'temporal',
        binary,
        [
          'server',
          'start-dev',
          '--ip=127.0.0.1',
          `--port=${ports.temporal}`,
          `--ui-port=${ports.temporalUi}`,
          `--http-port=${ports.temporalHttp}`,
          `--metrics-port=${ports.temporalMetrics}`,
          `--db-filename=${join(dataDir, 'temporal', 'temporal.db')}`,
          '--log-level=warn',
          ...SEARCH_ATTRIBUTES.map((key) => `--search-attribute=${key.name}=Keyword`),
          ...(opts.headless ? ['--headless'] : []),
          ...(opts.codecEndpoint ? [`--ui-codec-endpoint=${opts.codecEndpoint}`] : []),
        ],
        { logFile, echo: opts.echo },
      );
  }
}

/**
 * The store under FerretDB: PostgreSQL; `EMBEDDED_STORE=sqlite` runs the earlier SQLite store instead, kept only
 * to measure against (`npm run bench` A/B). It does not keep the store contract (test/store/contract.test.ts).
 */
export function storeBackend(): 'pg' | 'sqlite' {
  const chosen = process.env.EMBEDDED_STORE ?? 'pg';
  if (chosen !== 'pg' && chosen !== 'sqlite') throw new Error(`EMBEDDED_STORE is pg or sqlite, not ${chosen}`);
  return chosen;
}

/** The stack's PostgreSQL, answering: the cluster made on first start, in `dataDir/postgres`. */
export async function startStackPostgres(opts: EmbeddedStackOptions): Promise<SupervisedProcess> {
  return (await runPostgres(join(opts.dataDir, 'postgres'), opts.ports.postgres, { logFile: join(opts.dataDir, 'logs', 'postgres.log'), echo: opts.echo }))
    .process;
}

/** FerretDB's URL of the stack's PostgreSQL, with the password made when the cluster was. */
export const postgresUrlOf = (opts: Pick<EmbeddedStackOptions, 'dataDir' | 'ports'>) =>
  postgresUrl(opts.ports.postgres, readFileSync(join(opts.dataDir, 'postgres-password'), 'utf8').trim());

/** Waits until a server of the stack answers its own protocol. */
export function waitForStackServer(proc: SupervisedProcess, urls: StackUrls): Promise<void> {
  const ping = { nats: () => pingNats(urls.natsUrl), ferretdb: () => pingMongo(urls.mongoUrl), temporal: () => pingTemporal(urls.temporalAddress) }[
    proc.name as ServerName
  ];
  return waitUntilReady(proc, ping);
}

export async function pingNats(url: string): Promise<void> {
  const nc = await connect({ servers: url, timeout: 2000, reconnect: false });
  try {
    await (await nc.jetstreamManager()).getAccountInfo();
  } finally {
    await nc.close();
  }
}

export async function pingMongo(url: string): Promise<void> {
  const db = mongoose.createConnection(url, { serverSelectionTimeoutMS: 2000 });
  try {
    await db.asPromise();
    await db.db!.admin().ping();
  } finally {
    await db.close();
  }
}

export async function pingTemporal(address: string, namespace = 'default'): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 2000 });
  try {
    await connection.workflowService.describeNamespace({ namespace });
  } finally {
    await connection.close();
  }
}
