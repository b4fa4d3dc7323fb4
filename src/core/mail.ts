import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type NodemailerError, type SendMailOptions, type SMTPTransportOptions } from 'nodemailer';
import type { Logger } from 'pino';
import { systemClock, type Clock } from './clock.ts';
import { ConfigError } from './config.ts';

/** One outgoing message; the sender is the configured `from`. */
export type MailMessage = { to: string; subject: string; text: string; html?: string; headers?: Record<string, string> };

/** `url` like smtp://user:pass@host:587 or smtps://host:465 (see parseSmtpUrl); null = not configured. */
export type SmtpSettings = { url: string | null; from: string };

/** Sends mail; errors reject, so the calling job can retry. */
export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): Promise<void>;
}

/** What went wrong delivering a message, with recipient addresses taken out of the text. */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    /** Nodemailer's code (ECONNECTION, EENVELOPE, EAUTH, …), when it set one. */
    readonly code: string | undefined,
    readonly responseCode: number | undefined,
    /** True when the server refused the message for good (5xx): retrying will not help. */
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

// Short enough that a dead server fails a job attempt quickly, long enough for a slow relay.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, dnsTimeout: 10_000, socketTimeout: 30_000 };

const BOOLEAN_OPTIONS = ['ignoreTLS', 'requireTLS', 'tlsRejectUnauthorized'] as const;

/**
 * Turn an SMTP URL into transport options, or throw a ConfigError listing every
 * problem (never echoing the URL, which may hold a password).
 *
 * `smtp://` connects in clear and upgrades with STARTTLS when the server offers it
 * (port 587 by default); `smtps://` is TLS from the start (port 465 by default).
 * User and password are percent-decoded. The query options honoured, each `true`
 * or `false`: `requireTLS` (fail unless STARTTLS succeeds), `ignoreTLS` (never
 * STARTTLS, for a local test server), `tlsRejectUnauthorized=false` (accept a
 * self-signed certificate). Any other option is refused rather than passed to
 * nodemailer, so a URL cannot switch on its debug logging or file access.
 */
export function parseSmtpUrl(url: string): SMTPTransportOptions {
  const problems: string[] = [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(['SMTP URL: expected smtp://user:pass@host:587 or smtps://host:465']);
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') problems.push(`SMTP URL: expected the smtp: or smtps: scheme, got "${parsed.protocol}"`);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') problems.push('SMTP URL: the host is missing');
  if (parsed.pathname !== '' && parsed.pathname !== '/') problems.push('SMTP URL: a path is not allowed');

  const flags: Partial<Record<(typeof BOOLEAN_OPTIONS)[number], boolean>> = {};
  for (const [key, value] of parsed.searchParams) {
    const option = BOOLEAN_OPTIONS.find((candidate) => candidate === key);
    if (option === undefined) problems.push(`SMTP URL: unknown option "${key}" (allowed: ${BOOLEAN_OPTIONS.join(', ')})`);
    else if (value !== 'true' && value !== 'false') problems.push(`SMTP URL: ${key} must be true or false`);
    else flags[option] = value === 'true';
  }
  if (flags.requireTLS === true && flags.ignoreTLS === true) problems.push('SMTP URL: requireTLS and ignoreTLS contradict each other');
  if (problems.length > 0) throw new ConfigError(problems);

  const user = decodeURIComponent(parsed.username);
  const pass = decodeURIComponent(parsed.password);
  return {
    host,
    ...(parsed.port !== '' && { port: Number(parsed.port) }),
    secure: parsed.protocol === 'smtps:',
    ...(user !== '' && { auth: { user, pass } }),
    ...(flags.requireTLS !== undefined && { requireTLS: flags.requireTLS }),
    ...(flags.ignoreTLS !== undefined && { ignoreTLS: flags.ignoreTLS }),
    ...(flags.tlsRejectUnauthorized !== undefined && { tls: { rejectUnauthorized: flags.tlsRejectUnauthorized } }),
  };
}

/** An SMTP mailer (nodemailer), or — when no SMTP URL is configured — one that writes each message as an .eml file under `dropDir` so nothing is lost in development. */
export function createMailer(settings: SmtpSettings, options: { dropDir: string; logger: Logger; clock?: Clock }): Mailer {
  return settings.url === null ? createDropMailer(settings.from, options.dropDir, options.logger, options.clock ?? systemClock) : createSmtpMailer(settings.url, settings.from, options.logger);
}

// Messages hold only strings: no attachment paths or URLs for nodemailer to read.
const NO_CONTENT_ACCESS = { disableFileAccess: true, disableUrlAccess: true };

/**
 * A small pool of connections, each reused for up to 100 messages: the notification engine sends
 * up to eight messages at once, and a TLS handshake per message would cap a digest run at a few
 * dozen a second. A failed send still fails alone (the engine retries it).
 */
function createSmtpMailer(url: string, from: string, logger: Logger): Mailer {
  const transport = nodemailer.createTransport({ ...parseSmtpUrl(url), ...TIMEOUTS, ...NO_CONTENT_ACCESS, pool: true, maxConnections: 8, maxMessages: 100, logger: false }, { from });
  return {
    async send(message) {
      try {
        const info = await transport.sendMail(toSendMailOptions(message));
        logger.info({ mail: 'sent', messageId: info.messageId }, 'mail sent');
        return { messageId: info.messageId };
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
    async close() {
      transport.close();
    },
  };
}

/** Writes each message to `<dropDir>/<timestamp>-<message id>.eml`, readable by the owner only. */
function createDropMailer(from: string, dropDir: string, logger: Logger, clock: Clock): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows', ...NO_CONTENT_ACCESS, logger: false }, { from });
  return {
    async send(message) {
      const now = clock.now();
      const info = await transport.sendMail({ ...toSendMailOptions(message), date: now });
      if (!Buffer.isBuffer(info.message)) throw new Error('stream transport returned a stream despite buffer: true');
      // Colons and dots out of the timestamp: file names that work on every file system.
      const stamp = now.toISOString().replace(/[:.]/g, '-');
      const file = path.join(dropDir, `${stamp}-${safeFileName(info.messageId)}.eml`);
      await mkdir(dropDir, { recursive: true, mode: 0o700 });
      await writeFile(file, info.message, { mode: 0o600, flag: 'wx' });
      logger.info({ mail: 'dropped', file }, 'mail written to the drop directory (no SMTP URL configured)');
      return { messageId: info.messageId };
    },
    async close() {
      // Nothing to release: the stream transport holds no connection.
    },
  };
}

function toSendMailOptions(message: MailMessage): SendMailOptions {
  return {
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(message.html !== undefined && { html: message.html }),
    ...(message.headers !== undefined && { headers: message.headers }),
  };
}

function safeFileName(messageId: string): string {
  return messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@-]/g, '_');
}

const ADDRESS = /[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/g;

/**
 * Nodemailer's errors carry the rejected recipients (in `rejected`, `recipient`,
 * `envelope` and the server's reply); the job that logs the error must not log
 * those, so only the code, the reply code and an address-free message go on.
 */
function toDeliveryError(error: unknown): MailDeliveryError {
  if (!(error instanceof Error)) return new MailDeliveryError('mail delivery failed', undefined, undefined, false);
  const details = error as NodemailerError;
  return new MailDeliveryError(error.message.replace(ADDRESS, '[address]'), details.code, details.responseCode, details.permanent === true);
}
