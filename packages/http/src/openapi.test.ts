import { z } from 'zod';
import { buildOpenApi, type ApiRoute } from './openapi';

const Task = z.strictObject({
  id: z.string(),
  title: z.string(),
  status: z.enum(['open', 'done']),
  dueAt: z.date(), // unrepresentable in JSON schema: must not throw
});

const routes: ApiRoute[] = [
  {
    method: 'get',
    path: '/tasks',
    summary: 'List tasks',
    tags: ['tasks'],
    auth: true,
    query: z.strictObject({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      status: z.enum(['open', 'done']),
      cursor: z.string().optional().describe('opaque cursor from the previous page'),
    }),
    responses: { 200: { description: 'A page of tasks', schema: z.object({ items: z.array(Task) }) } },
  },
  {
    method: 'post',
    path: '/tasks/:taskId/complete',
    summary: 'Complete a task',
    auth: true,
    params: z.strictObject({ taskId: z.string().min(1) }),
    body: z
      .strictObject({ outcome: z.enum(['reached', 'unreachable']), note: z.string().max(500).optional() })
      .refine((b) => b.outcome !== 'unreachable' || b.note, 'a note is required when unreachable'),
    responses: {
      200: { description: 'The completed task', schema: Task },
      403: { description: 'Not the assignee' },
    },
  },
  { method: 'get', path: '/status', summary: 'Public status', auth: false, responses: { 200: { description: 'ok' } } },
];

// Loose accessors: the document is plain JSON.
const doc = buildOpenApi({ title: 'Tasks', version: '1.2.3' }, routes) as any;
const list = doc.paths['/tasks'].get;
const complete = doc.paths['/tasks/{taskId}/complete'].post;
const status = doc.paths['/status'].get;

function keysDeep(value: unknown, found: string[] = []): string[] {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      found.push(k);
      keysDeep(v, found);
    }
  }
  return found;
}

describe('buildOpenApi', () => {
  it('writes the header and converts express paths', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual({ title: 'Tasks', version: '1.2.3' });
    expect(Object.keys(doc.paths).sort()).toEqual(['/status', '/tasks', '/tasks/{taskId}/complete']);
    expect(complete.operationId).toBe('postTasksTaskIdComplete');
    expect(list.operationId).toBe('getTasks');
    expect(list.tags).toEqual(['tasks']);
  });

  it('lists path and query parameters one per property, with required from the schema', () => {
    expect(complete.parameters).toEqual([{ name: 'taskId', in: 'path', required: true, schema: { type: 'string', minLength: 1 } }]);
    const byName = Object.fromEntries(list.parameters.map((p: any) => [p.name, p]));
    expect(list.parameters).toHaveLength(3);
    // A default makes the parameter optional for the client.
    expect(byName.limit).toEqual({ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } });
    expect(byName.status).toEqual({ name: 'status', in: 'query', required: true, schema: { type: 'string', enum: ['open', 'done'] } });
    expect(byName.cursor).toMatchObject({ in: 'query', required: false, description: 'opaque cursor from the previous page', schema: { type: 'string' } });
    expect(status.parameters).toBeUndefined();
  });

  it('describes the request body from the input schema', () => {
    const schema = complete.requestBody.content['application/json'].schema;
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(['outcome', 'note']);
    expect(schema.properties.outcome).toEqual({ type: 'string', enum: ['reached', 'unreachable'] });
    expect(schema.properties.note).toEqual({ type: 'string', maxLength: 500 });
    expect(schema.required).toEqual(['outcome']);
    expect(schema.additionalProperties).toBe(false);
    expect(list.requestBody).toBeUndefined();
  });

  it('describes responses from the output schema', () => {
    const schema = complete.responses['200'].content['application/json'].schema;
    expect(schema.required).toEqual(['id', 'title', 'status', 'dueAt']);
    expect(schema.properties.status.enum).toEqual(['open', 'done']);
    expect(list.responses['200'].content['application/json'].schema.properties.items.type).toBe('array');
    expect(status.responses['200']).toEqual({ description: 'ok' });
  });

  it('secures auth routes and adds the standard error responses', () => {
    expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(list.security).toEqual([{ bearerAuth: [] }]);
    expect(complete.security).toEqual([{ bearerAuth: [] }]);
    expect(status.security).toBeUndefined();

    const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
    expect(Object.keys(list.responses).sort()).toEqual(['200', '400', '401', '403']);
    expect(list.responses['401'].content).toEqual(errorContent);
    expect(complete.responses['400'].content).toEqual(errorContent);
    // A response the route gives itself is kept, not replaced.
    expect(complete.responses['403']).toEqual({
      description: 'Not the assignee',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
    // Public route without input: no 400/401/403.
    expect(Object.keys(status.responses)).toEqual(['200']);
  });

  it('defines the Error schema', () => {
    const error = doc.components.schemas.Error;
    expect(error.required).toEqual(['error', 'message']);
    expect(error.properties.issues.type).toBe('array');
    expect(error.properties.issues.items.required).toEqual(['path', 'message']);
  });

  it('is plain JSON without $schema keys', () => {
    expect(keysDeep(doc)).not.toContain('$schema');
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('rejects undescribed path parameters and duplicate operations', () => {
    const base = { method: 'get', summary: 's', auth: false, responses: { 200: { description: 'ok' } } } as const;
    expect(() => buildOpenApi({ title: 't', version: '1' }, [{ ...base, path: '/tasks/:taskId' }])).toThrow(':taskId');
    expect(() =>
      buildOpenApi({ title: 't', version: '1' }, [
        { ...base, path: '/a' },
        { ...base, path: '/a' },
      ]),
    ).toThrow('duplicate');
  });
});
