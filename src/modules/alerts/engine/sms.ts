// SMS through an HTTP gateway (the operator's or an aggregator's): `POST <url>` with
// `{to, text, reference}` as JSON and a bearer token; any 2xx is accepted. Without a gateway URL,
// messages are written as JSON files under the drop directory, so nothing is lost in development.
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { Logger } from 'pino';

export type SmsMessage = { to: string; text: string; reference: string };

/** Sends one SMS; rejects with SmsError so the dispatcher can retry or give up. */
export interface SmsSender {
  send(message: SmsMessage): Promise<{ status: number | null }>;
}

/** Why a send failed; `permanent` when retrying cannot help (the gateway refused the message). */
export class SmsError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SmsError';
  }
}

/** The gateway sender, or the drop-directory one when no URL is configured. */
export function createSmsSender(settings: { gatewayUrl: string | null; token: string | null }, options: { dropDir: string; logger: Logger; timeoutMs?: number }): SmsSender {
  const { gatewayUrl } = settings;
  if (gatewayUrl === null) return dropSender(options.dropDir, options.logger);
  return {
    send: (message) => postToGateway(new URL(gatewayUrl), settings.token, message, options.timeoutMs ?? 10_000),
  };
}

function postToGateway(url: URL, token: string | null, message: SmsMessage, timeoutMs: number): Promise<{ status: number }> {
  const body = JSON.stringify(message);
  const headers = { 'content-type': 'application/json', 'user-agent': 'antoan-sms/1', ...(token !== null && { authorization: `Bearer ${token}` }) };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, { method: 'POST', headers, timeout: timeoutMs }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      response.on('end', () => {
        if (status >= 200 && status < 300) return resolve({ status });
        // 4xx other than 408/429 means the gateway will never take this message.
        reject(new SmsError(`gateway answered ${status}`, status, status >= 400 && status < 500 && status !== 408 && status !== 429));
      });
    });
    request.on('timeout', () => request.destroy(new SmsError('gateway timed out', null, false)));
    request.on('error', (error) => reject(error instanceof SmsError ? error : new SmsError(error.message, null, false)));
    request.end(body);
  });
}

function dropSender(dropDir: string, logger: Logger): SmsSender {
  return {
    async send(message) {
      await mkdir(dropDir, { recursive: true, mode: 0o700 });
      await writeFile(path.join(dropDir, `${message.reference}.json`), JSON.stringify(message), { mode: 0o600 });
      logger.info({ sms: 'dropped', reference: message.reference }, 'SMS written to the drop directory (no gateway configured)');
      return { status: null };
    },
  };
}
