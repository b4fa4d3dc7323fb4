// Notification rows for the notification views' tests, written straight into the outbox table so a
// test can hold any status, digest or recipient without running the workers.
import { randomUUID } from 'node:crypto';
import { notifications, webhookEndpoints } from '../../src/modules/alerts/tables.ts';
import type { TestApp } from './app.ts';

export type NotificationInsert = typeof notifications.$inferInsert;

/** The raw address and phone the masking tests look for in every response. */
export const RAW_EMAIL = 'nguyen.van.a@example.vn';
export const RAW_PHONE = '+84912345678';

/** Insert one notification row; defaults make a failed email to RAW_EMAIL created now. */
export async function insertNotification(t: TestApp, overrides: Partial<NotificationInsert> = {}): Promise<typeof notifications.$inferSelect> {
  const now = t.clock.now();
  const [row] = await t.database.db
    .insert(notifications)
    .values({
      channel: 'email',
      template: 'test.default',
      locale: 'vi',
      recipientKey: `email:${randomUUID()}`,
      addressCiphertext: t.box.encrypt(RAW_EMAIL),
      data: {},
      status: 'failed',
      attempts: 8,
      nextAttemptAt: now,
      lastError: 'SMTP 451 try later',
      createdAt: now,
      ...overrides,
    })
    .returning();
  if (row === undefined) throw new Error('no row inserted');
  return row;
}

/** A webhook endpoint of an organisation, for rows that go to it. */
export async function insertEndpoint(t: TestApp, orgId: string, url: string): Promise<string> {
  const [row] = await t.database.db
    .insert(webhookEndpoints)
    .values({ orgId, url, secretCiphertext: t.box.encrypt('whsec_test'), createdAt: t.clock.now() })
    .returning({ id: webhookEndpoints.id });
  if (row === undefined) throw new Error('no endpoint inserted');
  return row.id;
}

/** A template key no other test uses, so filters see only this test's rows. */
export function uniqueTemplate(prefix: string): string {
  return `${prefix}.${randomUUID().slice(0, 8)}`;
}

/** The status, attempts and due time of rows by id. */
export async function statusesOf(t: TestApp, ids: readonly string[]): Promise<Map<string, { status: string; attempts: number; next: Date }>> {
  const { rows } = await t.database.sql.executeSql('select id, status, attempts, next_attempt_at from notifications where id = any($1::uuid[])', [ids]);
  return new Map(
    (rows as { id: string; status: string; attempts: number; next_attempt_at: string | Date }[]).map((r) => [r.id, { status: r.status, attempts: r.attempts, next: new Date(r.next_attempt_at) }]),
  );
}
