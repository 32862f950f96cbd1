import nodemailer from 'nodemailer';
import type { Composed } from '../compose';

/** Sends mail through SMTP. The Message-ID is the delivery's id, so a mail sent twice is recognisably the same. */
export function emailChannel(smtpUrl: string, from: string) {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(to: string, message: Composed, deliveryId: string): Promise<void> {
      await transport.sendMail({
        from,
        to,
        subject: message.subject,
        text: message.text,
        messageId: `<${deliveryId.replace(/[^a-zA-Z0-9._-]/g, '.')}@continuum>`,
        headers: { 'X-Continuum-Delivery': deliveryId },
      });
    },
    close: () => transport.close(),
  };
}
