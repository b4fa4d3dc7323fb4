import type { Logger } from 'pino';
import { appellantTemplate, escalationTemplate, noticeTemplates, subscribeTakedowns, sweepTakedowns, type SweepResult } from './modules/takedowns/index.ts';
import path from 'node:path';
import { systemClock, type Clock } from './core/clock.ts';
import type { Config } from './core/config.ts';
import { SecretBox } from './core/crypto.ts';
import { acquireDataDirLock, loadOrCreateSecret } from './core/data-dir.ts';
import { openDatabase, type Database } from './core/db.ts';
import { EventBus } from './core/events.ts';
import { JobQueue } from './core/jobs.ts';
import { createMailer } from './core/mail.ts';
import { PeriodicTask } from './core/periodic.ts';
import { createLogger } from './core/logging.ts';
import { drainAuditQueue } from './modules/audit/index.ts';
import { verifyAuditJob } from './modules/audit/jobs.ts';
import { bootstrapAdmin, type BootstrapResult } from './modules/identity/index.ts';
import { purgeSessionsJob } from './modules/identity/jobs.ts';
import { groupPendingReports, reportStatusTemplate, subscribeReports } from './modules/reports/index.ts';
import { seedRules } from './modules/rules/service.ts';
import { expireDue, subscribeReputation } from './modules/reputation/index.ts';
import { appellantTemplate as delistingAppellantTemplate } from './modules/reputation/appeals/mail.ts';
import { createSmsSender, deliverDue, Notifier, subscribeAlerts, subscriptionTemplates, TemplateRegistry, type DeliveryDeps } from './modules/alerts/index.ts';

/** An opened database with what every command needs around it. */
export type Runtime = {
  config: Config;
  database: Database;
  box: SecretBox;
  clock: Clock;
  logger: Logger;
  /** Close the database and release the data directory. */
  close(): Promise<void>;
};

/**
 * Open the database the configuration names (PGlite under the data dir, or the
 * server), taking the data-dir lock in embedded mode, and apply migrations.
 */
export async function openRuntime(config: Config, options: { command: string; logger?: Logger; clock?: Clock; migrate?: boolean }): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config);
  const embedded = config.databaseUrl === null;
  const release = embedded ? acquireDataDirLock(config.dataDir, { port: null, command: options.command }) : () => undefined;
  let database: Database | null = null;
  try {
    database = await openDatabase({ url: config.databaseUrl, pgliteDir: embedded ? path.join(config.dataDir, 'pgdata') : null });
    if (options.migrate !== false) await database.migrate();
    const { secret, generated } = loadOrCreateSecret(config.dataDir, config.secret);
    if (generated && !embedded) logger.warn('ANTOAN_SECRET is not set: generated one in the data directory. Set it when several processes share the database.');
    const opened = database;
    return {
      config,
      database: opened,
      box: new SecretBox(secret),
      clock: options.clock ?? systemClock,
      logger,
      async close() {
        await opened.close();
        release();
      },
    };
  } catch (error) {
    // A failed migration must not leave a pool open (the process would hang) or the files held.
    await database?.close().catch(() => undefined);
    release();
    throw error;
  }
}

/** First-start work, idempotent: seed the legal rules, create the first admin. */
export async function prepareData(runtime: Runtime): Promise<BootstrapResult> {
  const now = runtime.clock.now();
  await runtime.database.transaction((tx) => seedRules(tx.db, { actor: { type: 'system', label: 'seed' }, requestId: null, now }));
  return bootstrapAdmin(runtime.database, { email: runtime.config.adminEmail, password: runtime.config.adminPassword, now });
}

/** The job queue with every module's jobs defined. */
export function buildJobQueue(runtime: Runtime, options: { worker: boolean; pollingIntervalSeconds?: number }): JobQueue {
  const queue = new JobQueue(runtime.database, runtime.logger.child({ component: 'jobs' }), options);
  defineJobs(queue, runtime);
  return queue;
}

/** Define every module's jobs on a queue (the server and the test harness share this list). */
export function defineJobs(queue: JobQueue, deps: { database: Database; clock: Clock }): void {
  queue.define(purgeSessionsJob(deps.database, deps.clock));
  queue.define(verifyAuditJob(deps.database));
}

/** The notifier with every module's message templates. */
export function createNotifier(box: SecretBox): Notifier {
  return new Notifier(box, new TemplateRegistry([...subscriptionTemplates, ...noticeTemplates, escalationTemplate, appellantTemplate, reportStatusTemplate, delistingAppellantTemplate]));
}

/** The domain event bus with every module's in-transaction subscribers. */
export function createEventBus(jobs: JobQueue, notifier: Notifier): EventBus {
  const events = new EventBus();
  subscribeAlerts(events, notifier);
  subscribeReports(events, notifier);
  subscribeReputation(events);
  subscribeTakedowns(events, notifier);
  return events;
}

/** Work that follows writes within seconds, in worker processes: chaining queued audit entries, grouping new reports into cases, expiring listings. */
export function periodicTasks(runtime: Runtime, events: EventBus, notifier: Notifier): PeriodicTask[] {
  const log = runtime.logger.child({ component: 'tasks' });
  const delivery = deliveryDeps(runtime, notifier);
  return [
    new PeriodicTask('reports.group', () => groupPendingReports(runtime.database, events), log, 500),
    new PeriodicTask('audit.chain', () => drainAuditQueue(runtime.database), log, 1000),
    new PeriodicTask('reputation.expire', () => expireListings(runtime), log, 10_000),
    new PeriodicTask('takedowns.sweep', async () => sumOf(await sweepTakedowns(runtime.database, runtime.clock.now(), { notifier })), log, 30_000),
    new PeriodicTask('notifications.deliver', () => deliverDue(delivery), log, 1000),
  ];
}

/** What the notification dispatcher needs: the mail and SMS senders from the configuration, the templates from the notifier. */
export function deliveryDeps(runtime: Runtime, notifier: Notifier): DeliveryDeps {
  const mailer = createMailer(runtime.config.smtp, { dropDir: runtime.config.mailDropDir, logger: runtime.logger.child({ component: 'mail' }) });
  const sms = createSmsSender(runtime.config.sms, { dropDir: runtime.config.smsDropDir, logger: runtime.logger.child({ component: 'sms' }) });
  return { database: runtime.database, box: runtime.box, clock: runtime.clock, mailer, sms, templates: notifier.templates, config: runtime.config, log: runtime.logger.child({ component: 'notifications' }) };
}

const sumOf = (result: SweepResult) => result.overdue + result.reminded;

/** Mark listings past their expiry as expired (they already stopped matching in every index; this makes feeds and deltas say so). */
export async function expireListings(runtime: Pick<Runtime, 'database' | 'clock'>): Promise<number> {
  const ctx = { actor: { type: 'system' as const, label: 'expiry' }, requestId: null, now: runtime.clock.now() };
  return runtime.database.transaction((tx) => expireDue(tx, ctx));
}
