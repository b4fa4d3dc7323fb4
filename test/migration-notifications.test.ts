// The upgrade to the notification engine loses nothing: a database at migration 0007 with a takedown
// notice in its old outbox and reporter and appellant emails still waiting in the job queue is
// migrated to 0008, and every one of them is a notification (the notice with its own id, still the
// webhook id), the old jobs cancelled, nothing sent twice. Run on PGlite (PostgreSQL 17) with the
// real pg-boss schema; the SQL is plain PostgreSQL.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));

type Journal = { entries: { idx: number; tag: string }[] };

/** A copy of the migrations folder that stops after migration `last`. */
async function migrationsUpTo(last: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'antoan-migrations-'));
  await cp(MIGRATIONS, dir, { recursive: true });
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalFile, 'utf8')) as Journal;
  await writeFile(journalFile, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx <= last) }));
  return dir;
}

let client: PGlite;
let before: string;
const query = async <T,>(text: string, values: unknown[] = []) => (await client.query<T>(text, values)).rows;

const IDS = {
  org: '11111111-1111-4111-8111-111111111111',
  request: '22222222-2222-4222-8222-222222222222',
  notice: '33333333-3333-4333-8333-333333333333',
  report: '44444444-4444-4444-8444-444444444444',
  sentReport: '55555555-5555-4555-8555-555555555555',
  appeal: '66666666-6666-4666-8666-666666666666',
};

beforeAll(async () => {
  client = new PGlite();
  before = await migrationsUpTo(7);
  await migrate(drizzle(client), { migrationsFolder: before });
  // The job queue as a 0007 server had it, with the jobs it had waiting.
  // As the app's executor does: statements without parameters may be several (pg-boss's own migration).
  const executeSql = async (text: string, values: unknown[] = []) => (values.length === 0 ? { rows: (await client.exec(text)).at(-1)?.rows ?? [] } : client.query(text, values));
  const boss = new PgBoss({ db: { executeSql }, schema: 'pgboss', migrate: true, supervise: false, schedule: false });
  await boss.start();
  for (const name of ['reports.notify-reporter', 'reputation.notify-appellant']) await boss.createQueue(name, { name });

  // A bare database (no seeded rules): a rule version of our own for the request to cite.
  await query(`insert into rule_versions (key, value, unit, valid_from, citation) values ('takedown.authority_request', '24', 'hours', '2024-12-25', 'Decree 147/2024')`);
  await query(
    `insert into takedown_requests (id, kind, recipient_org_id, action, targets, category, legal_basis, statement, evidence_links, urgent, status, issued_at, due_at, due_rule_version_id, due_rule_key, due_rule_citation, updated_at)
     select $1, 'authority_request', $2, 'remove_content', '[]'::jsonb, 'scam', 'Decree 147/2024', 'A fake bank page', '{}', false, 'issued', now(), now() + interval '24 hours', id, key, citation, now() from rule_versions`,
    [IDS.request, IDS.org],
  );
  await query(
    `insert into takedown_notices (id, request_id, org_id, event, channel, endpoint_id, status, attempts, next_attempt_at, last_error, last_status, delivered_at, created_at)
     values ($1, $2, $3, 'takedown.issued', 'email', null, 'failed', 8, now(), 'answered 500', 500, null, now())`,
    [IDS.notice, IDS.request, IDS.org],
  );
  for (const [id, ticket] of [[IDS.report, 'PA-AAAA-BBBB-CCCC-DDDD'], [IDS.sentReport, 'PA-EEEE-FFFF-GGGG-HHHH']]) {
    await query(`insert into reports (id, ticket, category, description, locale, channel, contact_ciphertext, contact_kind, created_at) values ($1, $2, 'scam', 'A fake bank page', 'en', 'web', 'v1.sealed', 'email', now())`, [id, ticket]);
    await boss.send('reports.notify-reporter', { reportId: id, eventKey: 'received' });
  }
  // One of the two receipts had gone out already (its claim row exists): it must not go again.
  await query(`insert into report_notifications (report_id, event_key, sent_at) values ($1, 'received', now())`, [IDS.sentReport]);
  await query(
    `insert into indicator_appeals (id, ticket, type, value, ground, statement, appellant_name, contact_ciphertext, locale, status, created_at) values ($1, 'KN-AAAA-BBBB-CCCC-DDDD', 'domain', 'vi-du.vn', 'new_owner', 'I bought this domain last month.', 'Chủ mới', 'v1.sealed-too', 'vi', 'received', now())`,
    [IDS.appeal],
  );
  await boss.send('reputation.notify-appellant', { appealId: IDS.appeal, event: 'received' });
  await boss.stop({ graceful: false, close: false });

  // The upgrade.
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
});

afterAll(async () => {
  await client.close();
  await rm(before, { recursive: true, force: true });
});

describe('migration 0008: every waiting message becomes a notification', () => {
  it('moves the takedown notice with its id, status, attempts and error (a dead letter stays one)', async () => {
    const rows = await query<Record<string, unknown>>("select id, template, channel, recipient_key, org_id, subject_id, data, status, attempts, last_error, message_id from notifications where subject_type = 'takedown_request'");
    expect(rows).toEqual([
      { id: IDS.notice, template: 'takedown.issued', channel: 'email', recipient_key: `org:${IDS.org}`, org_id: IDS.org, subject_id: IDS.request, data: { requestId: IDS.request }, status: 'failed', attempts: 8, last_error: 'answered 500', message_id: IDS.notice },
    ]);
  });

  it('moves the reporter receipt that had not gone out, and not the one that had', async () => {
    const rows = await query<Record<string, unknown>>("select template, locale, address_ciphertext, subject_id, data, dedupe_key, status from notifications where subject_type = 'report'");
    expect(rows).toEqual([{ template: 'report.status', locale: 'en', address_ciphertext: 'v1.sealed', subject_id: IDS.report, data: { reportId: IDS.report, eventKey: 'received' }, dedupe_key: `report:${IDS.report}:received`, status: 'pending' }]);
  });

  it('moves the appellant receipt, cancels the old jobs and drops the old tables', async () => {
    const [appeal] = await query<Record<string, unknown>>("select template, dedupe_key, address_ciphertext from notifications where subject_type = 'appeal'");
    expect(appeal).toEqual({ template: 'reputation.appeal', dedupe_key: `appeal:${IDS.appeal}:received`, address_ciphertext: 'v1.sealed-too' });
    const jobs = await query<{ name: string; state: string }>("select name, state from pgboss.job where name in ('reports.notify-reporter', 'reputation.notify-appellant') order by name");
    expect(jobs.map((j) => j.state)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    const tables = await query<{ name: string | null }>("select to_regclass('takedown_notices')::text as name union all select to_regclass('report_notifications')::text");
    expect(tables.map((t) => t.name)).toEqual([null, null]);
  });
});
