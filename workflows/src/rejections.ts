import { ApplicationFailure } from '@temporalio/workflow';
import { POLICY_VERSIONS } from '@continuum/domain/rules';
import type { ErrorKind, FieldIssue, Policy } from '@continuum/domain';

/** Rejects an Update: an ApplicationFailure whose type is the ErrorKind, which the API turns into its 4xx. */
export const fail = (kind: ErrorKind, message: string, details?: unknown): never => {
  throw ApplicationFailure.nonRetryable(message, kind, ...(details ? [details] : []));
};

/** The shape of a field the workflow reads; `?` when it may be absent. */
type Shape = 'string' | 'boolean' | 'number' | 'object' | 'array' | 'instant';

const IN_WORDS: Record<Shape, string> = {
  string: 'a non-empty string',
  boolean: 'true or false',
  number: 'a number',
  object: 'an object',
  array: 'a list',
  instant: 'a date and time',
};

const SHAPE_OF: Record<Shape, (value: unknown) => boolean> = {
  string: (v) => typeof v === 'string' && v.length > 0,
  boolean: (v) => typeof v === 'boolean',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  array: (v) => Array.isArray(v),
  instant: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
};

/** The issues of a value against the shapes of the fields the workflow reads (none: it has them all). */
export function shapeIssues(raw: unknown, fields: Record<string, Shape | `${Shape}?`>): FieldIssue[] {
  if (!SHAPE_OF.object(raw)) return [{ path: '(root)', message: 'must be an object' }];
  return Object.entries(fields).flatMap(([field, want]) => {
    const value = (raw as Record<string, unknown>)[field];
    const shape = want.replace('?', '') as Shape;
    if (value === undefined && want.endsWith('?')) return [];
    return SHAPE_OF[shape](value) ? [] : [{ path: field, message: value === undefined ? 'required' : `must be ${IN_WORDS[shape]}` }];
  });
}

/**
 * Validators reject before anything is written. The services parsed every request with the domain's schema
 * already (the workflow bundle holds no schemas); this checks the fields the workflow reads, so that a request
 * from anywhere else is refused with the fields named rather than failing the workflow.
 */
export function checked<T>(raw: unknown, fields: Record<string, Shape | `${Shape}?`>): T {
  const issues = shapeIssues(raw, fields);
  if (issues.length > 0) fail('INVALID', 'invalid request', issues);
  return raw as T;
}

/** A published policy by version. One the workflow cannot find fails it cleanly, never as an Error retried forever. */
export const publishedPolicy = (version: string): Policy => POLICY_VERSIONS[version] ?? fail('INVALID', `no policy version ${version}`);
