import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/core/config.ts';
import { createInstance, killAllChildren, runCli, type Instance } from './helpers/process.ts';

/** The ConfigError `loadConfig(env)` throws; fails the test if it does not throw one. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has working defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      publicUrl: 'http://localhost:3000',
      dataDir: path.resolve('./data'),
      databaseUrl: null,
      adminEmail: null,
      adminPassword: null,
      secret: null,
      logLevel: 'info',
      roles: ['web', 'worker'],
      trustProxy: false,
      secureCookies: true,
      sessionTtlHours: 12,
      loginRateLimit: { max: 10, windowSeconds: 300 },
      bodyLimitBytes: 1_048_576,
      smtp: { url: null, from: 'An toàn <no-reply@localhost>' },
      mailDropDir: path.resolve('./data/mail'),
      evidenceDir: path.resolve('./data/evidence'),
      reportRateLimit: { max: 20, windowSeconds: 3600, perTargetPerDay: 3 },
      checkRateLimitPerMinute: 600,
      rpzWarningHost: null,
      indexRefreshMs: 1000,
      outboundAllowPrivate: false,
      sms: { gatewayUrl: null, token: null },
      smsDropDir: path.resolve('./data/sms'),
      notifyPerRecipientPerHour: 30,
    });
  });

  it('treats empty and blank values as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '  ', DATABASE_URL: '', ANTOAN_SECRET: '', ANTOAN_ROLES: '' })).toEqual(loadConfig({}));
  });

  it('reads every setting it is given', () => {
    const config = loadConfig({
      PORT: ' 8080 ',
      HOST: '127.0.0.1',
      ANTOAN_PUBLIC_URL: 'https://antoan.example.vn/',
      ANTOAN_DATA_DIR: '/var/lib/antoan',
      DATABASE_URL: 'postgresql://antoan@db:5432/antoan',
      ANTOAN_ADMIN_EMAIL: 'Admin@Example.VN',
      ANTOAN_ADMIN_PASSWORD: 'twelve-chars',
      ANTOAN_SECRET: 's'.repeat(32),
      LOG_LEVEL: 'WARN',
      ANTOAN_ROLES: 'worker, worker',
      ANTOAN_TRUST_PROXY: 'yes',
      ANTOAN_SESSION_TTL_HOURS: '8',
      ANTOAN_LOGIN_RATE_MAX: '5',
      ANTOAN_LOGIN_RATE_WINDOW_SECONDS: '60',
      ANTOAN_BODY_LIMIT_BYTES: '2048',
      ANTOAN_SMTP_URL: 'smtps://mailer:pw@mail.example.vn:465',
      ANTOAN_MAIL_FROM: 'Cảnh báo <canhbao@example.vn>',
      ANTOAN_EVIDENCE_DIR: '/srv/evidence',
      ANTOAN_REPORT_RATE_MAX: '50',
      ANTOAN_REPORT_RATE_WINDOW_SECONDS: '600',
      ANTOAN_REPORT_TARGET_RATE_MAX: '5',
      ANTOAN_CHECK_RATE_MAX: '120',
      ANTOAN_RPZ_WARNING_HOST: 'CanhBao.example.vn',
      ANTOAN_INDEX_REFRESH_MS: '250',
        ANTOAN_OUTBOUND_ALLOW_PRIVATE: 'true',
      ANTOAN_SMS_GATEWAY_URL: 'https://sms.example.vn/send',
      ANTOAN_SMS_GATEWAY_TOKEN: 'gateway-token',
      ANTOAN_NOTIFY_PER_RECIPIENT_PER_HOUR: '12',
    });
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      publicUrl: 'https://antoan.example.vn',
      dataDir: '/var/lib/antoan',
      databaseUrl: 'postgresql://antoan@db:5432/antoan',
      adminEmail: 'admin@example.vn',
      adminPassword: 'twelve-chars',
      secret: 's'.repeat(32),
      logLevel: 'warn',
      roles: ['worker'],
      trustProxy: true,
      secureCookies: true,
      sessionTtlHours: 8,
      loginRateLimit: { max: 5, windowSeconds: 60 },
      bodyLimitBytes: 2048,
      smtp: { url: 'smtps://mailer:pw@mail.example.vn:465', from: 'Cảnh báo <canhbao@example.vn>' },
      mailDropDir: '/var/lib/antoan/mail',
      evidenceDir: '/srv/evidence',
      reportRateLimit: { max: 50, windowSeconds: 600, perTargetPerDay: 5 },
      checkRateLimitPerMinute: 120,
      rpzWarningHost: 'canhbao.example.vn',
      indexRefreshMs: 250,
      outboundAllowPrivate: true,
      sms: { gatewayUrl: 'https://sms.example.vn/send', token: 'gateway-token' },
      smsDropDir: '/var/lib/antoan/sms',
      notifyPerRecipientPerHour: 12,
    });
  });

  it('lets overrides win over the environment', () => {
    expect(loadConfig({ PORT: '8080' }, { port: 0, secureCookies: false })).toMatchObject({ port: 0, secureCookies: false });
  });

  it('lists every invalid setting together in one ConfigError', () => {
    const env = {
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://root@db/antoan',
      ANTOAN_SMTP_URL: 'http://mail.example.vn',
      ANTOAN_SECRET: 'too-short',
      ANTOAN_ADMIN_EMAIL: 'admin@example.vn',
      ANTOAN_ADMIN_PASSWORD: 'short',
      ANTOAN_ROLES: 'web,cron',
      ANTOAN_PUBLIC_URL: 'ftp://antoan.example.vn',
      ANTOAN_RPZ_WARNING_HOST: 'http://canhbao',
    };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    const problems = problemsOf(env);
    expect(problems).toHaveLength(9);
    expect(problems).toEqual(
      expect.arrayContaining([
        'ANTOAN_SMTP_URL: expected smtp://host:port or smtps://host:port',
        'PORT: expected a whole number from 0 to 65535, got "eighty"',
        'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"',
        'DATABASE_URL: expected postgres://user@host:port/database',
        'ANTOAN_SECRET: must be at least 32 characters',
        'ANTOAN_ADMIN_PASSWORD: must be at least 12 characters',
        'ANTOAN_ROLES: unknown value "cron" (allowed: web, worker)',
        'ANTOAN_PUBLIC_URL: expected an http(s) URL, got "ftp://antoan.example.vn"',
        'ANTOAN_RPZ_WARNING_HOST: must be a host name such as canhbao.example.vn',
      ]),
    );
    // The message a person sees lists them all, one a line.
    let message = '';
    try {
      loadConfig(env);
    } catch (error) {
      message = error instanceof Error ? error.message : '';
    }
    expect(message.split('\n')).toEqual(['Invalid configuration:', ...problems.map((p) => `  - ${p}`)]);
  });

  it('never echoes a secret or password in its problems', () => {
    const problems = problemsOf({ ANTOAN_SECRET: 'hunter2-secret', ANTOAN_ADMIN_EMAIL: 'a@example.vn', ANTOAN_ADMIN_PASSWORD: 'hunter2' });
    expect(problems.join('\n')).not.toMatch(/hunter2/);
  });

  it.each([
    ['PORT', '-1'],
    ['PORT', '65536'],
    ['PORT', '3000.5'],
    ['PORT', '0x50'],
    ['ANTOAN_SESSION_TTL_HOURS', '0'],
    ['ANTOAN_SESSION_TTL_HOURS', '721'],
    ['ANTOAN_LOGIN_RATE_MAX', '0'],
    ['ANTOAN_BODY_LIMIT_BYTES', '1023'],
    ['ANTOAN_TRUST_PROXY', 'maybe'],
    ['ANTOAN_ADMIN_EMAIL', 'not-an-email'],
    ['ANTOAN_ROLES', ','],
    ['ANTOAN_PUBLIC_URL', 'antoan.example.vn'],
    ['DATABASE_URL', 'not a url'],
  ])('refuses %s=%j', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
  });

  it('needs ANTOAN_ADMIN_EMAIL beside ANTOAN_ADMIN_PASSWORD, but not the other way round', () => {
    expect(problemsOf({ ANTOAN_ADMIN_PASSWORD: 'a-long-password' })).toEqual(['ANTOAN_ADMIN_PASSWORD: set ANTOAN_ADMIN_EMAIL too']);
    // An invalid email is one problem, not also "set it too".
    expect(problemsOf({ ANTOAN_ADMIN_EMAIL: 'admin', ANTOAN_ADMIN_PASSWORD: 'a-long-password' })).toEqual(['ANTOAN_ADMIN_EMAIL: expected an email address, got "admin"']);
    // Email alone: the first start generates a one-time password.
    expect(loadConfig({ ANTOAN_ADMIN_EMAIL: 'admin@example.vn' })).toMatchObject({ adminEmail: 'admin@example.vn', adminPassword: null });
  });

  it('accepts both postgres:// and postgresql:// URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/d' }).databaseUrl).toBe('postgres://u@h:5432/d');
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h/d' }).databaseUrl).toBe('postgresql://u@h/d');
  });

  describe('secureCookies', () => {
    it.each([
      ['https://antoan.example.vn', true],
      ['https://10.0.0.5:8443', true],
      // Browsers treat localhost as a secure context, so Secure cookies work over plain http there.
      ['http://localhost:3000', true],
      ['http://127.0.0.1:3000', true],
      ['http://[::1]:3000', true],
      // Plain http anywhere else: a Secure cookie would never be sent back, so login would break.
      ['http://antoan.example.vn', false],
      ['http://192.168.1.10:3000', false],
      ['http://localhost.example.vn', false],
    ])('%s → %s', (publicUrl, secure) => {
      expect(loadConfig({ ANTOAN_PUBLIC_URL: publicUrl }).secureCookies).toBe(secure);
    });

    it('follows PORT into the default public URL', () => {
      expect(loadConfig({ PORT: '8080' })).toMatchObject({ publicUrl: 'http://localhost:8080', secureCookies: true });
    });
  });
});

describe('antoan serve with an invalid configuration', () => {
  let instance: Instance;
  beforeAll(async () => {
    instance = await createInstance();
  });
  afterAll(async () => {
    await killAllChildren();
    await instance.destroy();
  });

  it('exits with code 2 and prints every problem, touching nothing', async () => {
    const result = await runCli(['serve'], {
      ...instance.env,
      PORT: '99999',
      LOG_LEVEL: 'chatty',
      ANTOAN_SECRET: 'short',
      ANTOAN_ROLES: 'web,mailer',
    }, 30_000);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Invalid configuration:');
    expect(result.stderr).toContain('PORT: expected a whole number from 0 to 65535, got "99999"');
    expect(result.stderr).toContain('LOG_LEVEL: expected one of');
    expect(result.stderr).toContain('ANTOAN_SECRET: must be at least 32 characters');
    // ANTOAN_ROLES is read by `serve` too (the --roles flag only overrides it when given).
    expect(result.stderr).toContain('ANTOAN_ROLES: unknown value "mailer"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain('short"'); // the secret itself is not echoed
    expect(readdirSync(instance.dataDir)).toEqual([]); // no lock, no database, no generated secret
  }, 60_000);

  it('reports a bad --port flag the same way', async () => {
    const result = await runCli(['serve', '--port', 'http'], instance.env, 30_000);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PORT: expected a whole number from 0 to 65535, got "http"');
  }, 60_000);
});
