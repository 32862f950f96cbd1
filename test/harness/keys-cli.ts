import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { OpenTestSystem } from './system';

/** Runs `npm run -s keys -- <args>` as ops would, against the test's servers and with their key. */
export function keysCli(t: OpenTestSystem, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)('node', ['--require', 'tsx/cjs', 'infra/src/keys-cli.ts', ...args], {
    env: {
      ...process.env,
      MONGO_URL: t.system.mongoUrl,
      NATS_URL: t.system.natsUrl,
      TEMPORAL_ADDRESS: t.system.temporalAddress,
      PAYLOAD_KEY: t.system.payloadKey,
      PAYLOAD_KEY_ID: t.system.payloadKeyId,
    },
  });
}
