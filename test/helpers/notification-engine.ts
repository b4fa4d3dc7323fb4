// A notification engine of the tests' own: a `test.event` template whose rendering, digest and
// hooks are known, its registry and notifier, and the dispatcher run once at the test clock with
// senders and a rate limit of the test's choosing.
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { recordingMailer, type TestApp } from './app.ts';
import { Type } from 'typebox';
import type { Mailer } from '../../src/core/mail.ts';
import { createSmsSender, defineTemplate, deliverDue, Notifier, TemplateRegistry, type NotificationRow, type NotificationSpec, type SmsSender } from '../../src/modules/alerts/index.ts';
import { notifications } from '../../src/modules/alerts/tables.ts';

export const TEST_EVENT = 'test.event';

/** Which rows each hook saw, one entry per call. */
export type HookCalls = { delivered: string[][]; failed: string[][] };

/**
 * `test.event`: every channel, grouped by aggregate key (no gather time, a window of an hour);
 * alone it renders `Sự kiện số <n>: <title>`, as a digest one line `- sự kiện #<n>: <title>` per item.
 * `unsubscribe: true` gives an unsubscribe URL.
 */
export function testEventTemplate(calls: HookCalls, windowSeconds = 3600) {
  return defineTemplate({
    key: TEST_EVENT,
    description: { vi: 'Sự kiện thử', en: 'Test event' },
    channels: ['email', 'sms', 'webhook', 'in_app'],
    data: Type.Object({ n: Type.Integer(), title: Type.String(), unsubscribe: Type.Optional(Type.Boolean()) }),
    sample: { n: 1, title: 'Mẫu' },
    aggregation: { gatherSeconds: 0, windowSeconds },
    render: (ctx, data) => ({
      subject: `[antoan] Sự kiện số ${data.n}: ${data.title}`,
      text: `Chi tiết sự kiện số ${data.n}: ${data.title}`,
      sms: `An toàn: sự kiện số ${data.n}`,
      webhook: { n: data.n, title: data.title },
      ...(data.unsubscribe === true && { unsubscribeUrl: `${ctx.publicUrl}/alerts/unsubscribe/token-${data.n}` }),
    }),
    renderDigest: (_ctx, items) => ({
      subject: `[antoan] ${items.length} sự kiện`,
      text: items.map((item) => `- sự kiện #${item.n}: ${item.title}`).join('\n'),
      webhook: { items: items.map((item) => item.n) },
    }),
    onDelivered: (_tx, rows) => {
      calls.delivered.push(rows.map((r) => r.id));
      return Promise.resolve();
    },
    onFailed: (_tx, rows) => {
      calls.failed.push(rows.map((r) => r.id));
      return Promise.resolve();
    },
  });
}

/** Senders that count their calls and refuse every message (a test that expects none checks `calls`). */
export function untouchableSenders() {
  const calls = { mail: 0, sms: 0 };
  const mailer: Mailer = {
    send: () => {
      calls.mail += 1;
      return Promise.reject(new Error('no mail may be sent'));
    },
    close: () => Promise.resolve(),
  };
  const sms: SmsSender = {
    send: () => {
      calls.sms += 1;
      return Promise.reject(new Error('no SMS may be sent'));
    },
  };
  return { calls, mailer, sms };
}

/** The engine of one test: its own templates and hooks over the test app's database and clock. */
export function testEngine(t: TestApp, options: { windowSeconds?: number } = {}) {
  const calls: HookCalls = { delivered: [], failed: [] };
  const templates = new TemplateRegistry([testEventTemplate(calls, options.windowSeconds)]);
  const notifier = new Notifier(t.box, templates);
  const mailer = recordingMailer();
  const sms = createSmsSender({ gatewayUrl: null, token: null }, { dropDir: t.config.smsDropDir, logger: pino({ level: 'silent' }) });
  return {
    calls,
    templates,
    notifier,
    mailer,
    /** Queue in a transaction of its own, at the test clock; how many rows were new. */
    queue: (specs: readonly NotificationSpec[]) => t.database.transaction((tx) => notifier.queue(tx.db, specs, t.clock.now())),
    /** Run the dispatcher once at the test clock; the sends attempted. */
    deliver: (senders: { mailer?: Mailer; sms?: SmsSender; perHour?: number } = {}) =>
      deliverDue({ database: t.database, box: t.box, clock: t.clock, mailer: senders.mailer ?? mailer, sms: senders.sms ?? sms, templates, config: { ...t.config, notifyPerRecipientPerHour: senders.perHour ?? 1000 } }),
  };
}

/** A `test.event` email spec. */
export function emailEvent(address: string, n: number, extra: Partial<NotificationSpec> = {}): NotificationSpec {
  return { recipient: { channel: 'email', address }, template: TEST_EVENT, locale: 'vi', data: { n, title: `Cảnh báo lừa đảo ${n}` }, ...extra };
}

/** The notification rows of this template, oldest first (by `n`). */
export async function rowsOf(t: TestApp, where = sql`true`): Promise<NotificationRow[]> {
  const rows = await t.database.db.select().from(notifications).where(sql`${notifications.template} = ${TEST_EVENT} and ${where}`);
  return rows.sort((a, b) => Number(a.data.n) - Number(b.data.n));
}

/** End every test's leftovers, so that the next one's dispatcher finds only its own rows. */
export async function cancelPending(t: TestApp): Promise<void> {
  await t.database.db.update(notifications).set({ status: 'cancelled' }).where(sql`${notifications.status} = 'pending'`);
}

/** A unique address for one test (rate limits and groups are per recipient). */
export function freshAddress(label: string): string {
  return `${label}-${crypto.randomUUID().slice(0, 8)}@example.vn`;
}
