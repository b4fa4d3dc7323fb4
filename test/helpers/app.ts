import pino, { type Logger } from 'pino';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app.ts';
import { createMailer } from '../../src/core/mail.ts';
import { drainAuditQueue } from '../../src/modules/audit/index.ts';
import { groupPendingReports } from '../../src/modules/reports/index.ts';
import { createEventBus, defineJobs } from '../../src/runtime.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { loadConfig, type Config } from '../../src/core/config.ts';
import { randomToken, SecretBox, sha256Hex } from '../../src/core/crypto.ts';
import type { Database } from '../../src/core/db.ts';
import type { AppInstance } from '../../src/core/http/types.ts';
import { csrfTokenFor } from '../../src/core/http/csrf.ts';
import { JobQueue } from '../../src/core/jobs.ts';
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
  defineJobs(jobs, { config, database, clock, box, mailer });
  await jobs.start();
  const events = createEventBus(jobs);
  const app = await buildApp({ config, database, clock, box, jobs, events, logger });
  const ctx = (): Context => ({ ...system, now: clock.now() });

  return {
    app,
    database,
    clock,
    box,
    jobs,
    events,
    config,
    ctx,
    /** Chain the queued audit entries now (a worker does it every second in a server). */
    drainAudit: () => drainAuditQueue(database),
    /** Apply committed indicator changes to the app's lookup index now (each process polls every second in a server). */
    catchUpIndex: () => app.reputationIndex.catchUp(database.db),
    /** Put new reports into their cases now (a worker does it every half second in a server). */
    groupReports: () => groupPendingReports(database, events),
    async close() {
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
