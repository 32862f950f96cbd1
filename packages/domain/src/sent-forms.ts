import type { z } from 'zod';
import type { Programme } from './programme';
import { PROGRAMME_RISK_FACTORS, type RiskFactor } from './risk';
import { SentNeedsAssessmentForm, TaskForms, type TaskForm, type TaskType } from './task';

/**
 * The form that completes a task, as staff send it (POST /tasks/{id}/complete): the task type's form, except
 * that a needs assessment's (or reassessment's) risk factors must be of the case's programme, and may be sent
 * as aliases, which become the codes. What it gives is what TaskForms takes, and what the case workflow gets
 * (it holds no schemas and takes the form as parsed here): canonical codes only.
 *
 * `asSeen` is how the sender sees a case's codes (her lens): where the family's consent does not reach her,
 * the codes that tell of HIV are left out of what she may send, so a case of either programme answers her alike.
 */
export function SentTaskForm<T extends TaskType>(
  type: T,
  programme: Programme,
  asSeen: (factors: readonly RiskFactor[]) => readonly string[] = (factors) => factors,
): z.ZodType<TaskForm<T>> {
  if (type !== 'needs-assessment' && type !== 'reassessment') return TaskForms[type] as unknown as z.ZodType<TaskForm<T>>;
  const seen = asSeen(PROGRAMME_RISK_FACTORS[programme]);
  const accepted = PROGRAMME_RISK_FACTORS[programme].filter((f) => seen.includes(f));
  return SentNeedsAssessmentForm(accepted) as unknown as z.ZodType<TaskForm<T>>;
}
