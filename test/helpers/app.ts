import pino, { type Logger } from 'pino';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app.ts';
import { createMailer, type MailMessage, type Mailer } from '../../src/core/mail.ts';
import { createSmsSender, deliverDue, type SmsSender } from '../../src/modules/alerts/index.ts';
import { drainAuditQueue } from '../../src/modules/audit/index.ts';
import { groupPendingReports } from '../../src/modules/reports/index.ts';
import { createEventBus, createNotifier, defineJobs } from '../../src/runtime.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { loadConfig, type Config } from '../../src/core/config.ts';
import { randomToken, SecretBox, sha256Hex } from '../../src/core/crypto.ts';
import type { Database } from '../../src/core/db.ts';
import type { AppInstance } from '../../src/core/http/types.ts';
import { csrfTokenFor } from '../../src/core/http/csrf.ts';
import { JobQueue } from '../../src/core/jobs.ts';
import { PeriodicTask } from '../../src/core/periodic.ts';
import { bootstrapAdmin, createOrganization, createToken, createUser, type Context, type OrgKind, type Role, type Scope } from '../../src/modules/identity/index.ts';
import { insertSession, findUserByEmail } from '../../src/modules/identity/repository.ts';
import { seedRules } from '../../src/modules/rules/service.ts';
import { createTestDatabase } from './database.ts';

export const ADMIN_EMAIL = 'admin@test.antoan';
export const ADMIN_PASSWORD = 'correct horse battery staple';
export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * A whole app on a fresh database, with a movable clock and builders for
 * people, orgs, sessions and tokens. Evidence and dropped mail go to a
 * temporary directory; pass `config.smtp` to send mail to a test SMTP server.
 * Jobs are defined but not worked unless `worker: true`.
 */
export async function createTestApp(options: { config?: Partial<Config>; start?: Date; logger?: Logger; worker?: boolean } = {}) {
  const { database, drop } = await createTestDatabase();
  const clock = fixedClock(options.start ?? new Date());
  const scratch = await mkdtemp(path.join(tmpdir(), 'antoan-test-'));
  const config: Config = {
    ...loadConfig({ ANTOAN_SECRET: TEST_SECRET, LOG_LEVEL: 'silent', ANTOAN_DATA_DIR: scratch, ANTOAN_REPORT_RATE_MAX: '1000', ANTOAN_REPORT_TARGET_RATE_MAX: '1000' }),
    ...options.config,
  };
  const box = new SecretBox(TEST_SECRET);
  const logger = options.logger ?? pino({ level: 'silent' });
  const system: Context = { actor: { type: 'system', label: 'test' }, requestId: null, now: clock.now() };
  await database.transaction((tx) => seedRules(tx.db, system));
  await bootstrapAdmin(database, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, now: clock.now() });
  const jobs = new JobQueue(database, logger, { worker: options.worker ?? false, pollingIntervalSeconds: 0.5 });
  const mailer = createMailer(config.smtp, { dropDir: config.mailDropDir, logger, clock });
  defineJobs(jobs, { database, clock });
  await jobs.start();
  const notifier = createNotifier(box);
  const events = createEventBus(jobs, notifier);
  const app = await buildApp({ config, database, clock, box, events, notifier, logger });
  const ctx = (): Context => ({ ...system, now: clock.now() });
  const sms = createSmsSender(config.sms, { dropDir: config.smsDropDir, logger });
  const deliverNotifications = (senders: { mailer?: Mailer; sms?: SmsSender } = {}) =>
    deliverDue({ database, box, clock, mailer: senders.mailer ?? mailer, sms: senders.sms ?? sms, templates: notifier.templates, config });
  // A worker app also delivers notifications, as a server's worker does.
  const delivery = options.worker === true ? new PeriodicTask('notifications.deliver', () => deliverNotifications(), logger, 100) : null;
  delivery?.start();

  return {
    app,
    database,
    clock,
    box,
    jobs,
    events,
    notifier,
    config,
    ctx,
    /** Chain the queued audit entries now (a worker does it every second in a server). */
    drainAudit: () => drainAuditQueue(database),
    /** Apply committed indicator changes to the app's lookup index now (each process polls every second in a server). */
    catchUpIndex: () => app.reputationIndex.catchUp(database.db),
    /**
     * Run the notification dispatcher once at the test clock (a worker does it every second in a
     * server); `senders` stand in for the configured mailer or SMS gateway. The sends attempted.
     */
    deliverNotifications,
    /** Put new reports into their cases now (a worker does it every half second in a server). */
    groupReports: () => groupPendingReports(database, events),
    async close() {
      await delivery?.stop();
      await app.close();
      await jobs.stop();
      await drop();
      await rm(scratch, { recursive: true, force: true });
    },
    /** An organisation, created as the system would. */
    async org(input: { kind: OrgKind; slug?: string; name?: string; scope?: 'national' | 'provincial'; provinceCode?: string }) {
      const slug = input.slug ?? `${input.kind}-${randomToken(4).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
      return database.transaction((tx) =>
        createOrganization(tx.db, ctx(), {
          slug,
          name: input.name ?? `Org ${slug}`,
          kind: input.kind,
          scope: input.kind === 'authority' ? (input.scope ?? 'provincial') : null,
          provinceCode: input.kind === 'authority' && (input.scope ?? 'provincial') === 'provincial' ? (input.provinceCode ?? 'hue') : null,
        }),
      );
    },
    /** A user with a known password in an organisation. */
    async user(orgId: string, role: Role, password = 'a-long-test-password') {
      const email = `u-${randomToken(5).toLowerCase().replace(/[^a-z0-9]/g, 'x')}@test.antoan`;
      const { user } = await database.transaction((tx) => createUser(tx.db, ctx(), { orgId, email, displayName: `User ${email}`, role, password }));
      return { ...user, password };
    },
    /** Cookie and CSRF header for a logged-in session (two-factor already passed unless told otherwise). */
    async session(userId: string, twoFactorVerified = true) {
      const token = randomToken(32);
      const idHash = sha256Hex(token);
      await insertSession(database.db, { idHash, userId, expiresAt: new Date(clock.now().getTime() + 3_600_000), twoFactorVerified });
      return { cookie: `antoan_session=${token}`, csrf: csrfTokenFor(box, idHash), headers: { cookie: `antoan_session=${token}`, 'x-csrf-token': csrfTokenFor(box, idHash) } };
    },
    /** Headers for the bootstrap admin's verified session. */
    async adminHeaders() {
      const admin = await findUserByEmail(database.db, ADMIN_EMAIL);
      if (admin === null) throw new Error('no admin');
      return (await this.session(admin.id)).headers;
    },
    /** A bearer token for an organisation. */
    async token(orgId: string, scopes: Scope[]) {
      const { token } = await database.transaction((tx) => createToken(tx.db, ctx(), { orgId, name: 'test', scopes }));
      return { authorization: `Bearer ${token}` };
    },
  };
}

/** Inject helper result with a parsed JSON body. */
export function json<T = Record<string, unknown>>(response: { body: string }): T {
  return JSON.parse(response.body) as T;
}

export type { AppInstance, Database };

/** A mailer that keeps what it is given (and can be told to fail), for tests of what was sent. */
export function recordingMailer(): Mailer & { sent: MailMessage[]; failWith: Error | null } {
  const recorder = {
    sent: [] as MailMessage[],
    failWith: null as Error | null,
    send(message: MailMessage) {
      if (recorder.failWith !== null) return Promise.reject(recorder.failWith);
      recorder.sent.push(message);
      return Promise.resolve({ messageId: `<${recorder.sent.length}@test>` });
    },
    close: () => Promise.resolve(),
  };
  return recorder;
}
