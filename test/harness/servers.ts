import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startEmbeddedStack, type StackUrls } from '../../infra/src/embedded-stack';
import { freePorts, STACK_PORT_NAMES } from '../../infra/src/ports';
import type { SupervisedProcess } from '../../infra/src/supervised-process';
import { SEARCH_ATTRIBUTES } from '@continuum/workflows/search-attributes';

export interface ProvidedServers extends StackUrls {
  kind: 'environment' | 'testcontainers' | 'embedded';
  /** The embedded stack's data folder (for raw-byte checks); null when the servers are not ours. */
  stackDataDir: string | null;
  /** The embedded store's PostgreSQL, for its statistics (benchmarks); null when the servers are not ours or the store is not on PostgreSQL. */
  storePostgresUrl: string | null;
  /** The embedded servers' processes (benchmarks read their memory); empty when the servers are not ours. */
  processes: SupervisedProcess[];
  stop(): Promise<void>;
}

/**
 * Real servers for the integration suites, in order of preference: URLs given in the environment, then
 * containers when a Docker engine answers, then the embedded Go-built binaries on free ports with a
 * fresh data folder.
 */
export async function provideServers(runDir: string, progress: (line: string) => void): Promise<ProvidedServers> {
  const { TEMPORAL_ADDRESS, MONGO_URL, NATS_URL } = process.env;
  if (TEMPORAL_ADDRESS && MONGO_URL && NATS_URL) {
    progress('[harness] using servers from TEMPORAL_ADDRESS, MONGO_URL, NATS_URL');
    return {
      kind: 'environment',
      temporalAddress: TEMPORAL_ADDRESS,
      mongoUrl: MONGO_URL,
      natsUrl: NATS_URL,
      temporalUiUrl: null,
      stackDataDir: null,
      storePostgresUrl: null,
      processes: [],
      stop: async () => undefined,
    };
  }
  if (dockerAnswers()) {
    progress('[harness] a Docker engine answers: starting servers with testcontainers');
    return startContainers();
  }
  progress('[harness] no Docker engine: starting the embedded servers on free ports');
  const ports = await freePorts(STACK_PORT_NAMES);
  const stackDataDir = join(runDir, 'stack');
  const stack = await startEmbeddedStack({ dataDir: stackDataDir, ports, headless: true, progress });
  return { kind: 'embedded', ...stack, stackDataDir, storePostgresUrl: stack.postgresUrl, processes: stack.processes, stop: () => stack.stop() };
}

function dockerAnswers(): boolean {
  if (process.env.CONTINUUM_NO_DOCKER === '1') return false;
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** Real MongoDB, NATS and a Temporal dev server in containers (needs a Docker engine; not on the CI machines). */
async function startContainers(): Promise<ProvidedServers> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const mongo = await new GenericContainer('mongo:7.0').withExposedPorts(27017).withWaitStrategy(Wait.forListeningPorts()).start();
  const nats = await new GenericContainer('nats:2.12').withCommand(['-js']).withExposedPorts(4222).withWaitStrategy(Wait.forListeningPorts()).start();
  const temporal = await new GenericContainer('temporalio/temporal:1.5.1')
    .withCommand(['server', 'start-dev', '--ip', '0.0.0.0', '--headless', ...SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=Keyword`])])
    .withExposedPorts(7233)
    .withWaitStrategy(Wait.forListeningPorts())
    .start();
  return {
    kind: 'testcontainers',
    mongoUrl: `mongodb://${mongo.getHost()}:${mongo.getMappedPort(27017)}/continuum`,
    natsUrl: `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`,
    temporalAddress: `${temporal.getHost()}:${temporal.getMappedPort(7233)}`,
    temporalUiUrl: null,
    stackDataDir: null,
    storePostgresUrl: null,
    processes: [],
    async stop() {
      await Promise.all([mongo.stop(), nats.stop(), temporal.stop()]);
    },
  };
}
