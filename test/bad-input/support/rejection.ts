import type { RawAnswer, RawRequest } from './send';

/** The error kinds the services answer with (packages/http/src/errors.ts), and body-parser's oversize one. */
const ERROR_KINDS = ['INVALID', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'TOO_LARGE'];

/**
 * Node answers these itself, before express, with an empty body: a request line or headers beyond its
 * 16 kB limit. Still a clear 4xx, but there is no JSON body to check.
 */
const ANSWERED_BY_NODE = new Set([414, 431]);

export interface Expected {
  /** The statuses that are right for this bad input. */
  status: readonly number[];
  /** Fields a 400 with issues must name (one of them is enough); compared by dotted path, parents count. */
  paths?: readonly string[];
}

/** Whether an issue's path names the field, a field inside it, or the object holding it. */
export const namesField = (issuePath: string, field: string): boolean =>
  issuePath === field || issuePath.startsWith(`${field}.`) || field.startsWith(`${issuePath}.`);

/**
 * Checks that a bad request was refused the way the API promises: never 5xx, one of the expected 4xx, with
 * the error body (`error` kind and a `message`), and for a 400 with issues, the field at fault named.
 * Throws with the request and the answer, so fast-check shows both in its counterexample.
 */
export function expectRejected(req: RawRequest, answer: RawAnswer, expected: Expected, what: string): void {
  const fail = (why: string): never => {
    const shown = JSON.stringify(answer.body) ?? '';
    throw new Error(`${req.method} ${req.target.slice(0, 200)} (${what}): ${why}; answered ${answer.status} ${shown.slice(0, 500)}`);
  };
  if (answer.status >= 500) fail('a server error');
  if (!expected.status.includes(answer.status)) fail(`expected ${expected.status.join(' or ')}`);
  if (ANSWERED_BY_NODE.has(answer.status)) return;
  const body = answer.body as { error?: unknown; message?: unknown; issues?: Array<{ path: string; message: string }> };
  if (!body || typeof body !== 'object') fail('the answer is not the JSON error body');
  if (typeof body.error !== 'string' || !ERROR_KINDS.includes(body.error)) fail('no error kind');
  if (typeof body.message !== 'string' || body.message.length === 0) fail('no message');
  if (expected.paths && answer.status === 400 && body.issues && body.issues.length > 0) {
    if (!body.issues.every((i) => typeof i.path === 'string' && typeof i.message === 'string' && i.message.length > 0))
      fail('an issue without path or message');
    if (!body.issues.some((i) => expected.paths!.some((p) => namesField(i.path, p)))) fail(`no issue names ${expected.paths.join(' or ')}`);
  }
}
