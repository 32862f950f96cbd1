// A task type only one programme has: how it is completed (its form, as plain data) and what the bus calls it.
import type { StandardTaskType } from '@continuum/domain';

/**
 * One field of a form, as the methodology names it; the domain makes the schema that checks it
 * (`formOf` in packages/domain/src/task.ts):
 * - 'moment': a date and time (ISO 8601 with its offset);
 * - 'yes-no';
 * - 'note': free text of one line, at most 4,000 characters;
 * - a list of codes: one of them.
 * Every field is required unless it is `{ optional: ... }`.
 */
export type FieldSpec =
  'moment' | 'yes-no' | 'note' | readonly [string, ...string[]] | { optional: 'moment' | 'yes-no' | 'note' | readonly [string, ...string[]] };
export type FormSpec = Readonly<Record<string, FieldSpec>>;

export interface OwnTask {
  /** What a caseworker sees it called. */
  title: string;
  form: FormSpec;
  /**
   * The shared task type the bus and every message outside the case's own store call it: its own name may tell
   * what the family lives with (a "treatment check" tells of drug treatment), so only the store keeps it.
   */
  onTheBus: Exclude<StandardTaskType, 'infant-test'>;
}
