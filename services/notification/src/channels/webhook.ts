import { createHmac } from 'node:crypto';
import { postOutbound, type OutboundRules } from '@continuum/http';

/** What a facility system receives: ids, the status and a link; never family data. */
export interface WebhookBody {
  deliveryId: string;
  eventId: string;
  kind: string;
  caseId: string | null;
  facts: Record<string, string>;
  link: string | null;
  sentAt: string;
}

/** `sha256=<hex>` of `<timestamp>.<body>` under the facility's secret: what the receiver recomputes to trust a call. */
export const signWebhook = (secret: string, timestamp: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/**
 * POSTs a signed JSON body, to https on a public address only (resolved and checked as it connects), and
 * follows no redirect. Anything but a 2xx answer (or no answer in time) is a failure, retried with backoff by
 * the consumer; the delivery id header lets the receiver drop a copy.
 */
export function webhookChannel(timeoutMs: number, rules: OutboundRules) {
  return {
    async send(url: string, secret: string, body: WebhookBody): Promise<void> {
      const json = JSON.stringify(body);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const headers = {
        'content-type': 'application/json',
        'x-continuum-delivery': body.deliveryId,
        'x-continuum-timestamp': timestamp,
        'x-continuum-signature': signWebhook(secret, timestamp, json),
      };
      const status = await postOutbound(url, json, headers, rules, timeoutMs);
      if (status < 200 || status >= 300) throw new Error(`webhook answered ${status}`);
    },
  };
}
