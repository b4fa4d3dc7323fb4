import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import { defineJob, JobQueue } from '../src/core/jobs.ts';
import { organizations } from '../src/modules/identity/tables.ts';
import { sessions } from '../src/modules/identity/tables.ts';
import { purgeSessionsJob } from '../src/modules/identity/jobs.ts';
import { verifyAuditJob } from '../src/modules/audit/jobs.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
let queue: JobQueue;
const seen: { slug: string; orgExisted: boolean }[] = [];

const orgWelcome = defineJob({
  name: 'test.org-welcome',
  payload: Type.Object({ slug: Type.String() }),
  retryLimit: 0,
  retryDelaySeconds: 1,
  retryBackoff: false,
  async handler(payload) {
    // The job sees the data that caused it: it was committed in the same transaction.
    const rows = await t.database.db.select().from(organizations).where(eq(organizations.slug, payload.slug));
    seen.push({ slug: payload.slug, orgExisted: rows.length === 1 });
  },
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  t = await createTestApp();
  queue = new JobQueue(t.database, pino({ level: 'silent' }), { worker: true, pollingIntervalSeconds: 0.5 });
  queue.define(orgWelcome);
  await queue.start();
});
afterAll(async () => {
  await queue.stop();
  await t.close();
});

describe('job queue (pg-boss on the engine under test)', () => {
  it('runs a job sent in a committed transaction, after the data it depends on exists', async () => {
    await t.database.transaction(async (tx) => {
      await tx.db.insert(organizations).values({ slug: 'committed-org', name: 'Committed', kind: 'platform' });
      await queue.enqueue(tx, orgWelcome, { slug: 'committed-org' });
    });
    await until(() => seen.some((s) => s.slug === 'committed-org'));
    expect(seen.find((s) => s.slug === 'committed-org')).toEqual({ slug: 'committed-org', orgExisted: true });
    await until(async () => (await queue.stateCounts(orgWelcome.name)).completed === 1);
  });

  it('never sends a job whose transaction rolled back', async () => {
    await expect(
      t.database.transaction(async (tx) => {
        await tx.db.insert(organizations).values({ slug: 'rolled-back-org', name: 'Rolled back', kind: 'platform' });
        await queue.enqueue(tx, orgWelcome, { slug: 'rolled-back-org' });
        throw new Error('business rule failed after enqueue');
      }),
    ).rejects.toThrow('business rule failed');
    // Give the worker several polling rounds to (wrongly) find something.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(seen.some((s) => s.slug === 'rolled-back-org')).toBe(false);
    const jobs = await t.database.sql.executeSql("select count(*)::int as n from pgboss.job where data->>'slug' = 'rolled-back-org'");
    expect(jobs.rows[0]).toEqual({ n: 0 });
  });

  it('refuses to enqueue a job type that was never defined', async () => {
    const stray = defineJob({ name: 'test.stray', payload: Type.Object({}), retryLimit: 0, retryDelaySeconds: 1, retryBackoff: false, handler: async () => undefined });
    await expect(t.database.transaction((tx) => queue.enqueue(tx, stray, {}))).rejects.toThrow('not defined');
  });
});

describe('housekeeping jobs', () => {
  it('purges expired sessions only', async () => {
    const org = await t.org({ kind: 'platform' });
    const user = await t.user(org.id, 'responder');
    await t.session(user.id);
    await t.database.db.insert(sessions).values({ idHash: 'expired-one', userId: user.id, expiresAt: new Date(t.clock.now().getTime() - 1000) });
    const job = purgeSessionsJob(t.database, t.clock);
    await job.handler({}, { id: 'manual', log: pino({ level: 'silent' }) });
    const left = await t.database.db.select({ id: sessions.idHash }).from(sessions).where(eq(sessions.userId, user.id));
    expect(left).toHaveLength(1);
    expect(left[0]?.id).not.toBe('expired-one');
  });

  it('logs an altered audit chain loudly', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    await verifyAuditJob(t.database).handler({}, { id: 'manual', log });
    expect(lines.join('')).toContain('audit chain intact');
    await t.database.sql.executeSql('alter table audit_log disable trigger audit_log_append_only');
    await t.database.sql.executeSql("update audit_log set actor_label = 'someone else' where seq = 1");
    await verifyAuditJob(t.database).handler({}, { id: 'manual', log });
    expect(lines.join('')).toContain('AUDIT CHAIN ALTERED');
  });
});
