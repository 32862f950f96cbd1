import { ApplicationFailure } from '@temporalio/workflow';
import { checked, shapeIssues } from './rejections';

describe('the guards of workflow input', () => {
  const fields = { taskId: 'string', dueAt: 'instant', roles: 'array?', form: 'object', wait: 'number?' } as const;
  const good = { taskId: 'task-1', dueAt: '2026-12-03T10:00:00Z', form: {} };

  it('take a value with every field the workflow reads, optional ones absent', () => {
    expect(shapeIssues(good, fields)).toEqual([]);
  });

  it('refuse what is not an object at all (a payload the codec opened to nothing)', () => {
    for (const raw of [undefined, null, 'task-1', [good]]) expect(shapeIssues(raw, fields)).toEqual([{ path: '(root)', message: 'must be an object' }]);
  });

  it('name each missing or mistyped field', () => {
    expect(shapeIssues({ dueAt: 'tomorrow', form: [], roles: 'caseworker', wait: Number.NaN }, fields)).toEqual([
      { path: 'taskId', message: 'required' },
      { path: 'dueAt', message: 'must be a date and time' },
      { path: 'roles', message: 'must be a list' },
      { path: 'form', message: 'must be an object' },
      { path: 'wait', message: 'must be a number' },
    ]);
  });

  it('reject with an ApplicationFailure of type INVALID that carries the issues, never a plain Error', () => {
    let thrown: unknown;
    try {
      checked({ ...good, taskId: '' }, fields);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ApplicationFailure);
    expect(thrown).toMatchObject({ type: 'INVALID', nonRetryable: true, details: [[{ path: 'taskId', message: 'must be a non-empty string' }]] });
  });
});
