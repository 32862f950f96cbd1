import { join } from 'node:path';
import { devIdentityKeys, devSecrets } from './dev-secrets';
import { DEMO_FACILITIES } from './demo-data';
import { prepareBackends } from './prepare-backends';
import { startEmbeddedStack, type StackUrls } from './embedded-stack';
import { assertPortFree, DEV_PORTS } from './ports';
import { startService, type ServiceName } from './services';
import { startSmtpSink } from './smtp-sink';
import type { SupervisedProcess } from './supervised-process';

const ROOT = join(__dirname, '..', '..');
const DATA_DIR = process.env.CONTINUUM_DATA_DIR ?? join(ROOT, '.data');
const say = (line: string) => console.log(line);

/**
 * `npm start`: builds what is missing, starts the embedded servers (unless TEMPORAL_ADDRESS, MONGO_URL or
 * NATS_URL name servers to use), creates streams and indexes, loads demo data, starts every service and
 * the worker, prints the URLs, and stops everything cleanly on Ctrl-C.
 */
async function main(): Promise<void> {
  const stoppers: Array<{ name: string; stop: () => Promise<void> }> = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('\nStopping…');
    for (const s of stoppers.reverse()) {
      await s.stop().catch((err: Error) => say(`  ${s.name} did not stop cleanly: ${err.message}`));
      say(`  ${s.name} stopped`);
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const fail = async (part: string, err: unknown) => {
    console.error(`\nContinuum could not start: ${part} failed.\n${err instanceof Error ? err.message : String(err)}`);
    await stopAll(1);
  };

  const secrets = devSecrets(join(DATA_DIR, 'secrets.json'));
  const urls = await provideStack(stoppers).catch((err) => fail('the embedded stack', err));
  if (!urls) return;

  // The embedded identity provider's keys, and each demo facility's client key (standing in for its own system).
  const identity = devIdentityKeys(
    join(DATA_DIR, 'identity'),
    DEMO_FACILITIES.map((f) => f._id),
  );
  say('[setup] creating JetStream streams and MongoDB indexes, loading demo reference data');
  try {
    await prepareBackends(urls, identity.facilityKeys);
  } catch (err) {
    return fail('setup (streams, indexes, demo data)', err);
  }

  // Mail goes to the SMTP sink (a folder of JSON files) unless SMTP_URL names a real relay.
  let smtpUrl = process.env.SMTP_URL;
  const mailDir = join(DATA_DIR, 'mail');
  if (!smtpUrl) {
    try {
      await assertPortFree(DEV_PORTS.smtp, 'the SMTP sink');
      const sink = await startSmtpSink(DEV_PORTS.smtp, mailDir);
      stoppers.push({ name: 'SMTP sink', stop: () => new Promise<void>((resolve) => sink.close(() => resolve())) });
      smtpUrl = `smtp://127.0.0.1:${DEV_PORTS.smtp}`;
    } catch (err) {
      return fail('the SMTP sink', err);
    }
  }

  // A city's own provider when OIDC_ISSUER names one; the embedded one otherwise.
  const issuer = process.env.OIDC_ISSUER ?? `http://127.0.0.1:${DEV_PORTS.identity}`;
  const env = {
    SMTP_URL: smtpUrl,
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://127.0.0.1:${DEV_PORTS.casework}`,
    INTAKE_PUBLIC_URL: process.env.INTAKE_PUBLIC_URL ?? `http://127.0.0.1:${DEV_PORTS.intake}`,
    REPORTING_PORT: String(DEV_PORTS.reporting),
    TEMPORAL_ADDRESS: urls.temporalAddress,
    MONGO_URL: urls.mongoUrl,
    NATS_URL: urls.natsUrl,
    PAYLOAD_KEY: process.env.PAYLOAD_KEY ?? secrets.PAYLOAD_KEY,
    OIDC_ISSUER: issuer,
    INTAKE_PORT: String(DEV_PORTS.intake),
    CASEWORK_PORT: String(DEV_PORTS.casework),
    CODEC_PORT: String(DEV_PORTS.codec),
    CODEC_CORS_ORIGINS: `http://127.0.0.1:${DEV_PORTS.temporalUi},http://localhost:${DEV_PORTS.temporalUi}`,
  };
  const logDir = join(DATA_DIR, 'logs');
  // The provider first: the APIs verify tokens against its keys. Only it gets its keys and the sign-in password.
  if (!process.env.OIDC_ISSUER) {
    say('[services] starting the identity provider');
    try {
      await assertPortFree(DEV_PORTS.identity, 'the identity provider');
      const proc = await startService(
        'identity',
        {
          MONGO_URL: urls.mongoUrl,
          OIDC_ISSUER: issuer,
          IDP_PORT: String(DEV_PORTS.identity),
          IDP_KEYS_FILE: identity.providerKeysFile,
          IDP_DEV_PASSWORD: secrets.IDP_DEV_PASSWORD,
        },
        { logDir, echo: say },
      );
      stoppers.push({ name: 'identity', stop: () => proc.stop() });
      watch(proc, stopAll);
    } catch (err) {
      return fail('the identity provider', err);
    }
  }
  const httpPorts: Partial<Record<ServiceName, number>> = {
    intake: DEV_PORTS.intake,
    casework: DEV_PORTS.casework,
    reporting: DEV_PORTS.reporting,
    codec: DEV_PORTS.codec,
  };
  for (const name of ['worker', 'intake', 'casework', 'notification', 'reporting', 'codec'] as ServiceName[]) {
    say(`[services] starting ${name}`);
    try {
      const port = httpPorts[name];
      if (port !== undefined) await assertPortFree(port, name);
      const proc = await startService(name, env, { logDir, echo: say });
      stoppers.push({ name, stop: () => proc.stop() });
      watch(proc, stopAll);
    } catch (err) {
      return fail(`the ${name} service`, err);
    }
  }

  say(`
Continuum is running. Ctrl-C stops everything; data is kept in ${DATA_DIR}.

  Intake API         http://127.0.0.1:${DEV_PORTS.intake}     (POST /referrals)
  Casework API       http://127.0.0.1:${DEV_PORTS.casework}     (GET /tasks, POST /tasks/{id}/complete; bearer token)
  Reporting API      http://127.0.0.1:${DEV_PORTS.reporting}     (GET /indicators, GET /reports/quarterly; bearer token)
  Identity provider  ${issuer}     (OpenID Connect; staff sign in with the password in ${join(DATA_DIR, 'secrets.json')})
  Mail (SMTP sink)   ${process.env.SMTP_URL ? process.env.SMTP_URL : `${mailDir}  (one JSON file per message)`}
  Temporal Web UI    ${urls.temporalUiUrl ?? '(external Temporal: use its own UI)'}
  Codec server       http://127.0.0.1:${DEV_PORTS.codec}     (decodes payloads for the ops role only, audited: npm run -s token -- ops-1 codec)
  Temporal frontend  ${urls.temporalAddress}
  MongoDB wire       ${urls.mongoUrl}
  NATS               ${urls.natsUrl}

  A caseworker token: npm run -s token -- sw-nevsky-1             (15 minutes; add "reporting" for the reporting API)
  A facility token:   npm run -s token -- spb-maternity-16        (client credentials, for the intake API)
  Dead letters:       npm run -s dead-letters -- list
  Logs: ${logDir}
`);
}

async function provideStack(stoppers: Array<{ name: string; stop: () => Promise<void> }>): Promise<StackUrls> {
  const given = { temporal: process.env.TEMPORAL_ADDRESS, mongo: process.env.MONGO_URL, nats: process.env.NATS_URL };
  if (given.temporal && given.mongo && given.nats) {
    say('[stack] using the servers given by TEMPORAL_ADDRESS, MONGO_URL and NATS_URL; starting none');
    return { temporalAddress: given.temporal, mongoUrl: given.mongo, natsUrl: given.nats, temporalUiUrl: null };
  }
  if (given.temporal || given.mongo || given.nats) {
    throw new Error('set all three of TEMPORAL_ADDRESS, MONGO_URL and NATS_URL to use your own servers, or none to use the embedded ones');
  }
  const ports = {
    temporal: DEV_PORTS.temporal,
    temporalUi: DEV_PORTS.temporalUi,
    temporalHttp: DEV_PORTS.temporalHttp,
    temporalMetrics: DEV_PORTS.temporalMetrics,
    mongo: DEV_PORTS.mongo,
    ferretDebug: DEV_PORTS.ferretDebug,
    postgres: DEV_PORTS.postgres,
    nats: DEV_PORTS.nats,
    natsMonitor: DEV_PORTS.natsMonitor,
  };
  for (const [part, port] of Object.entries(ports)) await assertPortFree(port, `the embedded ${part} server`);
  // The Web UI shows payloads in clear only through the codec server, which decodes for the ops role.
  const stack = await startEmbeddedStack({ dataDir: join(DATA_DIR, 'stack'), ports, codecEndpoint: `http://127.0.0.1:${DEV_PORTS.codec}` });
  stoppers.push({ name: 'embedded servers (temporal, ferretdb, postgres, nats)', stop: () => stack.stop() });
  for (const proc of stack.processes) watch(proc, async () => undefined);
  return stack;
}

/** A part that dies while running is reported at once, with where to look. */
function watch(proc: SupervisedProcess, onDeath: (code: number) => Promise<void>): void {
  void proc.exited.then((code) => {
    if (code !== 0 && code !== null) {
      console.error(`\n${proc.name} stopped unexpectedly (exit ${code}); see ${proc.logFile}`);
      void onDeath(1);
    }
  });
}

main().catch((err: Error) => {
  console.error(`Continuum could not start: ${err.message}`);
  process.exit(1);
});
