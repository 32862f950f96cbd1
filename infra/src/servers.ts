import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The three real servers of the embedded stack, pinned. Binaries are built once with Go into a cache
 * outside the repo (CONTINUUM_BIN_DIR, default ~/.cache/continuum/bin), so a fresh clone reuses them.
 */
export const SERVERS = {
  nats: { version: 'v2.12.15', binary: 'nats-server', module: 'github.com/nats-io/nats-server/v2' },
  // Built from source with our patches (ferretdb-patches.ts), so its cache folder says which set.
  ferretdb: { version: 'v1.24.2', build: 'patches-5', binary: 'ferretdb', module: 'github.com/FerretDB/FerretDB/cmd/ferretdb' },
  temporal: { version: 'v1.5.1', binary: 'temporal', module: 'github.com/temporalio/cli/cmd/temporal' },
} as const;
export type ServerName = keyof typeof SERVERS;

export const binDir = (): string => process.env.CONTINUUM_BIN_DIR ?? join(homedir(), '.cache', 'continuum', 'bin');

export function binaryPath(name: ServerName): string {
  const server = SERVERS[name];
  const build = 'build' in server ? `+${server.build}` : '';
  return join(binDir(), `${server.binary}@${server.version}${build}`, server.binary);
}
