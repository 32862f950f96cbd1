import type { Router } from 'express';
import { documentedRoutes, registeredRoutes } from '@continuum/http';
import type { Tally } from './tally';

/**
 * The routes a service has, two ways: what its routers register (built without a store: their handlers
 * never run) and what its running instance documents at /openapi.json. A bad-input table must list
 * exactly these, so a route added later fails the test until its bad inputs are written.
 */
export async function routesOf(routers: Router[], baseUrl: string): Promise<{ registered: string[]; served: string[] }> {
  const res = await fetch(`${baseUrl}/openapi.json`);
  const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
  return { registered: registeredRoutes(...routers), served: documentedRoutes(doc) };
}

/** The routes of the table that were tried fewer than `atLeast` times: none, when every row's properties ran. */
export function untried(table: Record<string, unknown>, tally: Tally, atLeast: number): string[] {
  return Object.keys(table).filter((route) => tally.of(route) < atLeast);
}
