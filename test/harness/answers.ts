import type { z } from 'zod';
import type { HttpAnswer } from './system';

/**
 * A 200 answer must be what the OpenAPI document promises: the schema it is built from (the task answers are in
 * packages/domain/src/task-answers.ts). Other answers pass through untouched, for the test to check.
 */
export function conforming<S extends z.ZodType>(schema: S, answer: HttpAnswer, what = 'the answer'): HttpAnswer {
  if (answer.status !== 200) return answer;
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success) throw new Error(`${what} is not the documented answer: ${JSON.stringify(parsed.error.issues)}\n${JSON.stringify(answer.body)}`);
  return answer;
}
