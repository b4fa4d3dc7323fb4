// Escalation of overdue requests: the sweep queues one digest per issuing authority in the batch's
// transaction, and the job emails that authority's supervisors and admins (not its analysts) one
// message listing every request — once, even when the job runs again.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from '../src/core/mail.ts';
import { escalateTakedowns, sweepTakedowns } from '../src/modules/takedowns/index.ts';
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

type QueuedJob = { id: string; data: { issuerOrgId: string | null; requestIds: string[] } };
const queued = () => rows<QueuedJob>(t, "select id, data from pgboss.job where name = 'takedowns.escalate' order by created_on");

describe('escalation of overdue requests', () => {
  it('queues one digest per issuing authority when the sweep marks requests overdue, and none without the queue', async () => {
    const past = new Date(t.clock.now().getTime() + 25 * HOUR);
    expect((await sweepTakedowns(t.database, past, { jobs: t.jobs })).overdue).toBe(4);
    const jobs = await queued();
    expect(jobs.map((j) => j.data.requestIds.length).sort()).toEqual([1, 3]);
    expect(jobs.find((j) => j.data.requestIds.length === 3)?.data.requestIds.sort()).toEqual(late.map((r) => r.id).sort());
    // Already marked: a second sweep queues nothing more.
    await sweepTakedowns(t.database, new Date(past.getTime() + HOUR), { jobs: t.jobs });
    expect(await queued()).toHaveLength(2);
  });

  it('emails the issuer’s supervisors and admins one digest listing every late request, not its analysts, once', async () => {
    const handler = escalateTakedowns({ database: t.database, mailer, clock: t.clock, publicUrl: 'https://antoan.example' }).handler;
    const meta = (id: string) => ({ id, log: pino({ level: 'silent' }) });
    for (const job of await queued()) await handler(job.data, meta(job.id));

    const toHue = sent.filter((m) => m.to === hueSupervisor.email);
    expect(toHue).toHaveLength(1);
    expect(toHue[0]?.subject).toBe('[antoan] 3 yêu cầu quá hạn cần đôn đốc / 3 overdue requests to follow up');
    for (const request of late) expect(toHue[0]?.text).toContain(`${request.reference} · Nền tảng Sen · Gỡ bỏ nội dung · https://antoan.example/takedowns/${request.id}`);
    expect(toHue[0]?.text).not.toContain(national.reference);
    expect(sent.some((m) => m.to === hueAnalyst.email)).toBe(false);
    // The national request goes to the national centre's admin.
    expect(sent.filter((m) => m.to === ADMIN_EMAIL).map((m) => m.subject)).toEqual(['[antoan] 1 yêu cầu quá hạn cần đôn đốc / 1 overdue request to follow up']);

    // A retry of the same job sends nothing again.
    const before = sent.length;
    for (const job of await queued()) await handler(job.data, meta(job.id));
    expect(sent).toHaveLength(before);
  });

  it('leaves out a request answered before the digest went', async () => {
    const [job] = await queued();
    if (job === undefined) throw new Error('no job');
    await t.database.sql.executeSql("update takedown_requests set responded_at = now(), status = 'actioned' where id = any($1::uuid[])", [job.data.requestIds]);
    const handler = escalateTakedowns({ database: t.database, mailer, clock: t.clock, publicUrl: 'https://antoan.example' }).handler;
    const before = sent.length;
    await handler(job.data, { id: 'another-run', log: pino({ level: 'silent' }) });
    expect(sent).toHaveLength(before);
  });
});
