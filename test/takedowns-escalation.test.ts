// Escalation of overdue requests: the sweep queues, in the batch's transaction, a notification per
// late request to each supervisor and admin of its issuer (not its analysts); the notification
// engine sends each of them one digest listing every request — once, and then at most one per window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from '../src/core/mail.ts';
import { sweepTakedowns } from '../src/modules/takedowns/index.ts';
import { ADMIN_EMAIL, createTestApp, type TestApp } from './helpers/app.ts';
import { rows } from './helpers/cases.ts';
import { HOUR, issue, member, vn, type Caller, type TakedownJson } from './helpers/takedown-api.ts';

let t: TestApp;
const sent: MailMessage[] = [];
const mailer = {
  send(message: MailMessage) {
    sent.push(message);
    return Promise.resolve({ messageId: String(sent.length) });
  },
  close: () => Promise.resolve(),
};
let hueSupervisor: { email: string };
let hueAnalyst: Caller;
let late: TakedownJson[];
let national: TakedownJson;

beforeAll(async () => {
  t = await createTestApp({ start: vn('2026-09-10T08:00:00') });
  const hue = await t.org({ kind: 'authority', scope: 'provincial', provinceCode: 'hue' });
  hueSupervisor = await t.user(hue.id, 'supervisor');
  hueAnalyst = await member(t, hue.id, 'analyst');
  const platform = await t.org({ kind: 'platform', name: 'Nền tảng Sen' });
  late = [await issue(t, hueAnalyst, platform.id), await issue(t, hueAnalyst, platform.id), await issue(t, hueAnalyst, platform.id)];
  const admin = await t.user((await rows<{ org_id: string }>(t, 'select org_id from memberships m join users u on u.id = m.user_id where u.email = $1', [ADMIN_EMAIL]))[0]?.org_id ?? '', 'analyst');
  national = await issue(t, { label: 'national analyst', email: admin.email, displayName: admin.displayName, headers: async () => (await t.session(admin.id)).headers }, platform.id);
});
afterAll(async () => t.close());

const queued = () => rows<{ recipient_key: string; group_key: string; subject_id: string }>(t, "select recipient_key, group_key, subject_id from notifications where template = 'takedown.overdue' order by created_at");
const deliver = () => t.deliverNotifications({ mailer });

describe('escalation of overdue requests', () => {
  it('queues a notification per late request to each supervisor and admin of its issuer when the sweep marks it overdue, and none without the notifier', async () => {
    t.clock.advance(25 * HOUR);
    const past = t.clock.now();
    expect((await sweepTakedowns(t.database, past, { notifier: t.notifier })).overdue).toBe(4);
    const notices = await queued();
    // Hue's supervisor (3 requests, one group) and the national admin (1).
    const groups = new Map<string, string[]>();
    for (const n of notices) groups.set(n.group_key, [...(groups.get(n.group_key) ?? []), n.subject_id]);
    expect([...groups.values()].map((ids) => ids.length).sort()).toEqual([1, 3]);
    expect([...groups.values()].find((ids) => ids.length === 3)?.sort()).toEqual(late.map((r) => r.id).sort());
    // Already marked: a second sweep queues nothing more.
    await sweepTakedowns(t.database, new Date(past.getTime() + HOUR), { notifier: t.notifier });
    expect(await queued()).toHaveLength(4);
  });

  it('emails the issuer’s supervisors and admins one digest listing every late request, not its analysts, once', async () => {
    // The overdue marks of a sweep gather for a minute, then go as one digest per supervisor.
    expect(await deliver()).toBe(0);
    t.clock.advance(61_000);
    expect(await deliver()).toBe(2);
    const toHue = sent.filter((m) => m.to === hueSupervisor.email);
    expect(toHue).toHaveLength(1);
    expect(toHue[0]?.subject).toBe('[antoan] 3 yêu cầu quá hạn cần đôn đốc / 3 overdue requests to follow up');
    for (const request of late) expect(toHue[0]?.text).toContain(`${request.reference} · Nền tảng Sen · Gỡ bỏ nội dung · ${t.config.publicUrl}/takedowns/${request.id}`);
    expect(toHue[0]?.text).not.toContain(national.reference);
    expect(sent.some((m) => m.to === hueAnalyst.email)).toBe(false);
    // The national request goes to the national centre's admin.
    expect(sent.filter((m) => m.to === ADMIN_EMAIL).map((m) => m.subject)).toEqual(['[antoan] 1 yêu cầu quá hạn cần đôn đốc / 1 overdue request to follow up']);
    // Delivered: running again sends nothing.
    const before = sent.length;
    expect(await deliver()).toBe(0);
    expect(sent).toHaveLength(before);
  });

  it('marks a request answered between its overdue mark and the digest', async () => {
    const platform = await t.org({ kind: 'platform', name: 'Nền tảng Mai' });
    const later = [await issue(t, hueAnalyst, platform.id), await issue(t, hueAnalyst, platform.id)];
    t.clock.advance(25 * HOUR);
    await sweepTakedowns(t.database, t.clock.now(), { notifier: t.notifier });
    await t.database.sql.executeSql("update takedown_requests set responded_at = now(), status = 'actioned' where id = $1", [later[0]?.id]);
    t.clock.advance(61_000);
    const before = sent.length;
    expect(await deliver()).toBe(1);
    const [digest] = sent.slice(before);
    expect(digest?.to).toBe(hueSupervisor.email);
    expect(digest?.subject).toBe('[antoan] 2 yêu cầu quá hạn cần đôn đốc / 2 overdue requests to follow up');
    expect(digest?.text).toContain(`${later[0]?.reference ?? ''} · Nền tảng Mai · Gỡ bỏ nội dung · ${t.config.publicUrl}/takedowns/${later[0]?.id ?? ''} (đã trả lời sau hạn)`);
    expect(digest?.text).toContain(`${later[1]?.reference ?? ''} · Nền tảng Mai · Gỡ bỏ nội dung · ${t.config.publicUrl}/takedowns/${later[1]?.id ?? ''}\n`);
  });
});
