import { TaskType } from '@continuum/domain';
import { documentedRoutes, listedRoutes, registeredRoutes } from '@continuum/http';
import { buildIntakeOpenApi, INTAKE_API } from '../../intake/src/api';
import { referralRoutes } from '../../intake/src/referrals.routes';
import { buildCaseworkOpenApi, CASEWORK_API } from './api';
import { caseworkRoutersForListing } from './routers';

// Loose accessors: the document is plain JSON.
type Doc = { paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>> } & Record<string, unknown>;

describe('casework OpenAPI document', () => {
  const doc = buildCaseworkOpenApi() as Doc;
  const routes = registeredRoutes(...caseworkRoutersForListing());

  it('documents every route the routers register, and no other', () => {
    expect(routes).toHaveLength(33);
    expect(documentedRoutes(doc)).toEqual(routes);
    expect(listedRoutes(CASEWORK_API)).toEqual(routes);
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
    expect(Object.keys(forms)).toContain('treatment-check'); // a programme's own task, from its folder
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
  const routes = registeredRoutes(referralRoutes(null as never, null as never, null as never, null as never));

  it('documents every route the router registers, and no other', () => {
    expect(routes).toEqual(['get /referrals/:caseId', 'post /referrals']);
    expect(documentedRoutes(doc)).toEqual(routes);
    expect(listedRoutes(INTAKE_API)).toEqual(routes);
  });

  it("asks a bearer token (a facility's client credentials) on every route", () => {
    for (const ops of Object.values(doc.paths)) for (const op of Object.values(ops)) expect(op.security).toEqual([{ bearerAuth: [] }]);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
