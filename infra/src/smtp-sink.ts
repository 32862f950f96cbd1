import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

/**
 * The embedded stack's SMTP sink: accepts every message on 127.0.0.1 and writes it to a folder as JSON
 * (from, to, subject, text), where developers and tests read what the notification service sent. Never
 * relays anything anywhere. Run: node --require tsx/cjs infra/src/smtp-sink.ts <port> <folder>
 */
export function startSmtpSink(port: number, dir: string): Promise<SMTPServer> {
  mkdirSync(dir, { recursive: true });
  let seq = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    banner: 'Continuum SMTP sink (nothing is relayed)',
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          seq += 1;
          const record = {
            messageId: mail.messageId ?? null,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            headers: Object.fromEntries([...mail.headers.entries()].filter(([k]) => k.startsWith('x-continuum')).map(([k, v]) => [k, String(v)])),
            receivedAt: new Date().toISOString(),
          };
          const name = `${Date.now()}-${process.pid}-${seq}.json`;
          // Written whole, then renamed: a reader never sees half a message.
          writeFileSync(join(dir, `.${name}`), JSON.stringify(record, null, 2));
          renameSync(join(dir, `.${name}`), join(dir, name));
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

if (require.main === module) {
  const [port, dir] = process.argv.slice(2);
  if (!port || !dir) {
    console.error('usage: smtp-sink <port> <folder>');
    process.exit(2);
  }
  startSmtpSink(Number(port), dir).then(
    () => console.log(`smtp sink listening on 127.0.0.1:${port}, writing to ${dir}`),
    (err: Error) => {
      console.error(`smtp sink failed to start: ${err.message}`);
      process.exit(1);
    },
  );
  const stop = () => process.exit(0);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
