// The fan-out of `advisory.published`: who gets a notification (categories, minimum severity,
// audience, organisation kinds), who does not (pending, unsubscribed), once per advisory, only
// if the publishing transaction commits, in pages; and what the messages say.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../src/core/crypto.ts';
import { advisories, advisorySubscriptions, notifications, webhookEndpoints } from '../src/modules/alerts/tables.ts';
import { SUBSCRIPTION_LIMITS, type Severity } from '../src/modules/alerts/subscriptions/model.ts';
import { advisoryTemplate } from '../src/modules/alerts/subscriptions/templates.ts';
import { advisoryPath } from '../src/modules/alerts/advisories/model.ts';
import { markdownToText } from '../src/modules/alerts/subscriptions/plain-text.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
let author: { orgId: string; userId: string };
beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-09-01T02:00:00Z') });
  const authority = await t.org({ kind: 'authority', scope: 'national' });
  author = { orgId: authority.id, userId: (await t.user(authority.id, 'analyst')).id };
});
afterAll(async () => {
  await t.close();
});

type Audience = { audience: 'public' | 'org_kind' | 'org'; audienceOrgKind?: string | null; audienceOrgId?: string | null };
type AdvisoryInput = { severity: Severity; categories: string[] } & Partial<Audience>;

async function advisory(input: AdvisoryInput) {
  const now = t.clock.now();
  const [row] = await t.database.db
    .insert(advisories)
    .values({
      status: 'published', severity: input.severity, categories: input.categories, titleVi: 'Cảnh báo thử', titleEn: 'Test advisory', bodyVi: '## Nội dung\n\nĐừng bấm **đường dẫn** lạ.', bodyEn: '## Body\n\nDo not open **unknown** [links](https://example.invalid/x).',
      audience: input.audience ?? 'public', audienceOrgKind: input.audienceOrgKind ?? null, audienceOrgId: input.audienceOrgId ?? null,
      indicatorIds: [], caseIds: [], campaignRefs: [], authorOrgId: author.orgId, authorUserId: author.userId, publishedAt: now, createdAt: now, updatedAt: now,
    })
    .returning();
  if (row === undefined) throw new Error('no advisory');
  return row;
}
const payloadOf = (a: Awaited<ReturnType<typeof advisory>>) => ({ advisoryId: a.id, number: a.number, severity: a.severity, categories: a.categories, audience: a.audience, audienceOrgKind: a.audienceOrgKind, audienceOrgId: a.audienceOrgId });
const publish = (a: Awaited<ReturnType<typeof advisory>>) => t.database.transaction((tx) => t.events.publish(tx, { type: 'advisory.published', aggregateId: a.id, payload: payloadOf(a) }, t.clock.now()));
/** The advisory notifications of an advisory, by channel. */
async function sent(advisoryId: string) {
  const rows = await t.database.db.select().from(notifications).where(and(eq(notifications.template, 'advisory.published'), eq(notifications.subjectId, advisoryId)));
  return { rows, citizens: rows.filter((r) => r.data.subscriptionId !== undefined).map((r) => String(r.data.subscriptionId)), orgEmails: rows.filter((r) => r.channel === 'email' && r.data.subscriptionId === undefined), webhooks: rows.filter((r) => r.channel === 'webhook') };
}
/** A subscription stored as the service leaves it. */
async function subscriber(status: 'pending' | 'confirmed' | 'unsubscribed', categories: string[], minSeverity: Severity, locale = 'vi') {
  const address = `s-${crypto.randomUUID()}@example.vn`;
  const [row] = await t.database.db
    .insert(advisorySubscriptions)
    .values({ addressCiphertext: t.box.encrypt(address), addressKey: t.box.sign(`subscription:${address}`), categories, minSeverity, locale, status, confirmTokenHash: status === 'pending' ? sha256Hex('x') : null, createdAt: t.clock.now() })
    .returning();
  if (row === undefined) throw new Error('no subscription');
  return row.id;
}
const orgEmail = (orgId: string, eventTypes: string[]) => t.app.inject({ method: 'POST', url: `/api/v1/orgs/${orgId}/email-subscriptions`, headers: adminHeaders, payload: { address: `ops-${orgId.slice(0, 8)}@example.vn`, eventTypes } });
async function endpoint(orgId: string, eventTypes: string[]) {
  const [row] = await t.database.db.insert(webhookEndpoints).values({ orgId, url: 'https://hooks.example.vn/in', secretCiphertext: t.box.encrypt('whsec'), eventTypes, createdAt: t.clock.now() }).returning();
  return row?.id ?? '';
}
let adminHeaders: Record<string, string>;

describe('citizens', () => {
  it('reaches confirmed subscribers whose categories and minimum severity it meets, and nobody else', async () => {
    const all = await subscriber('confirmed', [], 'info', 'en');
    const scam = await subscriber('confirmed', ['scam', 'malware'], 'medium');
    const onlyCritical = await subscriber('confirmed', [], 'critical');
    const otherCategory = await subscriber('confirmed', ['gambling'], 'info');
    const pending = await subscriber('pending', [], 'info');
    const gone = await subscriber('unsubscribed', [], 'info');
    const a = await advisory({ severity: 'high', categories: ['scam'] });
    await publish(a);
    const { citizens, rows } = await sent(a.id);
    expect(citizens).toEqual(expect.arrayContaining([all, scam]));
    for (const id of [onlyCritical, otherCategory, pending, gone]) expect(citizens).not.toContain(id);
    const mine = rows.find((r) => r.data.subscriptionId === all);
    expect(mine).toMatchObject({ channel: 'email', locale: 'en', status: 'pending', dedupeKey: `advisory:${a.id}:sub:${all}`, data: { advisoryId: a.id, subscriptionId: all } });
    expect(mine?.addressCiphertext).not.toBeNull();
  });

  it('queues once when the same advisory is published twice', async () => {
    const id = await subscriber('confirmed', [], 'info');
    const a = await advisory({ severity: 'medium', categories: ['phishing'] });
    await publish(a);
    await publish(a);
    expect((await sent(a.id)).citizens.filter((s) => s === id)).toHaveLength(1);
  });

  it('queues nothing when the publishing transaction rolls back', async () => {
    await subscriber('confirmed', [], 'info');
    const a = await advisory({ severity: 'critical', categories: [] });
    await expect(
      t.database.transaction(async (tx) => {
        await t.events.publish(tx, { type: 'advisory.published', aggregateId: a.id, payload: payloadOf(a) }, t.clock.now());
        throw new Error('publish failed later');
      }),
    ).rejects.toThrow('publish failed later');
    expect((await sent(a.id)).rows).toEqual([]);
  });

  it('pages through more subscribers than one page holds', async () => {
    const extra = SUBSCRIPTION_LIMITS.fanOutPage + 50;
    const rows = Array.from({ length: extra }, (_, i) => ({ addressCiphertext: t.box.encrypt(`bulk-${i}@example.vn`), addressKey: `bulk-${i}`, categories: ['child_safety'], minSeverity: 'info', locale: 'vi', status: 'confirmed', createdAt: t.clock.now() }));
    await t.database.db.insert(advisorySubscriptions).values(rows);
    const a = await advisory({ severity: 'low', categories: ['child_safety'] });
    await publish(a);
    const { citizens } = await sent(a.id);
    expect(citizens.length).toBeGreaterThanOrEqual(extra);
    expect(new Set(citizens).size).toBe(citizens.length);
  });

  it('reaches no citizen with an advisory for organisations', async () => {
    await subscriber('confirmed', [], 'info');
    const a = await advisory({ severity: 'critical', categories: [], audience: 'org_kind', audienceOrgKind: 'bank' });
    await publish(a);
    expect((await sent(a.id)).citizens).toEqual([]);
  });
});

describe('organisations', () => {
  let bank: string, telecom: string, otherBank: string;
  let bankHook: string, telecomHook: string, takedownOnlyHook: string;
  beforeAll(async () => {
    adminHeaders = await t.adminHeaders();
    [bank, telecom, otherBank] = await Promise.all([t.org({ kind: 'bank' }), t.org({ kind: 'telecom' }), t.org({ kind: 'bank' })]).then((orgs) => orgs.map((o) => o.id));
    for (const org of [bank, telecom, otherBank]) expect((await orgEmail(org, ['advisory.published'])).statusCode).toBe(201);
    bankHook = await endpoint(bank, ['advisory.published', 'takedown.issued']);
    telecomHook = await endpoint(telecom, ['advisory.published']);
    takedownOnlyHook = await endpoint(otherBank, ['takedown.issued']);
  });

  const orgsOf = (rows: { orgId: string | null }[]) => [...new Set(rows.map((r) => r.orgId))].sort();

  it('tells every subscribed organisation of a public advisory, by email and webhook', async () => {
    const a = await advisory({ severity: 'info', categories: [] });
    await publish(a);
    const { orgEmails, webhooks } = await sent(a.id);
    expect(orgsOf(orgEmails)).toEqual(expect.arrayContaining([bank, telecom, otherBank]));
    expect(webhooks.map((w) => w.endpointId)).toEqual(expect.arrayContaining([bankHook, telecomHook]));
    expect(webhooks.map((w) => w.endpointId)).not.toContain(takedownOnlyHook);
    expect(orgEmails[0]?.dedupeKey).toMatch(new RegExp(`^advisory:${a.id}:org-email:`));
  });

  it('tells only organisations of the kind, or the one organisation, it is for', async () => {
    const forBanks = await advisory({ severity: 'high', categories: ['scam'], audience: 'org_kind', audienceOrgKind: 'bank' });
    await publish(forBanks);
    const banks = await sent(forBanks.id);
    expect(orgsOf(banks.orgEmails)).toEqual([bank, otherBank].sort());
    expect(banks.webhooks.map((w) => w.endpointId)).toEqual([bankHook]);
    const forTelecom = await advisory({ severity: 'high', categories: [], audience: 'org', audienceOrgId: telecom });
    await publish(forTelecom);
    const one = await sent(forTelecom.id);
    expect(orgsOf([...one.orgEmails, ...one.webhooks])).toEqual([telecom]);
  });

  it('stops telling an address once it is removed', async () => {
    const list = await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${otherBank}/email-subscriptions`, headers: adminHeaders });
    const [first] = (JSON.parse(list.body) as { items: { id: string }[] }).items;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/orgs/${otherBank}/email-subscriptions/${first?.id ?? ''}`, headers: adminHeaders })).statusCode).toBe(204);
    const a = await advisory({ severity: 'high', categories: [] });
    await publish(a);
    expect(orgsOf((await sent(a.id)).orgEmails)).not.toContain(otherBank);
  });
});

describe('the messages', () => {
  it('render the advisory in the subscriber’s language with its link and a one-click unsubscribe link', async () => {
    const a = await advisory({ severity: 'critical', categories: ['malware'] });
    const subscriptionId = crypto.randomUUID();
    const ctx = { db: t.database.db, locale: 'en' as const, publicUrl: 'https://antoan.example', box: t.box };
    const message = await advisoryTemplate.render(ctx, { advisoryId: a.id, subscriptionId });
    expect(message.subject).toContain('Critical');
    expect(message.subject).toContain('Test advisory');
    expect(message.text).toContain(`https://antoan.example${advisoryPath(a.number)}`);
    expect(message.text).toContain('Do not open unknown links (https://example.invalid/x).');
    expect(message.text).not.toMatch(/\*\*|##/);
    expect(message.unsubscribeUrl).toMatch(/^https:\/\/antoan\.example\/subscriptions\/unsubscribe\?token=/);
    expect(message.webhook).toMatchObject({ id: a.id, number: a.number, severity: 'critical', title: { vi: 'Cảnh báo thử', en: 'Test advisory' } });
    const forOrg = await advisoryTemplate.render(ctx, { advisoryId: a.id });
    expect(forOrg.unsubscribeUrl).toBeUndefined();
    expect(forOrg.text).toContain('Cảnh báo thử');
    expect(forOrg.text).toContain('Test advisory');
    const digest = await advisoryTemplate.renderDigest?.(ctx, [{ advisoryId: a.id }, { advisoryId: a.id }]);
    expect(digest?.text).toContain(advisoryPath(a.number));
  });

  it('shortens a long body at a word, with an ellipsis', () => {
    const text = markdownToText(`# Title\n\n${'từ '.repeat(600)}`, 1000);
    expect([...text].length).toBeLessThanOrEqual(1001);
    expect(text.endsWith('…')).toBe(true);
    expect(text.startsWith('Title')).toBe(true);
  });
});
