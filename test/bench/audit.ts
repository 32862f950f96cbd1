import { verifyAuditTrail } from '@continuum/audit';
import { casework } from '../harness/casework';
import { intFlag, type Bench } from './support/bench';
import { latencyAtRate, runConcurrently } from './support/fixed-rate';
import { figure, type Figure } from './support/result';

/**
 * The audit trail's costs: a case read (GET /cases/{id}, which writes its entry to the AUDIT stream before it
 * answers) beside one entry appended alone; how fast the sealer copies a burst of entries into the chain in
 * MongoDB; and how fast `npm run audit -- verify` walks the whole trail.
 */
export const auditBench: Bench = {
  name: 'audit',
  title: 'Audit trail: a case read with its entry, an entry alone, the sealer behind a burst, verify over the trail',
  flags: { 'audit-rate': '10', 'audit-count': '300', 'audit-burst': '3000' },
  async run({ t, flags, say }) {
    const started = Date.now();
    const rate = intFlag(flags, 'audit-rate', 10);
    const count = intFlag(flags, 'audit-count', 300);
    const burst = intFlag(flags, 'audit-burst', 3000);
    const cw = casework(t);
    const { caseId, manager } = await cw.inFirstContact();
    const token = await t.tokenFor(manager);
    const figures: Figure[] = [];

    const read = async () => {
      const res = await fetch(`${t.system.caseworkUrl}/cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET /cases answered ${res.status}`);
    };
    const append = async () => {
      await t.audit({ actor: 'bench', action: 'read-case', caseId, district: 'spb-nevsky', details: { hivStatus: 'withheld' } });
    };
    const reads = await latencyAtRate({ what: 'case reads', count, ratePerSecond: rate, op: read, say });
    const appends = await latencyAtRate({ what: 'entries appended alone', count, ratePerSecond: rate, op: append, say });
    for (const p of ['p50', 'p95', 'p99'] as const) {
      figures.push(figure(`${p} GET /cases/{id} (its entry included)`, reads[p], 'ms', `${count} at ${rate}/s`));
      figures.push(figure(`${p} one entry appended to AUDIT`, appends[p], 'ms', `${count} at ${rate}/s`));
    }

    await t.auditSealed();
    say(`appending a burst of ${burst} entries, 16 at a time`);
    const burstStart = Date.now();
    await runConcurrently(burst, 16, append);
    const appended = Date.now() - burstStart;
    await t.auditSealed();
    const sealed = Date.now() - burstStart;
    figures.push(figure('burst appended', Math.round((burst * 1000) / appended), 'entries/s', `${burst} entries, 16 at a time, in ${appended} ms`));
    figures.push(
      figure(
        'burst sealed into the chain',
        Math.round((burst * 1000) / sealed),
        'entries/s',
        `the last sealed ${sealed - appended} ms after the last appended`,
      ),
    );

    say('verifying the whole trail');
    const verifyStart = Date.now();
    const verified = await verifyAuditTrail(t.store, t.nats.jetstream(), t.jsm);
    const verifyMs = Date.now() - verifyStart;
    if (!verified.ok) throw new Error(`the trail does not verify: ${JSON.stringify(verified.problems.slice(0, 5))}`);
    figures.push(figure('verify', Math.round((verified.entries * 1000) / verifyMs), 'entries/s', `${verified.entries} entries in ${verifyMs} ms`));
    return {
      bench: 'audit',
      title: auditBench.title,
      params: { rate, count, burst },
      figures,
      startedAt: new Date(started).toISOString(),
      seconds: (Date.now() - started) / 1000,
    };
  },
};
