import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APPEND_ONLY_GUARDS } from '@continuum/bus';

const composeNats = readFileSync(join(__dirname, '..', 'compose', 'nats.conf'), 'utf8');

describe("docker compose's NATS", () => {
  it("denies the services' user exactly what the embedded stack denies it: changing the append-only streams", () => {
    const deny = /deny: (\[[^\]]*\])/.exec(composeNats)?.[1];
    expect(deny).toBeDefined();
    expect((JSON.parse(deny!) as string[]).sort()).toEqual([...APPEND_ONLY_GUARDS].sort());
  });
});
