import type { ServiceName } from '../../infra/src/services';
import type { ServerName } from '../../infra/src/servers';
import type { FaultSystem } from './system';

export type FaultTarget = { kind: 'service'; name: ServiceName } | { kind: 'server'; name: ServerName };

/** In turn: the two services that hold work in flight, then each server the services depend on. */
export const FAULTS: readonly FaultTarget[] = [
  { kind: 'service', name: 'worker' },
  { kind: 'service', name: 'intake' },
  { kind: 'server', name: 'nats' },
  { kind: 'server', name: 'ferretdb' },
  { kind: 'server', name: 'temporal' },
];

/** The faults named in a comma-separated list (FAULTS=nats,temporal), in the default order; all when not given. */
export function chooseFaults(list: string | undefined): FaultTarget[] {
  if (list === undefined) return [...FAULTS];
  const names = list
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !FAULTS.some((f) => f.name === n));
  if (unknown.length) throw new Error(`FAULTS names ${unknown.join(', ')}; known: ${FAULTS.map((f) => f.name).join(', ')}`);
  return FAULTS.filter((f) => names.includes(f.name));
}

export interface FaultTiming {
  /** How long the part stays down. */
  downMs: number;
  /** Load with everything up between one fault's restart and the next kill. */
  settleMs: number;
}

export interface FaultRecord {
  target: string;
  killedAt: number;
  /** When it answered again (the restart's health wait). */
  upAt: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * kill -9 each part in turn while the load flows, leave it down a moment, start it again on the same ports
 * and files and wait until it answers, then let the load run before the next one.
 */
export async function runFaults(
  sys: FaultSystem,
  targets: readonly FaultTarget[],
  timing: FaultTiming,
  status: { down: string | null },
  say: (line: string) => void,
): Promise<FaultRecord[]> {
  const records: FaultRecord[] = [];
  for (const [i, target] of targets.entries()) {
    const label = `${target.name} (${i + 1}/${targets.length})`;
    say(`[faults] kill -9 ${label}`);
    const killedAt = Date.now();
    status.down = target.name;
    if (target.kind === 'service') await sys.killService(target.name);
    else await sys.stack.kill(target.name);
    await sleep(timing.downMs);
    say(`[faults] restarting ${target.name}`);
    if (target.kind === 'service') await sys.restartService(target.name);
    else await sys.stack.start(target.name);
    status.down = null;
    const upAt = Date.now();
    records.push({ target: target.name, killedAt, upAt });
    say(`[faults] ${target.name} is back after ${((upAt - killedAt) / 1000).toFixed(1)} s`);
    await sleep(timing.settleMs);
  }
  if (targets.length === 0) await sleep(timing.settleMs * 3); // no faults: a baseline of the same load
  return records;
}
