import type { Router } from 'express';
import type { ApiRoute } from './openapi';

/**
 * Three views of an API's routes, as sorted 'get /tasks/:taskId' lines, so a unit test can check that the
 * OpenAPI document, the route table it is built from and the routers themselves list the same routes.
 */

/** Every route the routers register (their handlers never run, so they can be built without a store). */
export function registeredRoutes(...routers: Router[]): string[] {
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

/** Every operation of an OpenAPI document, its {param} paths turned back into express's :param. */
export function documentedRoutes(doc: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
    .sort();
}

/** Every entry of a route table. */
export const listedRoutes = (routes: ApiRoute[]): string[] => routes.map((r) => `${r.method} ${r.path}`).sort();
