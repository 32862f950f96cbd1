import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Field names that would hold personal data. Code logs ids and codes only; this list is the second line
 * of defence for an object logged by mistake.
 */
const REDACT = [
  'mother',
  'children',
  'consent',
  'notes',
  'form',
  'fullName',
  'birthDate',
  'phone',
  'address',
  'hivStatus',
  'body',
  'req.headers.authorization',
  '*.mother',
  '*.children',
  '*.notes',
  '*.form',
  '*.fullName',
  '*.hivStatus',
];

export { runService } from './run-service';

export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  return pino({ name: service, level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service } }, destination);
}
