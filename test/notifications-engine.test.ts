// The notification engine with templates of the test's own: the outbox is written in its cause's
// transaction (a rollback sends nothing), dedupe keys, retries 30 s·2^(n−1) apart on the injected
// clock, dead letters after the last attempt or a permanent refusal, 1,000 events as one digest
// and the window that holds what follows, queue order, a recipient's hourly share, the in-app
// inbox, and leases: a crashed worker's rows wait 2 minutes; a late worker undoes nothing.
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
// The harness first: it loads the modules in the app's own order.
import { createTestApp, recordingMailer, type TestApp } from './helpers/app.ts';
import { MailDeliveryError, type Mailer } from '../src/core/mail.ts';
import { backoffMs, MAX_ATTEMPTS } from '../src/modules/alerts/index.ts';
import { claimDue, inboxOf } from '../src/modules/alerts/engine/repository.ts';
import { notifications } from '../src/modules/alerts/tables.ts';
import { cancelPending, emailEvent, freshAddress, rowsOf, testEngine, untouchableSenders } from './helpers/notification-engine.ts';

const HOUR = 3_600_000;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-09-01T02:00:00Z') });
});
afterAll(async () => t.close());
afterEach(async () => cancelPending(t));

const to = (address: string) => sql`${notifications.recipientKey} = ${`email:${t.box.sign(`email:${address}`)}`}`;

describe('the outbox and the transaction of its cause', () => {
  it('writes nothing and sends nothing when the transaction rolls back', async () => {
    const engine = testEngine(t);
    const address = freshAddress('rollback');
    await expect(
      t.database.transaction(async (tx) => {
        expect(await engine.notifier.queue(tx.db, [emailEvent(address, 1), emailEvent(address, 2, { aggregateKey: 'k' })], t.clock.now())).toBe(2);
        throw new Error('the cause failed');
      }),
    ).rejects.toThrow('the cause failed');
    expect(await rowsOf(t, to(address))).toEqual([]);
    expect(await engine.deliver()).toBe(0);
    expect(engine.mailer.sent).toEqual([]);
  });

  it('queues a dedupe key once, in one call, one transaction or several', async () => {
    const engine = testEngine(t);
    const address = freshAddress('dedupe');
    expect(await engine.queue([emailEvent(address, 1, { dedupeKey: 'test:dedupe:a' }), emailEvent(address, 2, { dedupeKey: 'test:dedupe:a' })])).toBe(1);
    expect(await engine.queue([emailEvent(address, 3, { dedupeKey: 'test:dedupe:a' })])).toBe(0);
    const inOne = await t.database.transaction(async (tx) => [await engine.notifier.queue(tx.db, [emailEvent(address, 4, { dedupeKey: 'test:dedupe:b' })], t.clock.now()), await engine.notifier.queue(tx.db, [emailEvent(address, 5, { dedupeKey: 'test:dedupe:b' })], t.clock.now())]);
    expect(inOne).toEqual([1, 0]);
    expect((await rowsOf(t, to(address))).map((r) => [r.data.n, r.dedupeKey])).toEqual([
      [1, 'test:dedupe:a'],
      [4, 'test:dedupe:b'],
    ]);
    // Even after delivery the key stays taken.
    expect(await engine.deliver()).toBe(2);
    expect(await engine.queue([emailEvent(address, 6, { dedupeKey: 'test:dedupe:a' })])).toBe(0);
    expect(await engine.deliver()).toBe(0);
    expect(engine.mailer.sent).toHaveLength(2);
  });
});

describe('retries and dead letters', () => {
  it('waits 30 s·2^(n−1) on the injected clock after each failure, records it, and delivers once the mailer recovers', async () => {
    const engine = testEngine(t);
    const address = freshAddress('retry');
    engine.mailer.failWith = new Error('down');
    await engine.queue([emailEvent(address, 1)]);
    const start = t.clock.now().getTime();
    expect(await engine.deliver()).toBe(1);
    let [row] = await rowsOf(t, to(address));
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'down', nextAttemptAt: new Date(start + backoffMs(1)) });
    expect(backoffMs(1)).toBe(30_000);
    t.clock.advance(backoffMs(1) - 1);
    expect(await engine.deliver()).toBe(0);
    t.clock.advance(1);
    expect(await engine.deliver()).toBe(1);
    [row] = await rowsOf(t, to(address));
    expect(row).toMatchObject({ status: 'pending', attempts: 2, lastError: 'down', nextAttemptAt: new Date(start + backoffMs(1) + backoffMs(2)) });
    expect(backoffMs(2)).toBe(60_000);

    engine.mailer.failWith = null;
    t.clock.advance(backoffMs(2) - 1);
    expect(await engine.deliver()).toBe(0);
    t.clock.advance(1);
    expect(await engine.deliver()).toBe(1);
    [row] = await rowsOf(t, to(address));
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, lastError: null, deliveredAt: t.clock.now() });
    expect(engine.mailer.sent.map((m) => [m.to, m.subject])).toEqual([[address, '[antoan] Sự kiện số 1: Cảnh báo lừa đảo 1']]);
    expect(engine.calls).toEqual({ delivered: [[row?.id]], failed: [] });
    expect(await engine.deliver()).toBe(0);
  });

  it(`makes a dead letter after attempt ${MAX_ATTEMPTS}, calling onFailed once, and never tries it again`, async () => {
    const engine = testEngine(t);
    const address = freshAddress('dead');
    engine.mailer.failWith = new Error('connection refused');
    await engine.queue([emailEvent(address, 1)]);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await engine.deliver()).toBe(1);
      const [row] = await rowsOf(t, to(address));
      expect(row?.attempts).toBe(attempt);
      expect(row?.status).toBe(attempt < MAX_ATTEMPTS ? 'pending' : 'failed');
      expect(engine.calls.failed).toHaveLength(attempt < MAX_ATTEMPTS ? 0 : 1);
      t.clock.advance(backoffMs(attempt));
    }
    t.clock.advance(24 * HOUR);
    expect(await engine.deliver()).toBe(0);
    const [row] = await rowsOf(t, to(address));
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastError: 'connection refused', deliveredAt: null });
    expect(engine.calls).toEqual({ delivered: [], failed: [[row?.id]] });
  });

  it('makes a dead letter at once of a permanent refusal (SMTP 5xx)', async () => {
    const engine = testEngine(t);
    const address = freshAddress('refused');
    engine.mailer.failWith = new MailDeliveryError('550 5.1.1 mailbox unavailable', 'EENVELOPE', 550, true);
    await engine.queue([emailEvent(address, 1)]);
    expect(await engine.deliver()).toBe(1);
    const [row] = await rowsOf(t, to(address));
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 550, lastError: '550 5.1.1 mailbox unavailable' });
    expect(engine.calls.failed).toEqual([[row?.id]]);
    t.clock.advance(HOUR);
    engine.mailer.failWith = null;
    expect(await engine.deliver()).toBe(0);
    expect(engine.mailer.sent).toEqual([]);
  });
});

describe('digests and the aggregation window', () => {
  const events = (address: string, from: number, count: number) => Array.from({ length: count }, (_, i) => emailEvent(address, from + i, { aggregateKey: 'case-42' }));

  async function expectOneDigestOfAll(engine: ReturnType<typeof testEngine>, address: string, count: number) {
    expect(await engine.deliver()).toBe(1);
    expect(engine.mailer.sent).toHaveLength(1);
    const [mail] = engine.mailer.sent;
    expect(mail?.subject).toBe(`[antoan] ${count} sự kiện`);
    const lines = mail?.text.split('\n') ?? [];
    expect(lines).toHaveLength(count);
    // Each event once (their order is the subject of its own test below).
    expect(new Set(lines)).toEqual(new Set(Array.from({ length: count }, (_, i) => `- sự kiện #${i + 1}: Cảnh báo lừa đảo ${i + 1}`)));
    for (const n of [1, 2, 500, 999, count]) expect(lines).toContain(`- sự kiện #${n}: Cảnh báo lừa đảo ${n}`);
    const rows = await rowsOf(t, to(address));
    expect(rows).toHaveLength(count);
    expect(rows.every((r) => r.status === 'delivered' && r.held === null)).toBe(true);
    expect(new Set(rows.map((r) => r.messageId)).size).toBe(1);
    expect(rows[0]?.messageId).not.toBeNull();
    expect(engine.calls.delivered).toHaveLength(1);
    expect(engine.calls.delivered[0]).toHaveLength(count);
    return rows;
  }

  it('sends 1,000 events queued in one transaction as one digest listing each, and holds later ones for the window', async () => {
    const engine = testEngine(t);
    const address = freshAddress('digest');
    expect(await engine.queue(events(address, 1, 1000))).toBe(1000);
    const sentAt = t.clock.now();
    await expectOneDigestOfAll(engine, address, 1000);
    expect(await engine.deliver()).toBe(0);

    // Within the window: held until it has passed, then one more digest of what came meanwhile.
    t.clock.advance(10 * 60_000);
    await engine.queue(events(address, 1001, 2));
    t.clock.advance(20 * 60_000);
    await engine.queue(events(address, 1003, 1));
    const held = await rowsOf(t, sql`${to(address)} and ${notifications.status} = 'pending'`);
    expect(held.map((r) => [r.data.n, r.held, r.nextAttemptAt])).toEqual([1001, 1002, 1003].map((n) => [n, 'window', new Date(sentAt.getTime() + HOUR)]));
    t.clock.set(new Date(sentAt.getTime() + HOUR - 1));
    expect(await engine.deliver()).toBe(0);
    t.clock.advance(1);
    expect(await engine.deliver()).toBe(1);
    expect(engine.mailer.sent).toHaveLength(2);
    expect(engine.mailer.sent[1]?.subject).toBe('[antoan] 3 sự kiện');
    expect(engine.mailer.sent[1]?.text.split('\n').sort()).toEqual(['- sự kiện #1001: Cảnh báo lừa đảo 1001', '- sự kiện #1002: Cảnh báo lừa đảo 1002', '- sự kiện #1003: Cảnh báo lừa đảo 1003']);
    const second = await rowsOf(t, sql`${to(address)} and (${notifications.data} ->> 'n')::int > 1000`);
    expect(second.every((r) => r.status === 'delivered' && r.held === null && r.messageId === second[0]?.messageId)).toBe(true);
  });

  it('sends 1,000 events queued in ten transactions of 100 before any delivery as one digest', async () => {
    const engine = testEngine(t);
    const address = freshAddress('digest10');
    for (let batch = 0; batch < 10; batch++) {
      expect(await engine.queue(events(address, 1 + batch * 100, 100))).toBe(100);
      t.clock.advance(1000);
    }
    await expectOneDigestOfAll(engine, address, 1000);
    expect(await engine.deliver()).toBe(0);
  });

  it('lists a digest’s events, and sends one recipient’s messages, in the order they were queued', async () => {
    const engine = testEngine(t);
    const [grouped, single] = [freshAddress('order-digest'), freshAddress('order-single')];
    await engine.queue([...events(grouped, 1, 20), ...Array.from({ length: 20 }, (_, i) => emailEvent(single, 101 + i))]);
    expect(await engine.deliver()).toBe(21);
    expect(engine.mailer.sent.find((m) => m.to === grouped)?.text.split('\n')).toEqual(Array.from({ length: 20 }, (_, i) => `- sự kiện #${i + 1}: Cảnh báo lừa đảo ${i + 1}`));
    expect(engine.mailer.sent.filter((m) => m.to === single).map((m) => m.subject)).toEqual(Array.from({ length: 20 }, (_, i) => `[antoan] Sự kiện số ${101 + i}: Cảnh báo lừa đảo ${101 + i}`));
  });

  it('retries a failed digest with the events that joined it meanwhile, not an hour behind a newer one', async () => {
    const engine = testEngine(t);
    const address = freshAddress('failed-digest');
    engine.mailer.failWith = new Error('down');
    await engine.queue(events(address, 1, 3));
    expect(await engine.deliver()).toBe(1);
    engine.mailer.failWith = null;
    t.clock.advance(10_000);
    await engine.queue(events(address, 4, 1));
    // A worker runs every second; by the time of the digest's retry every event has gone.
    for (let second = 10; second <= backoffMs(1) / 1000; second++) {
      await engine.deliver();
      t.clock.advance(1000);
    }
    expect((await rowsOf(t, to(address))).map((r) => [r.data.n, r.status])).toEqual([1, 2, 3, 4].map((n) => [n, 'delivered']));
    // Each event in one message only (a digest's subject says how many it holds).
    expect(engine.mailer.sent.reduce((listed, m) => listed + Number(/^\[antoan\] (\d+) sự kiện$/.exec(m.subject)?.[1] ?? 1), 0)).toBe(4);
  });

  it('keeps different aggregate keys and different recipients apart', async () => {
    const engine = testEngine(t);
    const [a, b] = [freshAddress('group-a'), freshAddress('group-b')];
    await engine.queue([...events(a, 1, 3), emailEvent(a, 4, { aggregateKey: 'case-43' }), ...events(b, 5, 2)]);
    expect(await engine.deliver()).toBe(3);
    expect(engine.mailer.sent.map((m) => [m.to, m.subject]).sort()).toEqual(
      [
        [a, '[antoan] 3 sự kiện'],
        [a, '[antoan] Sự kiện số 4: Cảnh báo lừa đảo 4'],
        [b, '[antoan] 2 sự kiện'],
      ].sort(),
    );
  });
});

describe('the per-recipient rate limit', () => {
  it('sends a recipient its hourly share, holds the rest until an hour after the first of them, and leaves others alone', async () => {
    const engine = testEngine(t);
    const [busy, other] = [freshAddress('busy'), freshAddress('other')];
    const perHour = 3;
    await engine.queue([emailEvent(busy, 1)]);
    const first = t.clock.now();
    expect(await engine.deliver({ perHour })).toBe(1);
    t.clock.advance(10 * 60_000);
    await engine.queue([2, 3, 4, 5].map((n) => emailEvent(busy, n)));
    await engine.queue([6, 7, 8].map((n) => emailEvent(other, n)));
    expect(await engine.deliver({ perHour })).toBe(7);
    const states = async () => (await rowsOf(t, to(busy))).map((r) => `${r.status}/${r.held}`).sort();
    expect(await states()).toEqual(['delivered/null', 'delivered/null', 'delivered/null', 'pending/rate_limit', 'pending/rate_limit']);
    // Held is not failed: no attempt counted, due an hour after the first of the three.
    const held = (await rowsOf(t, to(busy))).filter((r) => r.status === 'pending');
    expect(held.map((r) => [r.attempts, r.nextAttemptAt])).toEqual(Array(2).fill([0, new Date(first.getTime() + HOUR)]));
    expect((await rowsOf(t, to(other))).map((r) => r.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(engine.mailer.sent.filter((m) => m.to === busy)).toHaveLength(3);

    t.clock.set(new Date(first.getTime() + HOUR - 1));
    expect(await engine.deliver({ perHour })).toBe(0);
    // At the time the engine gave them one goes (the first message has left the hour); the other waits for the next.
    t.clock.set(new Date(first.getTime() + HOUR));
    await engine.deliver({ perHour });
    expect(engine.mailer.sent.filter((m) => m.to === busy)).toHaveLength(4);
    expect(await states()).toEqual(['delivered/null', 'delivered/null', 'delivered/null', 'delivered/null', 'pending/rate_limit']);
    // The last is due when the second message leaves the hour.
    const [last] = (await rowsOf(t, to(busy))).filter((r) => r.status === 'pending');
    expect(last?.nextAttemptAt).toEqual(new Date(first.getTime() + 10 * 60_000 + HOUR));
    t.clock.set(new Date(first.getTime() + 10 * 60_000 + HOUR));
    await engine.deliver({ perHour });
    expect(await states()).toEqual(Array(5).fill('delivered/null'));
    expect(engine.mailer.sent.filter((m) => m.to === busy)).toHaveLength(5);
  });

  it('counts a digest as one message', async () => {
    const engine = testEngine(t);
    const address = freshAddress('digest-limit');
    await engine.queue([...Array.from({ length: 50 }, (_, i) => emailEvent(address, i + 1, { aggregateKey: 'case-1' })), emailEvent(address, 51), emailEvent(address, 52)]);
    expect(await engine.deliver({ perHour: 3 })).toBe(3);
    expect(engine.mailer.sent).toHaveLength(3);
    expect((await rowsOf(t, to(address))).every((r) => r.status === 'delivered')).toBe(true);
  });
});

describe('in-app notifications', () => {
  it('are delivered without any sender being called, and not rate limited', async () => {
    const engine = testEngine(t);
    const org = await t.org({ kind: 'platform' });
    const user = await t.user(org.id, 'org_admin');
    await engine.queue([1, 2, 3].map((n) => ({ recipient: { channel: 'in_app' as const, userId: user.id }, template: 'test.event', locale: 'vi' as const, data: { n, title: `Trong ứng dụng ${n}` } })));
    const senders = untouchableSenders();
    expect(await engine.deliver({ mailer: senders.mailer, sms: senders.sms, perHour: 1 })).toBe(3);
    expect(senders.calls).toEqual({ mail: 0, sms: 0 });
    const inbox = await inboxOf(t.database.db, user.id, 10);
    expect(inbox.map((r) => [r.data.n, r.status, r.attempts, r.lastError]).sort()).toEqual([1, 2, 3].map((n) => [n, 'delivered', 1, null]));
    expect(engine.calls.delivered).toHaveLength(3);
  });
});

describe('the lease of a claim', () => {
  it('leaves rows claimed by a crashed worker alone for 2 minutes, then delivers them', async () => {
    const engine = testEngine(t);
    const address = freshAddress('lease');
    await engine.queue([emailEvent(address, 1), ...[2, 3].map((n) => emailEvent(address, n, { aggregateKey: 'k' }))]);
    const now = t.clock.now();
    // A worker claims and dies before sending.
    const claimed = await t.database.transaction((tx) => claimDue(tx.db, now, new Date(now.getTime() + 120_000), 200, 1000));
    expect(claimed.map((rows) => rows.length).sort()).toEqual([1, 2]);
    expect(await engine.deliver()).toBe(0);
    t.clock.advance(120_000 - 1);
    expect(await engine.deliver()).toBe(0);
    t.clock.advance(1);
    expect(await engine.deliver()).toBe(2);
    const rows = await rowsOf(t, to(address));
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(Array(3).fill(['delivered', 1]));
    // Each send keeps an id it was given at the first claim (a group's rows share one of theirs).
    const claimedIds = new Set(claimed.flat().map((r) => r.messageId));
    expect(new Set(rows.map((r) => r.messageId)).size).toBe(2);
    expect(rows.every((r) => claimedIds.has(r.messageId))).toBe(true);
    expect(engine.mailer.sent).toHaveLength(2);
  });

  it('does not let a worker whose lease ran out undo the delivery of the worker that took over', async () => {
    const engine = testEngine(t);
    const address = freshAddress('stale-worker');
    await engine.queue([emailEvent(address, 1)]);
    // Worker A claims the row and hangs in its SMTP conversation past the lease…
    let reached: () => void = () => undefined;
    const inSmtp = new Promise<void>((resolve) => (reached = resolve));
    let fail: (error: Error) => void = () => undefined;
    const hanging: Mailer = {
      send: () =>
        new Promise((_resolve, reject) => {
          fail = reject;
          reached();
        }),
      close: () => Promise.resolve(),
    };
    const workerA = engine.deliver({ mailer: hanging });
    await inSmtp;
    // …so worker B takes it over and delivers it: after the engine's own lease of 2 minutes, not before.
    t.clock.advance(120_000 - 1);
    expect(await engine.deliver()).toBe(0);
    t.clock.advance(1);
    expect(await engine.deliver()).toBe(1);
    expect((await rowsOf(t, to(address))).map((r) => r.status)).toEqual(['delivered']);
    // A's connection finally times out: what it records must not make the delivered row pending again.
    fail(new Error('socket timed out'));
    await workerA;
    const [row] = await rowsOf(t, to(address));
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, lastError: null });
    t.clock.advance(backoffMs(1));
    expect(await engine.deliver()).toBe(0);
    expect(engine.mailer.sent).toHaveLength(1);
  });

  it('does not hand rows claimed by a live worker to another', async () => {
    const engine = testEngine(t);
    const other = recordingMailer();
    const address = freshAddress('two-workers');
    await engine.queue([1, 2, 3, 4].map((n) => emailEvent(address, n)));
    const [first, second] = await Promise.all([engine.deliver(), engine.deliver({ mailer: other })]);
    expect((first ?? 0) + (second ?? 0)).toBe(4);
    expect(engine.mailer.sent.length + other.sent.length).toBe(4);
  });
});
