// Outgoing webhooks as Standard Webhooks (standardwebhooks.com) defines them: `webhook-id` (the same
// on every retry, so a receiver drops duplicates), `webhook-timestamp` (seconds; receivers refuse
// old ones, which stops replays) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of
// `id.timestamp.body` under the base64 key after `whsec_`). The address is checked after DNS
// resolution, on the socket's own lookup, so a name cannot resolve to a private address later.
import { createHmac, randomBytes } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isPrivateIPv4, isPrivateIPv6, parseIPv4, parseIPv6 } from '../../targets/index.ts';

/** A new endpoint secret: `whsec_` and 24 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** The `webhook-signature` header value of a message. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

export type WebhookMessage = { url: string; secret: string; id: string; timestampSeconds: number; body: string };
export type WebhookOptions = { allowPrivate: boolean; timeoutMs?: number };

/** Why a delivery failed; `status` is the receiver's HTTP status when it answered. */
export class WebhookError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

/** POST a signed message; resolves with the status on 2xx, throws WebhookError otherwise. */
export async function sendWebhook(message: WebhookMessage, options: WebhookOptions): Promise<number> {
  const url = new URL(message.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookError('only http(s) URLs', null);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'antoan-webhooks/1',
    'webhook-id': message.id,
    'webhook-timestamp': String(message.timestampSeconds),
    'webhook-signature': signWebhook(message.secret, message.id, message.timestampSeconds, message.body),
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, { method: 'POST', headers, lookup: guardedLookup(options.allowPrivate), timeout: options.timeoutMs ?? 10_000 }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      response.on('end', () => (status >= 200 && status < 300 ? resolve(status) : reject(new WebhookError(`answered ${status}`, status))));
    });
    request.on('timeout', () => request.destroy(new WebhookError('timed out', null)));
    request.on('error', (error) => reject(error instanceof WebhookError ? error : new WebhookError(error.message, null)));
    request.end(message.body);
  });
}

/** Whether an address may be called: public unicast only, unless private ones are allowed. */
export function isCallableAddress(address: string, allowPrivate: boolean): boolean {
  if (allowPrivate) return true;
  const v4 = parseIPv4(address);
  if (v4 !== null) return !isPrivateIPv4(v4);
  const v6 = parseIPv6(address);
  return v6 !== null && !isPrivateIPv6(v6);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A socket lookup that refuses names resolving to an address that may not be called. */
function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error !== null) return callback(error, '');
      const refused = addresses.find((a) => !isCallableAddress(a.address, allowPrivate));
      if (refused !== undefined || addresses.length === 0) return callback(Object.assign(new Error(`refused address for ${hostname}`), { code: 'EADDRNOTALLOWED' }), '');
      const wantsAll = (options as { all?: boolean }).all === true;
      const first = addresses[0];
      if (wantsAll || first === undefined) return callback(null, addresses);
      callback(null, first.address, first.family);
    });
  };
}

/** Whether a URL is acceptable as a webhook endpoint before any delivery (scheme, no credentials, literal IPs checked). */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) return 'an https:// URL';
  if (url.username !== '' || url.password !== '') return 'no user name or password in the URL';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && !isCallableAddress(host, allowPrivate)) return 'a public address';
  return null;
}
