import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_OPTIONS } from '@continuum/workflows/bundle-options';
import { DEMO_FACILITIES } from '../../infra/src/demo-data';
import { devIdentityKeys } from '../../infra/src/dev-secrets';
import { prepareBackends } from '../../infra/src/prepare-backends';
import { freePorts } from '../../infra/src/ports';
import { startService } from '../../infra/src/services';
import { startSmtpSink } from '../../infra/src/smtp-sink';
import type { SupervisedProcess } from '../../infra/src/supervised-process';
import { provideServers, type ProvidedServers } from './servers';
import { SYSTEM_FILE_ENV, type TestSystem } from './system-file';

declare global {
  var __continuumTestRun:
    | {
        servers: ProvidedServers;
        services: SupervisedProcess[];
        runDir: string;
        smtpSink?: { close(cb: () => void): void };
        /** The environment the services were started with (a fault test restarts one with the same). */
        serviceEnv?: Record<string, string>;
      }
    | undefined;
}

const say = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Once per `jest` run: real servers, the workflow code bundled once, demo reference data, and the three
 * services started as real processes, exactly as `npm start` runs them.
 */
export default async function globalSetup(): Promise<void> {
  await startTestSystem();
}

export interface TestSystemOptions {
  /** A fixed payload key (the history recorder uses one so recorded histories can be replayed); random otherwise. */
  payloadKey?: string;
  /** The services' log level (debug in tests, so a failure's log tells the story; benchmarks run quieter). */
  logLevel?: string;
  /** More environment for the services (a benchmark's settings). */
  env?: Record<string, string>;
}

export async function startTestSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  const started = Date.now();
  const runDir = mkdtempSync(join(tmpdir(), 'continuum-test-'));
  chmodSync(runDir, 0o711); // run as root, PostgreSQL runs as nobody, who must get through to its folder
  const logDir = join(runDir, 'logs');
  const servers = await provideServers(runDir, say);
  globalThis.__continuumTestRun = { servers, services: [], runDir };

  say('[harness] bundling workflow code (once per run)');
  const bundle = await bundleWorkflowCode({ ...WORKFLOW_BUNDLE_OPTIONS, logger: quietLogger });
  const bundlePath = join(runDir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);

  // The identity provider's keys and each demo facility's client key, as npm start makes them.
  const identityDir = join(runDir, 'identity');
  const identity = devIdentityKeys(
    identityDir,
    DEMO_FACILITIES.map((f) => f._id),
  );
  // Once (of many runs) this step hung with every server up; a deadline makes a hang fail the run, naming the step.
  await withinSeconds(120, `preparing the store and the bus (indexes, demo data; logs in ${join(runDir, 'stack', 'logs')})`, () =>
    prepareBackends(servers, identity.facilityKeys),
  ).catch(async (err: unknown) => {
    await servers.stop();
    throw err;
  });

  const ports = await freePorts(['intake', 'casework', 'reporting', 'smtp', 'identity', 'codec', 'webhookReceiver'] as const);
  const mailDir = join(runDir, 'mail');
  globalThis.__continuumTestRun.smtpSink = await startSmtpSink(ports.smtp, mailDir);
  const secrets = { payloadKey: options.payloadKey ?? randomBytes(32).toString('base64'), idpPassword: randomBytes(18).toString('base64url') };
  const issuer = `http://127.0.0.1:${ports.identity}`;
  const env = {
    TEMPORAL_ADDRESS: servers.temporalAddress,
    MONGO_URL: servers.mongoUrl,
    NATS_URL: servers.natsUrl,
    PAYLOAD_KEY: secrets.payloadKey,
    OIDC_ISSUER: issuer,
    INTAKE_PORT: String(ports.intake),
    CASEWORK_PORT: String(ports.casework),
    REPORTING_PORT: String(ports.reporting),
    SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
    // Short in tests: a webhook that fails is retried within seconds, and the due-soon sweep runs often.
    NOTIFY_SWEEP_SECONDS: '2',
    // A directory change (a deactivation) reaches the APIs within a second in tests (15 s by default).
    DIRECTORY_CACHE_SECONDS: '1',
    // An erasure reaches every service at once in tests (a minute by default).
    CASE_KEY_CACHE_SECONDS: '0',
    // The tests send thousands of requests (many with bad tokens) from one address: the rate limits are
    // tested on an instance of their own (test/e2e/identity.test.ts).
    AUTH_FAILURES_PER_MINUTE: '1000000',
    INTAKE_REQUESTS_PER_MINUTE: '1000000',
    NOTIFICATION_BACKOFF_MS: '200',
    // The one origin a webhook may reach outside the rules (https, public addresses): the tests' facility system.
    WEBHOOK_ALLOW_ORIGINS: `http://127.0.0.1:${ports.webhookReceiver}`,
    CODEC_PORT: String(ports.codec),
    WORKFLOW_BUNDLE_PATH: bundlePath,
    LOG_LEVEL: options.logLevel ?? 'debug',
    ...options.env,
  };
  globalThis.__continuumTestRun.serviceEnv = env;
  const identityEnv = {
    MONGO_URL: servers.mongoUrl,
    OIDC_ISSUER: issuer,
    IDP_PORT: String(ports.identity),
    IDP_KEYS_FILE: identity.providerKeysFile,
    IDP_DEV_PASSWORD: secrets.idpPassword,
    LOG_LEVEL: env.LOG_LEVEL,
  };
  globalThis.__continuumTestRun.services.push(await startService('identity', identityEnv, { logDir }));
  for (const name of ['worker', 'intake', 'casework', 'notification', 'reporting', 'codec'] as const) {
    globalThis.__continuumTestRun.services.push(await startService(name, env, { logDir }));
  }

  const system: TestSystem = {
    runDir,
    logDir,
    serversKind: servers.kind,
    stackDataDir: servers.stackDataDir,
    storePostgresUrl: servers.storePostgresUrl,
    temporalAddress: servers.temporalAddress,
    mongoUrl: servers.mongoUrl,
    natsUrl: servers.natsUrl,
    intakeUrl: `http://127.0.0.1:${ports.intake}`,
    caseworkUrl: `http://127.0.0.1:${ports.casework}`,
    reportingUrl: `http://127.0.0.1:${ports.reporting}`,
    codecUrl: `http://127.0.0.1:${ports.codec}`,
    webhookReceiverPort: ports.webhookReceiver,
    mailDir,
    payloadKey: secrets.payloadKey,
    payloadKeyId: 'k1',
    identityUrl: issuer,
    identityDir,
    idpPassword: secrets.idpPassword,
    taskQueue: 'case-follow-up',
    workflowBundlePath: bundlePath,
  };
  const systemFile = join(runDir, 'system.json');
  writeFileSync(systemFile, JSON.stringify(system, null, 2), { mode: 0o600 });
  process.env[SYSTEM_FILE_ENV] = systemFile;
  say(`[harness] system ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${servers.kind} servers; run folder ${runDir})`);
  return system;
}

/** Runs a step of the setup that must end in time; past the deadline the setup fails with what was under way. */
async function withinSeconds<T>(seconds: number, what: string, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`[harness] ${what}: not done in ${seconds} s`)), seconds * 1000);
  });
  try {
    return await Promise.race([run(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const quietLogger = { trace() {}, debug() {}, info() {}, warn: (m: string) => say(`[bundle] ${m}`), error: (m: string) => say(`[bundle] ${m}`), log() {} };
