import path from 'node:path';

/** Process roles one codebase can run; embedded mode runs both in one process. */
export const ROLES = ['web', 'worker'] as const;
export type Role = (typeof ROLES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The whole configuration, parsed once at boot and injected everywhere else. */
export type Config = {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | null;
  adminEmail: string | null;
  adminPassword: string | null;
  /** Secret for signing (CSRF, cookies) and encrypting at rest; null until loaded from the data dir. */
  secret: string | null;
  logLevel: LogLevel;
  roles: Role[];
  trustProxy: boolean;
  /** Secure flag on cookies; off only for a plain-http public URL that is not localhost. */
  secureCookies: boolean;
  sessionTtlHours: number;
  loginRateLimit: { max: number; windowSeconds: number };
  bodyLimitBytes: number;
  /** Outgoing mail: an SMTP URL, or null to drop messages as .eml files under `mailDropDir`. */
  smtp: { url: string | null; from: string };
  mailDropDir: string;
  /** Where evidence files are kept, content-addressed (shared storage when several processes run). */
  evidenceDir: string;
  /** Report intake limits per client: reports per window, and reports of one target per day. */
  reportRateLimit: { max: number; windowSeconds: number; perTargetPerDay: number };
  /** Public check and hash-prefix lookups per client per minute. */
  checkRateLimitPerMinute: number;
  /** RPZ answers for listed names: null for NXDOMAIN (`CNAME .`), or a host serving a warning page (`CNAME <host>.`). */
  rpzWarningHost: string | null;
  /** How often each process applies new indicator changes to its lookup index. */
  indexRefreshMs: number;
  /**
   * Whether webhooks may go to private, loopback and link-local addresses. Off in production: an
   * organisation's admin must not make the server call into its own network.
   */
  outboundAllowPrivate: boolean;
  /** The SMS gateway: an http(s) URL taking `POST {to, text, reference}` with a bearer token, or null to drop messages as files under `smsDropDir`. */
  sms: { gatewayUrl: string | null; token: string | null };
  smsDropDir: string;
  /** Messages (a digest counts once) one recipient gets per hour at most; the rest wait. */
  notifyPerRecipientPerHour: number;
};

/** One problem per invalid setting; all are reported together. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Parse the environment into a Config, throwing a ConfigError that lists every problem. */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const port = read.integer('PORT', 3000, 0, 65535);
  const host = read.string('HOST', '0.0.0.0');
  const publicUrl = read.url('ANTOAN_PUBLIC_URL', `http://localhost:${port}`);
  const dataDir = path.resolve(read.string('ANTOAN_DATA_DIR', './data'));
  const databaseUrl = read.optionalPostgresUrl('DATABASE_URL');
  const adminEmail = read.optionalEmail('ANTOAN_ADMIN_EMAIL');
  const adminPassword = read.optionalString('ANTOAN_ADMIN_PASSWORD');
  if (adminPassword !== null && adminPassword.length < 12) {
    problems.push('ANTOAN_ADMIN_PASSWORD: must be at least 12 characters');
  }
  // Only when the email is missing: an invalid one already has its own problem listed.
  if (adminPassword !== null && read.optionalString('ANTOAN_ADMIN_EMAIL') === null) {
    problems.push('ANTOAN_ADMIN_PASSWORD: set ANTOAN_ADMIN_EMAIL too');
  }
  const secret = read.optionalString('ANTOAN_SECRET');
  if (secret !== null && secret.length < 32) problems.push('ANTOAN_SECRET: must be at least 32 characters');
  const logLevel = read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info');
  const roles = read.list('ANTOAN_ROLES', ROLES, ['web', 'worker']);
  const trustProxy = read.boolean('ANTOAN_TRUST_PROXY', false);
  const sessionTtlHours = read.integer('ANTOAN_SESSION_TTL_HOURS', 12, 1, 24 * 30);
  const loginMax = read.integer('ANTOAN_LOGIN_RATE_MAX', 10, 1, 10_000);
  const loginWindow = read.integer('ANTOAN_LOGIN_RATE_WINDOW_SECONDS', 300, 1, 86_400);
  const bodyLimitBytes = read.integer('ANTOAN_BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576);
  const smtpUrl = read.optionalSmtpUrl('ANTOAN_SMTP_URL');
  const mailFrom = read.string('ANTOAN_MAIL_FROM', 'An toàn <no-reply@localhost>');
  const evidenceDir = path.resolve(read.string('ANTOAN_EVIDENCE_DIR', path.join(dataDir, 'evidence')));
  const reportMax = read.integer('ANTOAN_REPORT_RATE_MAX', 20, 1, 1_000_000_000);
  const reportWindow = read.integer('ANTOAN_REPORT_RATE_WINDOW_SECONDS', 3600, 1, 86_400);
  const reportPerTarget = read.integer('ANTOAN_REPORT_TARGET_RATE_MAX', 3, 1, 1_000_000_000);
  const checkRate = read.integer('ANTOAN_CHECK_RATE_MAX', 600, 1, 1_000_000_000);
  const rpzWarningHost = read.optionalString('ANTOAN_RPZ_WARNING_HOST');
  if (rpzWarningHost !== null && !/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(rpzWarningHost)) {
    problems.push('ANTOAN_RPZ_WARNING_HOST: must be a host name such as canhbao.example.vn');
  }
  const indexRefreshMs = read.integer('ANTOAN_INDEX_REFRESH_MS', 1000, 50, 600_000);
  const outboundAllowPrivate = read.boolean('ANTOAN_OUTBOUND_ALLOW_PRIVATE', false);
  const smsGatewayUrl = read.optionalString('ANTOAN_SMS_GATEWAY_URL');
  if (smsGatewayUrl !== null && !/^https?:\/\/[^\s]+$/.test(smsGatewayUrl)) problems.push('ANTOAN_SMS_GATEWAY_URL: must be an http(s) URL');
  const smsToken = read.optionalString('ANTOAN_SMS_GATEWAY_TOKEN');
  const notifyPerHour = read.integer('ANTOAN_NOTIFY_PER_RECIPIENT_PER_HOUR', 30, 1, 1_000_000);

  if (problems.length > 0) throw new ConfigError(problems);
  const url = new URL(publicUrl);
  const localHost = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  return {
    port,
    host,
    publicUrl: publicUrl.replace(/\/$/, ''),
    dataDir,
    databaseUrl,
    adminEmail,
    adminPassword,
    secret,
    logLevel,
    roles,
    trustProxy,
    secureCookies: url.protocol === 'https:' || localHost,
    sessionTtlHours,
    loginRateLimit: { max: loginMax, windowSeconds: loginWindow },
    bodyLimitBytes,
    smtp: { url: smtpUrl, from: mailFrom },
    mailDropDir: path.join(dataDir, 'mail'),
    evidenceDir,
    reportRateLimit: { max: reportMax, windowSeconds: reportWindow, perTargetPerDay: reportPerTarget },
    checkRateLimitPerMinute: checkRate,
    rpzWarningHost: rpzWarningHost?.toLowerCase() ?? null,
    indexRefreshMs,
    outboundAllowPrivate,
    sms: { gatewayUrl: smsGatewayUrl, token: smsToken },
    smsDropDir: path.join(dataDir, 'sms'),
    notifyPerRecipientPerHour: notifyPerHour,
    ...overrides,
  };
}

/** Reads typed values from the environment, collecting problems instead of throwing at the first. */
class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string | null {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? null : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optionalString(name: string): string | null {
    return this.raw(name);
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === null) return fallback;
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${name}: expected a whole number from ${min} to ${max}, got "${value}"`);
      return fallback;
    }
    return parsed;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === null) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
    this.problems.push(`${name}: expected true or false, got "${value}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === null) return fallback;
    const match = allowed.find((candidate) => candidate === value.toLowerCase());
    if (match === undefined) {
      this.problems.push(`${name}: expected one of ${allowed.join(', ')}, got "${value}"`);
      return fallback;
    }
    return match;
  }

  list<T extends string>(name: string, allowed: readonly T[], fallback: T[]): T[] {
    const value = this.raw(name);
    if (value === null) return fallback;
    const items = value.split(',').map((item) => item.trim()).filter(Boolean);
    const result: T[] = [];
    for (const item of items) {
      const match = allowed.find((candidate) => candidate === item);
      if (match === undefined) this.problems.push(`${name}: unknown value "${item}" (allowed: ${allowed.join(', ')})`);
      else if (!result.includes(match)) result.push(match);
    }
    if (items.length === 0) this.problems.push(`${name}: must name at least one of ${allowed.join(', ')}`);
    return result;
  }

  url(name: string, fallback: string): string {
    const value = this.raw(name) ?? fallback;
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    } catch {
      this.problems.push(`${name}: expected an http(s) URL, got "${value}"`);
    }
    return value;
  }

  optionalPostgresUrl(name: string): string | null {
    const value = this.raw(name);
    if (value === null) return null;
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new Error('protocol');
    } catch {
      this.problems.push(`${name}: expected postgres://user@host:port/database`);
    }
    return value;
  }

  optionalSmtpUrl(name: string): string | null {
    const value = this.raw(name);
    if (value === null) return null;
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new Error('protocol');
    } catch {
      this.problems.push(`${name}: expected smtp://host:port or smtps://host:port`);
    }
    return value;
  }

  optionalEmail(name: string): string | null {
    const value = this.raw(name);
    if (value === null) return null;
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
      this.problems.push(`${name}: expected an email address, got "${value}"`);
      return null;
    }
    return value.toLowerCase();
  }
}
