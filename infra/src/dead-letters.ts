import { connectBus, listDeadLetters, replayDeadLetter } from '@continuum/bus';

/**
 * `npm run -s dead-letters -- list [consumer]` shows what consumers gave up on, with the reason;
 * `npm run -s dead-letters -- replay <seq>… | --all [consumer]` sends them back once the cause is fixed.
 * Uses NATS_URL (default: the embedded stack of `npm start`).
 */
async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'list' && command !== 'replay') {
    console.error('usage: dead-letters list [consumer] | dead-letters replay <seq>... | dead-letters replay --all [consumer]');
    process.exit(2);
  }
  const bus = await connectBus(process.env.NATS_URL ?? 'nats://127.0.0.1:14222', 'continuum-dead-letters');
  try {
    if (command === 'list') {
      const letters = await listDeadLetters(bus.jsm, rest[0]);
      for (const l of letters) console.log(`${l.seq}\t${l.deadLetteredAt}\t${l.consumer}\t${l.originalSubject}\t${l.reason}`);
      console.log(`${letters.length} dead letter(s)`);
      return;
    }
    const seqs = rest[0] === '--all' ? (await listDeadLetters(bus.jsm, rest[1])).map((l) => l.seq) : rest.map(Number);
    if (seqs.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('give the sequence numbers that `list` shows, or --all');
    for (const seq of seqs) {
      const l = await replayDeadLetter(bus.js, bus.jsm, seq);
      console.log(`replayed ${seq} (${l.originalSubject}) to ${l.consumer}`);
    }
    console.log(`${seqs.length} replayed`);
  } finally {
    await bus.close();
  }
}

main().catch((err: Error) => {
  console.error(`dead-letters: ${err.message}`);
  process.exit(1);
});
