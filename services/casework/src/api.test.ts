import type { Router } from 'express';
import { TaskType } from '@continuum/domain';
import type { ApiRoute } from '@continuum/http';
import { buildIntakeOpenApi, INTAKE_API } from '../../intake/src/api';
import { referralRoutes } from '../../intake/src/referrals.routes';
import { buildCaseworkOpenApi, CASEWORK_API } from './api';
import { caseRoutes } from './cases.routes';
import { taskRoutes } from './tasks.routes';
import { conferenceRoutes } from './conferences.routes';
import { preferenceRoutes } from './preferences.routes';

// Loose accessors: the document is plain JSON.
type Doc = { paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>> } & Record<string, unknown>;

/** 'get /tasks/:taskId' for every route the routers register; the handlers never run, so the routers get no store. */
function registered(...routers: Router[]): string[] {
  const found: string[] = [];
  for (const router of routers) {
    for (const layer of router.stack) {
      const route = layer.route as { path: string; methods: Record<string, boolean> } | undefined;
      if (!route) continue;
      for (const method of Object.keys(route.methods).filter((m) => route.methods[m])) found.push(`${method} ${route.path}`);
    }
  }
  return found.sort();
}

/** The same from the document, with its {param} paths turned back into express's :param. */
function documented(doc: Doc): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
    .sort();
}

const listed = (routes: ApiRoute[]) => routes.map((r) => `${r.method} ${r.path}`).sort();

describe('casework OpenAPI document', () => {
  const doc = buildCaseworkOpenApi() as Doc;
  const routes = registered(taskRoutes(null as never, null as never), caseRoutes(null as never, null as never), conferenceRoutes(null as never, null as never), preferenceRoutes(null as never));

  it('documents every route the routers register, and no other', () => {
    expect(routes).toHaveLength(23);
    expect(documented(doc)).toEqual(routes);
    expect(listed(CASEWORK_API)).toEqual(routes);
  });

  it('asks for a bearer token on every route', () => {
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops)) {
        expect(op.security).toEqual([{ bearerAuth: [] }]);
        expect(op.responses).toHaveProperty('401');
      }
    }
  });

  it('carries the form of every task type under x-task-forms', () => {
    const forms = doc['x-task-forms'] as Record<string, Record<string, unknown>>;
    expect(Object.keys(forms).sort()).toEqual([...TaskType.options].sort());
    expect(Object.keys(forms)).toHaveLength(14);
    for (const form of Object.values(forms)) {
      expect(form.type).toBe('object');
      expect(form).not.toHaveProperty('$schema');
    }
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});

describe('intake OpenAPI document', () => {
  const doc = buildIntakeOpenApi() as Doc;
  const routes = registered(referralRoutes(null as never, null as never));

  it('documents every route the router registers, and no other', () => {
    expect(routes).toEqual(['get /referrals/:caseId', 'post /referrals']);
    expect(documented(doc)).toEqual(routes);
    expect(listed(INTAKE_API)).toEqual(routes);
  });

  it('is public', () => {
    for (const ops of Object.values(doc.paths)) for (const op of Object.values(ops)) expect(op.security).toBeUndefined();
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
