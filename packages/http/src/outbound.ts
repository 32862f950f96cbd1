import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/*
 * Calls this system makes to addresses someone typed in (a facility's webhook) must not reach inside the
 * network it runs in (SSRF): https only, never a loopback, private, link-local or otherwise non-public
 * address, checked when the URL is registered and again on every call at the moment of connecting (so a name
 * that later resolves to a private address is caught), and no redirects followed.
 */

export interface OutboundRules {
  /** Exact origins (`http://127.0.0.1:7200`) allowed despite the rules: a development receiver, a test's. */
  allowOrigins: readonly string[];
}

/** A public unicast address: not loopback, private, link-local, unique-local, CGNAT, multicast or reserved. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

/** Why a URL may not be called, or null: for the 400 at registration. Names are resolved at each call. */
export function outboundUrlProblem(raw: string, rules: OutboundRules): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be a URL';
  }
  if (rules.allowOrigins.includes(url.origin)) return null;
  if (url.protocol !== 'https:') return 'must be an https URL';
  if (url.username || url.password) return 'must not carry credentials';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.isValid(host)) return isPublicAddress(host) ? null : 'must not point to a loopback, private or link-local address';
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal') || !host.includes('.')) {
    return 'must name a public host';
  }
  return null;
}

/** A DNS lookup that fails unless every address the name has is public: used as the connection's own lookup. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const list = addresses as unknown as Array<{ address: string; family: number }>;
    const refused = list.find((a) => !isPublicAddress(a.address));
    if (refused || list.length === 0)
      return callback(Object.assign(new Error(`${hostname} resolves to a non-public address`), { code: 'EADDRNOTPUBLIC' }), '', 0);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

/**
 * POSTs a body to an outbound URL under the rules: answers the status code. Redirects are not followed (a
 * 3xx is just an answer that is not a success), and the body of the answer is not read beyond its end.
 */
export function postOutbound(raw: string, body: string, headers: Record<string, string>, rules: OutboundRules, timeoutMs: number): Promise<number> {
  const problem = outboundUrlProblem(raw, rules);
  if (problem) return Promise.reject(new Error(`refused outbound URL: ${problem}`));
  const url = new URL(raw);
  const allowed = rules.allowOrigins.includes(url.origin);
  const options: RequestOptions = {
    method: 'POST',
    headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    timeout: timeoutMs,
    ...(allowed ? {} : { lookup: publicOnlyLookup }),
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, options, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
