import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { generate, type CertificateExtension } from 'selfsigned';
import { connectBus, publishEvent } from '@continuum/bus';
import { natsTls } from '@continuum/config';
import { eventIdFor } from '@continuum/domain';
import { freePort } from '../../infra/src/ports';
import { binaryPath } from '../../infra/src/servers';
import { startProcess, waitUntilReady, type SupervisedProcess } from '../../infra/src/supervised-process';

/*
 * The services reach NATS over mutual TLS when the NATS_TLS_* files are set: a real nats-server (the embedded
 * build) that requires a client certificate signed by its CA, and the bus's own connect as the services use it.
 */

let dir: string;
let server: SupervisedProcess;
let url: string;
let files: { ca: string; cert: string; key: string; otherCert: string; otherKey: string };

async function certificates() {
  const caExtensions: CertificateExtension[] = [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
  ];
  const ca = await generate([{ name: 'commonName', value: 'Continuum test CA' }], { algorithm: 'sha256', keySize: 2048, extensions: caExtensions });
  const signedBy = (authority: { private: string; cert: string }, commonName: string, usage: 'serverAuth' | 'clientAuth') =>
    generate([{ name: 'commonName', value: commonName }], {
      algorithm: 'sha256',
      keySize: 2048,
      ca: { key: authority.private, cert: authority.cert },
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        usage === 'serverAuth' ? { name: 'extKeyUsage', serverAuth: true } : { name: 'extKeyUsage', clientAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 7, ip: '127.0.0.1' },
            { type: 2, value: 'localhost' },
          ],
        },
      ],
    });
  const serverCert = await signedBy(ca, '127.0.0.1', 'serverAuth');
  const client = await signedBy(ca, 'continuum-worker', 'clientAuth');
  // A client certificate from a CA the server does not trust.
  const strangerCa = await generate([{ name: 'commonName', value: 'Someone else' }], { algorithm: 'sha256', keySize: 2048, extensions: caExtensions });
  const stranger = await signedBy(strangerCa, 'intruder', 'clientAuth');
  const write = (name: string, pem: string) => {
    const file = join(dir, name);
    writeFileSync(file, pem, { mode: 0o600 });
    return file;
  };
  write('server.pem', serverCert.cert);
  write('server.key', serverCert.private);
  return {
    ca: write('ca.pem', ca.cert),
    cert: write('client.pem', client.cert),
    key: write('client.key', client.private),
    otherCert: write('other.pem', stranger.cert),
    otherKey: write('other.key', stranger.private),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'continuum-nats-tls-'));
  files = await certificates();
  const port = await freePort();
  url = `tls://127.0.0.1:${port}`;
  const config = join(dir, 'nats.conf');
  writeFileSync(
    config,
    [
      `listen: 127.0.0.1:${port}`,
      `jetstream { store_dir: "${join(dir, 'js')}" }`,
      'tls {',
      `  cert_file: "${join(dir, 'server.pem')}"`,
      `  key_file: "${join(dir, 'server.key')}"`,
      `  ca_file: "${files.ca}"`,
      '  verify: true',
      '  timeout: 2',
      '}',
    ].join('\n'),
  );
  server = startProcess('nats-tls', binaryPath('nats'), ['-c', config], { logFile: join(dir, 'nats.log') });
  await waitUntilReady(
    server,
    async () => (await connect({ servers: url, tls: { caFile: files.ca, certFile: files.cert, keyFile: files.key } })).close(),
    30_000,
  );
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('the bus connects with the NATS_TLS_* files, creates its streams and publishes', async () => {
  const tls = natsTls({ NATS_TLS_CA_FILE: files.ca, NATS_TLS_CERT_FILE: files.cert, NATS_TLS_KEY_FILE: files.key });
  const bus = await connectBus(url, 'tls-test', 1, tls);
  try {
    const caseId = 'case-0123456789abcdef0123';
    await publishEvent(bus.js, {
      type: 'case.reopened',
      eventId: eventIdFor(caseId, 'tls-test'),
      occurredAt: new Date().toISOString(),
      caseId,
      district: 'spb-nevsky',
    });
    const info = await bus.jsm.streams.info('CASE_EVENTS');
    expect(info.state.messages).toBe(1);
  } finally {
    await bus.close();
  }
});

it('is refused without a client certificate, with one the server does not trust, and in plain text', async () => {
  const attempt = (opts: Parameters<typeof connect>[0]) =>
    connect({ ...opts, servers: opts?.servers ?? url, maxReconnectAttempts: 0, timeout: 3_000 }).then((nc) => nc.close().then(() => 'connected'));
  await expect(attempt({ tls: { caFile: files.ca } })).rejects.toThrow();
  await expect(attempt({ tls: { caFile: files.ca, certFile: files.otherCert, keyFile: files.otherKey } })).rejects.toThrow();
  await expect(attempt({ servers: url.replace('tls://', 'nats://'), tls: null as never })).rejects.toThrow();
});
