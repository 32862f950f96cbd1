import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { connect } from 'nats';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '@continuum/workflows/search-attributes';
import { ensureServers } from './install-servers';
import type { StackPorts } from './ports';
import { startProcess, waitUntilReady, type SupervisedProcess } from './supervised-process';

export interface StackUrls {
  temporalAddress: string;
  temporalUiUrl: string | null;
  mongoUrl: string;
  natsUrl: string;
}

export interface RunningStack extends StackUrls {
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
 * Starts Temporal (dev server, SQLite file), FerretDB (SQLite) and NATS (JetStream, file storage, fsync on
 * every write) as real processes, each with its data and log in `dataDir`, and waits until each answers.
 */
export async function startEmbeddedStack(opts: EmbeddedStackOptions): Promise<RunningStack> {
  const progress = opts.progress ?? ((l: string) => console.log(l));
  const bins = await ensureServers(progress);
  const logDir = join(opts.dataDir, 'logs');
  for (const dir of ['nats', 'ferretdb', 'temporal', 'logs']) mkdirSync(join(opts.dataDir, dir), { recursive: true });
  const { ports } = opts;
  const started: SupervisedProcess[] = [];
  const stopAll = async () => {
    for (const proc of [...started].reverse()) await proc.stop();
  };

  try {
    // NATS: a config file, because fsync-always (durability on kill -9) has no command-line flag.
    const natsConfig = join(opts.dataDir, 'nats', 'nats.conf');
    writeFileSync(
      natsConfig,
      [
        `listen: "127.0.0.1:${ports.nats}"`,
        `http: "127.0.0.1:${ports.natsMonitor}"`,
        `server_name: "continuum-embedded"`,
        `jetstream { store_dir: "${join(opts.dataDir, 'nats')}", sync_interval: always }`,
        '',
      ].join('\n'),
    );
    const nats = startProcess('nats', bins.nats, ['-c', natsConfig], { logFile: join(logDir, 'nats.log'), echo: opts.echo });
    started.push(nats);

    // FerretDB: SQLite, never the machine's own PostgreSQL; no telemetry (there is no outside network).
    const ferretdb = startProcess(
      'ferretdb',
      bins.ferretdb,
      [
        '--handler=sqlite',
        `--sqlite-url=file:${join(opts.dataDir, 'ferretdb')}/`,
        `--state-dir=${join(opts.dataDir, 'ferretdb')}`,
        `--listen-addr=127.0.0.1:${ports.mongo}`,
        `--debug-addr=127.0.0.1:${ports.ferretDebug}`,
        '--telemetry=disable',
        '--log-level=warn',
      ],
      { logFile: join(logDir, 'ferretdb.log'), echo: opts.echo },
    );
    started.push(ferretdb);

    const temporal = startProcess(
      'temporal',
      bins.temporal,
      [
        'server',
        'start-dev',
        '--ip=127.0.0.1',
        `--port=${ports.temporal}`,
        `--ui-port=${ports.temporalUi}`,
        `--http-port=${ports.temporalHttp}`,
        `--metrics-port=${ports.temporalMetrics}`,
        `--db-filename=${join(opts.dataDir, 'temporal', 'temporal.db')}`,
        '--log-level=warn',
        ...SEARCH_ATTRIBUTES.map((key) => `--search-attribute=${key.name}=Keyword`),
        ...(opts.headless ? ['--headless'] : []),
        ...(opts.codecEndpoint ? [`--ui-codec-endpoint=${opts.codecEndpoint}`] : []),
      ],
      { logFile: join(logDir, 'temporal.log'), echo: opts.echo },
    );
    started.push(temporal);

    const urls: StackUrls = {
      natsUrl: `nats://127.0.0.1:${ports.nats}`,
      mongoUrl: `mongodb://127.0.0.1:${ports.mongo}/continuum`,
      temporalAddress: `127.0.0.1:${ports.temporal}`,
      temporalUiUrl: opts.headless ? null : `http://127.0.0.1:${ports.temporalUi}`,
    };
    progress('[stack] waiting for nats, ferretdb and temporal to answer');
    await Promise.all([
      waitUntilReady(nats, () => pingNats(urls.natsUrl)),
      waitUntilReady(ferretdb, () => pingMongo(urls.mongoUrl)),
      waitUntilReady(temporal, () => pingTemporal(urls.temporalAddress)),
    ]);
    progress(`[stack] ready: nats ${urls.natsUrl}, ferretdb ${urls.mongoUrl}, temporal ${urls.temporalAddress}`);
    return { ...urls, dataDir: opts.dataDir, logDir, processes: started, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
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
