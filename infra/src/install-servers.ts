import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { patchFerretDb } from './ferretdb-patches';
import { binaryPath, SERVERS, type ServerName } from './servers';

type Progress = (line: string) => void;

/**
 * Builds whichever server binaries are missing, with progress lines, and skips the ones already built.
 * Each build goes to a temporary file first, so an interrupted build never leaves a broken binary.
 */
export async function ensureServers(progress: Progress = (l) => console.log(l)): Promise<Record<ServerName, string>> {
  const missing = (Object.keys(SERVERS) as ServerName[]).filter((name) => !existsSync(binaryPath(name)));
  if (missing.length > 0) await assertGo();
  for (const [i, name] of missing.entries()) {
    const { version } = SERVERS[name];
    const started = Date.now();
    progress(`[install ${i + 1}/${missing.length}] building ${name} ${version} with Go (first time only; temporal takes ~3 min)`);
    await build(name, progress);
    progress(`[install ${i + 1}/${missing.length}] ${name} ${version} built in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  for (const name of Object.keys(SERVERS) as ServerName[]) {
    if (!missing.includes(name)) progress(`[install] ${name} ${SERVERS[name].version} already built: ${binaryPath(name)}`);
  }
  return { nats: binaryPath('nats'), ferretdb: binaryPath('ferretdb'), temporal: binaryPath('temporal') };
}

async function build(name: ServerName, progress: Progress): Promise<void> {
  const target = binaryPath(name);
  mkdirSync(dirname(target), { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), `continuum-build-${name}-`));
  try {
    const output = join(scratch, 'out');
    mkdirSync(output);
    if (name === 'ferretdb') await buildFerretDb(scratch, output, progress);
    else await run('go', ['install', `${SERVERS[name].module}@${SERVERS[name].version}`], { cwd: scratch, env: { GOBIN: output } }, progress);
    renameSync(join(output, SERVERS[name].binary), target);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * FerretDB v1.24.2 cannot be `go install`ed as published: the module proxy refuses its version list (which
 * `go install` reads for deprecation notices), and the module lacks the generated build/version/version.txt,
 * so the binary panics at start. We build it from infra/ferretdb-build (a module pinning v1.24.2, checked
 * by its go.sum) against a copy of the verified module source with version.txt added.
 */
async function buildFerretDb(scratch: string, output: string, progress: Progress): Promise<void> {
  const { version } = SERVERS.ferretdb;
  const buildModule = join(scratch, 'build');
  cpSync(join(__dirname, '..', 'ferretdb-build'), buildModule, { recursive: true });
  const downloaded = await run('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${version}`], { cwd: buildModule }, progress);
  const sourceDir = (JSON.parse(downloaded) as { Dir: string }).Dir;
  const source = join(scratch, 'ferretdb-src');
  cpSync(sourceDir, source, { recursive: true });
  chmodRecursive(source);
  writeFileSync(join(source, 'build', 'version', 'version.txt'), `${version}\n`);
  patchFerretDb(source);
  await run('go', ['mod', 'edit', `-replace=github.com/FerretDB/FerretDB=${source}`], { cwd: buildModule }, progress);
  await run('go', ['build', '-o', join(output, 'ferretdb'), SERVERS.ferretdb.module], { cwd: buildModule, env: { GOFLAGS: '-mod=mod' } }, progress);
}

function chmodRecursive(dir: string): void {
  // The module cache is read-only; the copy must be writable to add version.txt and to be removed later.
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) chmodRecursive(path);
    else chmodSync(path, 0o644);
  }
}

async function assertGo(): Promise<void> {
  try {
    await run('go', ['version'], {}, () => undefined);
  } catch {
    throw new Error('Go is needed to build the embedded servers (https://go.dev/dl/), or set TEMPORAL_ADDRESS, MONGO_URL and NATS_URL to servers you run');
  }
}

/** Runs a command, forwarding its stderr lines as progress; resolves with its stdout. */
function run(command: string, args: string[], opts: { cwd?: string; env?: Record<string, string> }, progress: Progress): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderrTail = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      stderrTail = (stderrTail + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) progress(`          ${line.trim()}`);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(' ')} failed with exit code ${code}:\n${stderrTail}`));
    });
  });
}

if (require.main === module) {
  ensureServers().catch((err: Error) => {
    console.error(`Building the embedded servers failed: ${err.message}`);
    process.exit(1);
  });
}
