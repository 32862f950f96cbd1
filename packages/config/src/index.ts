import { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses the environment once per process into a frozen object. A bad value stops the process with a
 * message naming the variable, never its value (it may be a secret).
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): Readonly<z.infer<S>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze(result.data);
}

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const file = z.string().min(1).optional();
/**
 * TLS to the servers, certificates from files (PEM): the CA that signed the server's certificate, and for
 * mutual TLS the client's certificate and key. Unset: plain connections (the embedded stack on loopback).
 * Credentials go in the URLs (`mongodb://user:pass@…`, `nats://user:pass@…`) or a Temporal client certificate.
 */
function TlsEnv() {
  return {
    TEMPORAL_TLS_CA_FILE: file,
    TEMPORAL_TLS_CERT_FILE: file,
    TEMPORAL_TLS_KEY_FILE: file,
    /** The name on the Temporal server's certificate, when it is not the address's host. */
    TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
    NATS_TLS_CA_FILE: file,
    NATS_TLS_CERT_FILE: file,
    NATS_TLS_KEY_FILE: file,
    MONGO_TLS_CA_FILE: file,
    /** The client's certificate and key in one PEM file, as the MongoDB driver takes them. */
    MONGO_TLS_CERT_KEY_FILE: file,
  };
}
type TlsSettings = Partial<Record<keyof ReturnType<typeof TlsEnv>, string>>;
/** The NATS connection's TLS files, or undefined for a plain connection. */
export const natsTls = (c: TlsSettings) =>
  c.NATS_TLS_CA_FILE || c.NATS_TLS_CERT_FILE ? { caFile: c.NATS_TLS_CA_FILE, certFile: c.NATS_TLS_CERT_FILE, keyFile: c.NATS_TLS_KEY_FILE } : undefined;
/** The MongoDB connection's TLS files, or undefined for a plain connection. */
export const mongoTls = (c: TlsSettings) =>
  c.MONGO_TLS_CA_FILE || c.MONGO_TLS_CERT_KEY_FILE ? { caFile: c.MONGO_TLS_CA_FILE, certKeyFile: c.MONGO_TLS_CERT_KEY_FILE } : undefined;

/** The connection settings every process shares. */

/** A setting that lists entries, comma-separated (empty by default), each of which must pass `valid`. */
const commaList = (valid: (entry: string) => boolean, message: string) =>
  z
    .string()
    .default('')
    .refine(
      (s) =>
        s
          .split(',')
          .map((e) => e.trim())
          .filter(Boolean)
          .every(valid),
      message,
    );

export const ConnectionEnv = {
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:17233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('case-follow-up'),
  MONGO_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL')
    .default('mongodb://127.0.0.1:27117/continuum'),
  NATS_URL: z.string().min(1).default('nats://127.0.0.1:14222'),
  /** JetStream stream replicas: 1 on one machine, 3 on a NATS cluster. */
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** AES-256 key for Temporal payloads, base64 of 32 bytes. Required: there is no unencrypted mode. */
  PAYLOAD_KEY: z
    .string({ error: 'is required (base64 of 32 random bytes; npm start creates one in .data/)' })
    .refine((s) => Buffer.from(s, 'base64').length === 32, 'must be base64 of exactly 32 bytes'),
  PAYLOAD_KEY_ID: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/)
    .default('k1'),
  /**
   * Earlier master keys still kept after a rotation, `id:base64,id:base64`: they open what they sealed (payloads,
   * the cases' data keys) but seal nothing new. Empty once every case key is wrapped anew (npm run -s keys -- rewrap).
   */
  PAYLOAD_KEYS_EARLIER: commaList(
    (e) => /^[a-z0-9-]{1,32}:/.test(e) && Buffer.from(e.split(':')[1] ?? '', 'base64').length === 32,
    'must be id:base64-of-32-bytes, comma-separated',
  ),
  /** How long a service keeps a case's unwrapped data key: an erasure reaches every instance within it. */
  CASE_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  ...TlsEnv(),
  /** Where HTTP services listen: loopback on a dev machine, 0.0.0.0 in a container. */
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

/**
 * Settings of services that verify access tokens. Tokens come from an OpenID provider (the embedded one on a
 * dev machine, the city's own in production) and are verified against its published keys: no service holds
 * a signing key. Who a token's bearer is and what she may do comes from the staff directory, not the token.
 */
export const AuthEnv = {
  /** The provider's issuer URL, exactly as it writes `iss`. Its keys are found through its discovery document. */
  OIDC_ISSUER: z.url().default('http://127.0.0.1:7104'),
  /** The provider's key set; default: `jwks_uri` of `<issuer>/.well-known/openid-configuration`. */
  OIDC_JWKS_URL: z.url().optional(),
  /** The claim naming a staff member's id in the staff directory (Keycloak: a mapper to e.g. `staff_id`). */
  OIDC_STAFF_ID_CLAIM: z.string().min(1).default('sub'),
  /** The claim naming a facility's client id in a client-credentials token (Keycloak: `azp` or `client_id`). */
  OIDC_CLIENT_ID_CLAIM: z.string().min(1).default('client_id'),
  /** Signature algorithms accepted: asymmetric only; a comma-separated list. */
  OIDC_ALGORITHMS: z
    .string()
    .default('ES256,RS256,PS256,EdDSA')
    .transform((s) => s.split(',').map((a) => a.trim()))
    .pipe(z.array(z.enum(['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA'])).min(1)),
  /** Longest accepted token age (`iat` to now), in seconds: 15 minutes at most; refresh is the provider's session. */
  OIDC_MAX_TOKEN_AGE_SECONDS: z.coerce.number().int().min(30).max(900).default(900),
  /** Requests a minute from one address that may fail authentication (401) before it gets 429 for the rest of the minute. */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /** Reverse proxies in front of the service (1 behind the TLS proxy of docker-compose): their X-Forwarded-For names the caller. */
  TRUST_PROXY: z.coerce.number().int().min(0).max(5).default(0),
  /** How long a directory entry (a member's roles, districts, deactivation; a facility's districts) is trusted before it is read again. */
  DIRECTORY_CACHE_SECONDS: z.coerce.number().int().min(0).max(30).default(15),
};
/** Where the system may call out to (facility webhooks): https to public addresses only, plus these exact origins. */
export const OutboundEnv = {
  /** Comma-separated origins allowed despite the rules (`http://127.0.0.1:7200`): a development receiver, a test's. Empty in production. */
  WEBHOOK_ALLOW_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url().transform((u) => new URL(u).origin))),
};

/** The audience each API accepts (one per API); a city's provider must put it in `aud`. */
const audience = (fallback: string) => ({ OIDC_AUDIENCE: z.string().min(1).default(fallback) });
export const API_AUDIENCES = {
  intake: 'urn:continuum:intake',
  casework: 'urn:continuum:casework',
  reporting: 'urn:continuum:reporting',
  codec: 'urn:continuum:codec',
} as const;

export const IntakeConfig = z.object({
  ...ConnectionEnv,
  ...AuthEnv,
  ...audience(API_AUDIENCES.intake),
  INTAKE_PORT: port(7101),
  /** Referral requests a minute from one address (a facility system in a retry loop is held at this). */
  INTAKE_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1200),
});
export const CaseworkConfig = z.object({ ...ConnectionEnv, ...AuthEnv, ...OutboundEnv, ...audience(API_AUDIENCES.casework), CASEWORK_PORT: port(7102) });
export const WorkerConfig = z.object({
  ...ConnectionEnv,
  /** A prebuilt workflow bundle (tests build one per run); without it the worker bundles at start. */
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  /**
   * Case workflows kept in the worker's memory between their steps. A case waits months between steps, so
   * an evicted one is simply replayed when it wakes; the SDK's default (2,310 on a 4 GB heap) is sized for
   * small workflows, and ours measured about 2.8 MB each (docs/performance.md), which would not fit.
   */
  TEMPORAL_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(1000),
  /** How often the handover sweep looks for members who left or are away for long (see services/worker/src/handover.ts). */
  STAFF_HANDOVER_EVERY_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /**
   * Years after closure a family's data is kept, where the installation's differ from its programmes' own
   * (`programme=years,…`, e.g. `hiv-family-follow-up=7`). The retention sweep runs each night at 02:00 UTC.
   */
  RETENTION_YEARS: commaList((e) => /^[a-z0-9-]+=\d{1,2}$/.test(e), 'must be programme=years, comma-separated'),
});

export const NotificationConfig = z.object({
  ...ConnectionEnv,
  ...OutboundEnv,
  /** Where mail goes: the embedded SMTP sink on a dev machine, the city's relay in production. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .default('smtp://127.0.0.1:12525'),
  MAIL_FROM: z.string().min(3).default('Continuum <no-reply@continuum.local>'),
  /** The base of the links in messages (the casework API or the UI in front of it). */
  PUBLIC_URL: z.url().default('http://127.0.0.1:7102'),
  /** The base of a facility's link: its referral's status on the intake API. */
  INTAKE_PUBLIC_URL: z.url().default('http://127.0.0.1:7101'),
  /** An open task due within this many hours gets a "due soon" message; the sweep runs every NOTIFY_SWEEP_SECONDS. */
  DUE_SOON_HOURS: z.coerce.number().int().min(1).max(240).default(24),
  NOTIFY_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Delivery attempts (with backoff) before a message goes to the dead-letter stream. */
  MAX_DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** The first retry's delay; each next one doubles, up to a minute. */
  NOTIFICATION_BACKOFF_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
});
export const ReportingConfig = z.object({
  ...ConnectionEnv,
  ...AuthEnv,
  ...audience(API_AUDIENCES.reporting),
  REPORTING_PORT: port(7103),
  /** Counts below this are suppressed in any report that leaves the district. */
  SUPPRESS_BELOW: z.coerce.number().int().min(1).max(100).default(5),
});

/**
 * The embedded OpenID provider (dev and tests only; a city runs its own). Its accounts are the staff
 * directory and its clients the facilities of the reference data, both read from MongoDB on each sign-in.
 */
export const IdentityProviderConfig = z.object({
  MONGO_URL: ConnectionEnv.MONGO_URL,
  MONGO_TLS_CA_FILE: file,
  MONGO_TLS_CERT_KEY_FILE: file,
  HTTP_HOST: ConnectionEnv.HTTP_HOST,
  LOG_LEVEL: ConnectionEnv.LOG_LEVEL,
  IDP_PORT: port(7104),
  /** The issuer URL (what tokens carry as `iss`); its port must be IDP_PORT's. */
  OIDC_ISSUER: AuthEnv.OIDC_ISSUER,
  /** The provider's private signing keys and cookie keys (JSON, made by npm start and the test harness, mode 600). */
  IDP_KEYS_FILE: z.string({ error: 'is required (npm start makes one in .data/)' }).min(1),
  /** The one sign-in password of the embedded provider's accounts: a development stand-in for a real provider's credentials. */
  IDP_DEV_PASSWORD: z.string({ error: 'is required (npm start makes one in .data/)' }).min(16, 'must be at least 16 characters'),
  /** Access token lifetime in seconds (15 minutes at most). */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(900).default(900),
});
export type IdentityProviderConfig = z.infer<typeof IdentityProviderConfig>;
export type AuthConfig = z.infer<z.ZodObject<typeof AuthEnv>> & { OIDC_AUDIENCE: string };
/** The codec server of the Temporal Web UI: decodes payloads for the ops role, audited; never encodes. */
export const CodecConfig = z.object({
  MONGO_URL: ConnectionEnv.MONGO_URL,
  MONGO_TLS_CA_FILE: file,
  MONGO_TLS_CERT_KEY_FILE: file,
  // Each decode is written to the audit trail, a JetStream stream.
  NATS_URL: ConnectionEnv.NATS_URL,
  NATS_STREAM_REPLICAS: ConnectionEnv.NATS_STREAM_REPLICAS,
  NATS_TLS_CA_FILE: file,
  NATS_TLS_CERT_FILE: file,
  NATS_TLS_KEY_FILE: file,
  PAYLOAD_KEY: ConnectionEnv.PAYLOAD_KEY,
  PAYLOAD_KEY_ID: ConnectionEnv.PAYLOAD_KEY_ID,
  HTTP_HOST: ConnectionEnv.HTTP_HOST,
  LOG_LEVEL: ConnectionEnv.LOG_LEVEL,
  ...AuthEnv,
  ...audience(API_AUDIENCES.codec),
  CODEC_PORT: port(7109),
  /** The Web UI's origins (it calls from the browser), comma-separated. */
  CODEC_CORS_ORIGINS: z
    .string()
    .default('http://127.0.0.1:18233')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
});
export type CodecConfig = z.infer<typeof CodecConfig>;
export type IntakeConfig = z.infer<typeof IntakeConfig>;
export type NotificationConfig = z.infer<typeof NotificationConfig>;
export type ReportingConfig = z.infer<typeof ReportingConfig>;
export type CaseworkConfig = z.infer<typeof CaseworkConfig>;
export type WorkerConfig = z.infer<typeof WorkerConfig>;
export type ConnectionConfig = z.infer<z.ZodObject<typeof ConnectionEnv>>;
