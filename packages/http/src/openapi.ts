import type { Express } from 'express';
import { z } from 'zod';

type Json = Record<string, unknown>;

/** One route as the API promises it: the same zod schemas the handler parses with, so the document cannot drift. */
export interface ApiRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express style, e.g. '/tasks/:taskId/complete'. */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  /** A bearer JWT is required. */
  auth: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
}

/** The body errorHandler sends for every 4xx (see errors.ts). */
const ErrorBody = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

const ERROR_REF = { $ref: '#/components/schemas/Error' };

/**
 * JSON schema of a zod schema, without the `$schema` key (the document's dialect already says 2020-12).
 * 'input' describes what a client may send (defaults make fields optional); 'output' what the server returns.
 * unrepresentable 'any': refinements, transforms and dates become `{}` instead of throwing.
 */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

/** One OpenAPI parameter per property of the object; `required` comes from the JSON schema, so defaults and optionals count. */
function parameters(where: 'path' | 'query', obj: z.ZodObject): Json[] {
  const schema = jsonSchema(obj, 'input');
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, { description, ...propSchema }]) => ({
    name,
    in: where,
    // OpenAPI demands required: true on every path parameter.
    required: where === 'path' || required.has(name),
    ...(description !== undefined && { description }),
    schema: propSchema,
  }));
}

function errorResponse(description: string): Json {
  return { description, content: { 'application/json': { schema: ERROR_REF } } };
}

/** 'post' + '/tasks/:taskId/complete' -> 'postTasksTaskIdComplete'; stable as long as the route is. */
function operationId(method: string, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

function operation(route: ApiRoute): Json {
  const responses: Record<string, Json> = {};
  for (const [status, { description, schema }] of Object.entries(route.responses)) {
    // Every failure answers with the one error body (see errors.ts).
    responses[status] = schema
      ? { description, content: { 'application/json': { schema: jsonSchema(schema, 'output') } } }
      : Number(status) >= 400
        ? errorResponse(description)
        : { description };
  }
  // The failures every route of its kind can produce, unless the route describes them itself.
  if (route.body || route.params || route.query) responses['400'] ??= errorResponse('Invalid request');
  if (route.auth) {
    responses['401'] ??= errorResponse('Missing or invalid bearer token');
    responses['403'] ??= errorResponse('Not allowed for this caller');
  }

  const params = [...(route.params ? parameters('path', route.params) : []), ...(route.query ? parameters('query', route.query) : [])];
  return {
    operationId: operationId(route.method, route.path),
    summary: route.summary,
    ...(route.description && { description: route.description }),
    ...(route.tags && { tags: route.tags }),
    ...(route.auth && { security: [{ bearerAuth: [] }] }),
    ...(params.length > 0 && { parameters: params }),
    ...(route.body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }),
    responses,
  };
}

/** Builds an OpenAPI 3.1 document. Throws on a duplicate operation or an undescribed path parameter, so mistakes show at startup. */
export function buildOpenApi(info: { title: string; version: string; description?: string }, routes: ApiRoute[]): Json {
  const paths: Record<string, Record<string, Json>> = {};
  const ids = new Set<string>();
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const op = operation(route);
    if (ids.has(op.operationId as string)) throw new Error(`openapi: duplicate operation ${route.method} ${route.path}`);
    ids.add(op.operationId as string);
    // Every {name} in the path must be declared as a parameter, or the document is invalid.
    const declared = new Set(Object.keys(route.params?.shape ?? {}));
    for (const [, name] of route.path.matchAll(/:(\w+)/g)) {
      if (!declared.has(name!)) throw new Error(`openapi: ${route.method} ${route.path} has no params schema for :${name}`);
    }
    (paths[path] ??= {})[route.method] = op;
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: jsonSchema(ErrorBody, 'output') },
    },
  };
}

/** Serves the document at GET /openapi.json. Public: the caller mounts it before authentication. */
export function serveOpenApi(app: Express, doc: Record<string, unknown>): void {
  app.get('/openapi.json', (_req, res) => {
    res.json(doc);
  });
}
