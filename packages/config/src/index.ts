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

/** The connection settings every process shares. */
export const ConnectionEnv = {
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:17233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('case-follow-up'),
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL').default('mongodb://127.0.0.1:27117/continuum'),
  NATS_URL: z.string().min(1).default('nats://127.0.0.1:14222'),
  /** JetStream stream replicas: 1 on one machine, 3 on a NATS cluster. */
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** AES-256 key for Temporal payloads, base64 of 32 bytes. Required: there is no unencrypted mode. */
  PAYLOAD_KEY: z
    .string({ error: 'is required (base64 of 32 random bytes; npm start creates one in .data/)' })
    .refine((s) => Buffer.from(s, 'base64').length === 32, 'must be base64 of exactly 32 bytes'),
  PAYLOAD_KEY_ID: z.string().regex(/^[a-z0-9-]{1,32}$/).default('k1'),
  /** Where HTTP services listen: loopback on a dev machine, 0.0.0.0 in a container. */
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

/** Settings of services that verify staff tokens. */
export const AuthEnv = {
  JWT_SECRET: z.string({ error: 'is required (npm start creates one in .data/)' }).min(32, 'must be at least 32 characters'),
  JWT_ISSUER: z.string().min(1).default('continuum'),
};

export const IntakeConfig = z.object({ ...ConnectionEnv, INTAKE_PORT: port(7101) });
export const CaseworkConfig = z.object({ ...ConnectionEnv, ...AuthEnv, CASEWORK_PORT: port(7102) });
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
});

export const NotificationConfig = z.object({
  ...ConnectionEnv,
  /** Where mail goes: the embedded SMTP sink on a dev machine, the city's relay in production. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').default('smtp://127.0.0.1:12525'),
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
  REPORTING_PORT: port(7103),
  /** Counts below this are suppressed in any report that leaves the district. */
  SUPPRESS_BELOW: z.coerce.number().int().min(1).max(100).default(5),
});

export type IntakeConfig = z.infer<typeof IntakeConfig>;
export type NotificationConfig = z.infer<typeof NotificationConfig>;
export type ReportingConfig = z.infer<typeof ReportingConfig>;
export type CaseworkConfig = z.infer<typeof CaseworkConfig>;
export type WorkerConfig = z.infer<typeof WorkerConfig>;
export type ConnectionConfig = z.infer<z.ZodObject<typeof ConnectionEnv>>;
