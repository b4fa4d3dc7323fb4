import PgBoss from 'pg-boss';
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { Logger } from 'pino';
import type { Database, SqlExecutor, Tx } from './db.ts';

/** A typed job: its payload schema, retry policy and an idempotent handler. */
export type JobDefinition<S extends TSchema> = {
  name: string;
  payload: S;
  retryLimit: number;
  retryDelaySeconds: number;
  retryBackoff: boolean;
  expireInSeconds?: number;
  /** Cron expression (UTC) when the job also runs on a schedule. */
  cron?: string;
  handler: (payload: Static<S>, meta: { id: string; log: Logger }) => Promise<void>;
};

/** What a sender needs of a job: its name and payload schema (the handler lives with the worker). */
export type JobSpec<S extends TSchema> = Pick<JobDefinition<S>, 'name' | 'payload'>;

/** Declare a job with its payload type inferred from the schema. */
export function defineJob<S extends TSchema>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

/**
 * The job queue on PostgreSQL (pg-boss), on PGlite and on a server alike. Jobs
 * are sent with the caller's transaction, so they exist only if it commits.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  // Heterogeneous job payloads: each definition checks its own payload before use.
  private readonly definitions = new Map<string, JobDefinition<TSchema>>();
  private started = false;

  private readonly worker: boolean;
  private readonly pollingIntervalSeconds: number;

  /** `worker`: this process runs handlers, maintenance (expiry, archiving) and cron schedules. */
  constructor(
    database: Database,
    private readonly log: Logger,
    options: { worker: boolean; pollingIntervalSeconds?: number },
  ) {
    this.worker = options.worker;
    this.pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
    this.boss = new PgBoss({
      db: asBossDb(database.sql),
      schema: 'pgboss',
      migrate: true,
      supervise: options.worker,
      schedule: options.worker,
    });
    this.boss.on('error', (error) => this.log.error({ err: error }, 'job queue error'));
  }

  /** Register a job type; call before start. */
  define<S extends TSchema>(definition: JobDefinition<S>): void {
    this.definitions.set(definition.name, definition);
  }

  /** Create the queue tables and queues; in a worker, also run handlers and schedules. */
  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const definition of this.definitions.values()) {
      await this.boss.createQueue(definition.name, {
        name: definition.name,
        retryLimit: definition.retryLimit,
        retryDelay: definition.retryDelaySeconds,
        retryBackoff: definition.retryBackoff,
        expireInSeconds: definition.expireInSeconds ?? 900,
      });
      if (!this.worker) continue;
      await this.boss.work(definition.name, { pollingIntervalSeconds: this.pollingIntervalSeconds }, async (jobs) => {
        for (const job of jobs) await this.run(definition, job.id, job.data);
      });
      if (definition.cron !== undefined) await this.boss.schedule(definition.name, definition.cron, {}, { tz: 'UTC' });
    }
  }

  private async run(definition: JobDefinition<TSchema>, id: string, data: unknown): Promise<void> {
    const log = this.log.child({ job: definition.name, jobId: id });
    if (!Value.Check(definition.payload, data)) {
      // A payload that cannot be valid will never become valid: fail without retries piling up.
      log.error('job payload does not match its schema');
      throw new Error(`invalid payload for ${definition.name}`);
    }
    await definition.handler(data, { id, log });
  }

  /** Send a job inside `tx`; it is visible to workers only once tx commits. */
  async enqueue<S extends TSchema>(tx: Tx, definition: JobSpec<S>, payload: Static<S>, options: { singletonKey?: string; startAfter?: Date } = {}): Promise<string | null> {
    if (!this.started) throw new Error('job queue not started');
    if (!this.definitions.has(definition.name)) throw new Error(`job ${definition.name} is not defined`);
    return this.boss.send(definition.name, payload as object, {
      db: asBossDb(tx.sql),
      ...(options.singletonKey !== undefined && { singletonKey: options.singletonKey }),
      ...(options.startAfter !== undefined && { startAfter: options.startAfter }),
    });
  }

  /** Job counts by state for one queue (tests and diagnostics). */
  async stateCounts(name: string): Promise<Record<string, number>> {
    const rows = (await this.boss.getDb().executeSql('select state, count(*)::int as n from pgboss.job where name = $1 group by state', [name])).rows as { state: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  /** Stop polling and wait for running handlers. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 });
  }
}

// pg-boss types its db loosely (any[] rows); our executor is the same shape.
function asBossDb(sql: SqlExecutor): PgBoss.Db {
  return { executeSql: (text: string, values: unknown[]) => sql.executeSql(text, values) };
}
