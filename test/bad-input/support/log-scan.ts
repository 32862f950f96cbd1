import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INJECTION_MARKER } from './bad-values';

/**
 * The service log lines an injected string got into the wrong way: a line holding the marker that is not
 * one of the logger's own JSON records, or a record in which the marker became a field of its own (a
 * forged line). The marker inside a logged string value is fine: that is the logger escaping it.
 */
export function forgedLogLines(logDir: string): string[] {
  const forged: string[] = [];
  for (const file of logFiles(logDir)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.includes(INJECTION_MARKER)) continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        forged.push(`${file}: ${line.slice(0, 200)}`);
        continue;
      }
      if (!record || typeof record !== 'object' || INJECTION_MARKER in record) forged.push(`${file}: ${line.slice(0, 200)}`);
    }
  }
  return forged;
}

/** How many requests the services logged as failed (errorHandler logs every 5xx as 'request failed'). */
export function failedRequestLines(logDir: string): number {
  let n = 0;
  for (const file of logFiles(logDir))
    n += readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"msg":"request failed"')).length;
  return n;
}

function logFiles(logDir: string): string[] {
  if (!existsSync(logDir)) return [];
  return readdirSync(logDir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => join(logDir, f));
}
