import { readFileSync } from 'node:fs';

/** What global setup started, written to a file the test files read. */
export interface TestSystem {
  runDir: string;
  logDir: string;
  serversKind: 'environment' | 'testcontainers' | 'embedded';
  stackDataDir: string | null;
  /** The embedded store's PostgreSQL: benchmarks read its statistics (which queries scan). Null when not ours. */
  storePostgresUrl: string | null;
  temporalAddress: string;
  mongoUrl: string;
  natsUrl: string;
  intakeUrl: string;
  caseworkUrl: string;
  reportingUrl: string;
  /** The codec server of the Temporal Web UI. */
  codecUrl: string;
  /** The port a test's facility system listens on: the one webhook origin the services may call in tests. */
  webhookReceiverPort: number;
  /** Where the SMTP sink writes every message it receives, one JSON file each. */
  mailDir: string;
  payloadKey: string;
  payloadKeyId: string;
  /** The embedded OpenID provider: its issuer URL, the demo facilities' client keys, and the staff sign-in password. */
  identityUrl: string;
  identityDir: string;
  idpPassword: string;
  taskQueue: string;
  /** The workflow code bundled once for this run: the worker and the replay tests use it. */
  workflowBundlePath: string;
}

export const SYSTEM_FILE_ENV = 'CONTINUUM_TEST_SYSTEM';

export function readTestSystem(): TestSystem {
  const file = process.env[SYSTEM_FILE_ENV];
  if (!file) throw new Error(`${SYSTEM_FILE_ENV} is not set: integration tests run through the jest "integration" project`);
  return JSON.parse(readFileSync(file, 'utf8')) as TestSystem;
}
