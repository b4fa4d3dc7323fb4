// The hosts platforms say they operate, and the recipients suggested from them: a request about
// content goes to the platform that registered the target's host (or a parent of it), a blocking
// request to every active telecom. Who may register, and what cannot be registered twice.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { rows, type ErrorBody } from './helpers/cases.ts';
import { bearer, member, send, vn, type Caller } from './helpers/takedown-api.ts';

type Org = { id: string; name: string };
type Suggestion = { orgId: string; name: string; kind: string; targets: { type: string; value: string }[] };
type Domain = { id: string; domain: string; createdAt: string };

let t: TestApp;
let social: Org;
let news: Org;
let telecoms: Org[];
let analyst: Caller;
let socialAdmin: Caller;
let socialResponder: Caller;
let newsAdmin: Caller;
let telecomAdmin: Caller;

beforeAll(async () => {
  t = await createTestApp({ start: vn('2026-04-01T09:00:00') });
  const authority = await t.org({ kind: 'authority', scope: 'national' });
  social = await t.org({ kind: 'platform', name: 'Mạng xã hội Lam' });
  news = await t.org({ kind: 'platform', name: 'Báo điện tử Hồng' });
  telecoms = [await t.org({ kind: 'telecom', name: 'Nhà mạng Một' }), await t.org({ kind: 'telecom', name: 'Nhà mạng Hai' })];
  const suspended = await t.org({ kind: 'telecom', name: 'Nhà mạng đã tạm dừng' });
  const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/orgs/${suspended.id}`, headers: await t.adminHeaders(), payload: { status: 'suspended' } });
  expect(patched.statusCode).toBe(200);
  analyst = await member(t, authority.id, 'analyst');
  socialAdmin = await member(t, social.id, 'org_admin');
  socialResponder = await member(t, social.id, 'responder');
  newsAdmin = await member(t, news.id, 'org_admin');
  telecomAdmin = await member(t, telecoms[0]?.id ?? '', 'org_admin');
});
afterAll(() => t.close());

const register = (caller: Caller, orgId: string, domain: string) => send(t, caller, 'POST', `/api/v1/orgs/${orgId}/domains`, { domain });
const domainCount = async () => (await rows<{ n: number }>(t, 'select count(*)::int as n from operated_domains'))[0]?.n;

async function suggest(action: string, values: string[]): Promise<Suggestion[]> {
  const response = await send(t, analyst, 'POST', '/api/v1/takedowns/suggestions', { action, targets: values.map((value) => ({ value })) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Suggestion[] }>().items;
}

describe('operated domains', () => {
  it('lets a platform admin register a host in normal form, listed for its members', async () => {
    const created = await register(socialAdmin, social.id, ' FaceBook.COM. ');
    expect(created.statusCode).toBe(201);
    expect(created.json<Domain>()).toMatchObject({ domain: 'facebook.com', createdAt: t.clock.now().toISOString() });
    expect((await register(await bearer(t, news.id, ['org:write']), news.id, 'baohong.vn')).statusCode).toBe(201);

    const listed = await send(t, socialResponder, 'GET', `/api/v1/orgs/${social.id}/domains`);
    expect(listed.json<{ items: Domain[] }>().items.map((d) => d.domain)).toEqual(['facebook.com']);
  });

  it('refuses a host already registered (by anyone) with 409, and a wildcard or a non-domain with 400', async () => {
    const before = await domainCount();
    const again = await register(socialAdmin, social.id, 'facebook.com');
    expect([again.statusCode, again.json<ErrorBody>().error.code]).toEqual([409, 'CONFLICT']);
    expect((await register(newsAdmin, news.id, 'FACEBOOK.com')).statusCode).toBe(409);
    for (const bad of ['*.facebook.net', 'not a domain', 'https://']) {
      const refused = await register(socialAdmin, social.id, bad);
      expect([refused.statusCode, refused.json<ErrorBody>().error.code], bad).toEqual([400, 'TARGET_INVALID']);
    }
    expect(await domainCount()).toBe(before);
  });

  it('keeps one platform from claiming a host inside another’s domain, or a domain above another’s, or a public suffix', async () => {
    // facebook.com is the social platform's (first test); news may not take a host under it or above it.
    const before = await domainCount();
    const under = await register(newsAdmin, news.id, 'm.facebook.com');
    expect(under.statusCode).toBe(409);
    expect(under.json<ErrorBody>().error.code).toBe('CONFLICT');
    expect((await register(socialAdmin, social.id, 'tin.baohong.vn')).statusCode).toBe(409);
    expect((await register(newsAdmin, news.id, 'com.vn')).statusCode).toBe(400);
    expect(await domainCount()).toBe(before);
    // Its own subdomain is the platform's to register (requests then name it exactly).
    expect((await register(socialAdmin, social.id, 'm.facebook.com')).statusCode).toBe(201);
  });

  it('lets only the platform itself (its admins) register: not a telecom, not another platform, not a responder', async () => {
    const before = await domainCount();
    // A telecom's admin holds no such permission; the national admin, who does, is told telecoms do not register.
    const byTelecom = await register(telecomAdmin, telecoms[0]?.id ?? '', 'nhamang.vn');
    expect([byTelecom.statusCode, byTelecom.json<ErrorBody>().error.code]).toEqual([403, 'FORBIDDEN']);
    const forTelecom = await t.app.inject({ method: 'POST', url: `/api/v1/orgs/${telecoms[0]?.id ?? ''}/domains`, headers: await t.adminHeaders(), payload: { domain: 'nhamang.vn' } });
    expect([forTelecom.statusCode, forTelecom.json<ErrorBody>().error]).toEqual([400, expect.objectContaining({ code: 'TAKEDOWN_INVALID', details: [expect.objectContaining({ field: 'orgId' })] })]);
    const byOtherPlatform = await register(newsAdmin, social.id, 'lam.vn');
    expect([byOtherPlatform.statusCode, byOtherPlatform.json<ErrorBody>().error.code]).toEqual([404, 'NOT_FOUND']);
    const byResponder = await register(socialResponder, social.id, 'lam.vn');
    expect([byResponder.statusCode, byResponder.json<ErrorBody>().error.code]).toEqual([403, 'FORBIDDEN']);
    const withoutScope = await register(await bearer(t, social.id, ['org:read']), social.id, 'lam.vn');
    expect([withoutScope.statusCode, withoutScope.json<ErrorBody>().error.code]).toEqual([403, 'SCOPE_MISSING']);
    // Nor may another platform read or remove its list.
    expect((await send(t, newsAdmin, 'GET', `/api/v1/orgs/${social.id}/domains`)).statusCode).toBe(404);
    const [own] = await rows<{ id: string }>(t, "select id from operated_domains where domain = 'facebook.com'");
    expect((await send(t, newsAdmin, 'DELETE', `/api/v1/orgs/${social.id}/domains/${own?.id ?? ''}`)).statusCode).toBe(404);
    expect((await send(t, newsAdmin, 'DELETE', `/api/v1/orgs/${news.id}/domains/${own?.id ?? ''}`)).statusCode).toBe(404);
    expect(await domainCount()).toBe(before);
  });
});

describe('suggested recipients', () => {
  it('suggests the platform that registered the host of a content target, or of a parent of it', async () => {
    // No type given: detected, and answered in normal form, as the request will carry it.
    const suggested = await suggest('remove_content', ['https://m.facebook.com/some.page']);
    expect(suggested).toEqual([{ orgId: social.id, name: social.name, kind: 'platform', targets: [{ type: 'social_account', value: 'facebook:some.page' }] }]);
    const typed = await send(t, analyst, 'POST', '/api/v1/takedowns/suggestions', { action: 'remove_content', targets: [{ type: 'url', value: 'https://m.facebook.com/story.php?id=1' }] });
    expect(typed.json<{ items: Suggestion[] }>().items.map((s) => [s.orgId, s.targets[0]?.type])).toEqual([[social.id, 'url']]);

    // Targets on two platforms and one on neither: each platform gets its own.
    const mixed = await suggest('suspend_account', ['https://www.facebook.com/lua.dao', 'https://tin-tuc.baohong.vn/bai-viet/123', 'https://khong-ai-dang-ky.example.vn/']);
    expect(mixed.map((s) => [s.orgId, s.targets.length]).sort()).toEqual(
      [
        [social.id, 1],
        [news.id, 1],
      ].sort(),
    );
    expect(mixed.find((s) => s.orgId === news.id)?.targets[0]?.value).toContain('tin-tuc.baohong.vn');
    expect(await suggest('remove_content', ['https://khong-ai-dang-ky.example.vn/'])).toEqual([]);
    const bad = await send(t, analyst, 'POST', '/api/v1/takedowns/suggestions', { action: 'remove_content', targets: [{ value: 'https://m.facebook.com/a' }, { type: 'url', value: 'http://' }] });
    expect([bad.statusCode, bad.json<ErrorBody>().error]).toEqual([400, expect.objectContaining({ code: 'TAKEDOWN_INVALID', details: [expect.objectContaining({ field: 'targets[1].value' })] })]);
  });

  it('suggests every active telecom, and no one else, for a blocking request', async () => {
    for (const action of ['block_domain', 'block_ip']) {
      const suggested = await suggest(action, action === 'block_domain' ? ['facebook.com'] : ['203.0.113.9']);
      expect(suggested.map((s) => s.orgId).sort(), action).toEqual(telecoms.map((o) => o.id).sort());
      expect(suggested.every((s) => s.kind === 'telecom' && s.targets.length === 1)).toBe(true);
    }
  });

  it('answers authority staff only', async () => {
    const refused = await send(t, socialAdmin, 'POST', '/api/v1/takedowns/suggestions', { action: 'remove_content', targets: [{ value: 'https://m.facebook.com/x' }] });
    expect([refused.statusCode, refused.json<ErrorBody>().error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('stops suggesting a platform once it removes the host', async () => {
    const [registered] = await rows<{ id: string }>(t, "select id from operated_domains where domain = 'facebook.com'");
    const removed = await send(t, socialAdmin, 'DELETE', `/api/v1/orgs/${social.id}/domains/${registered?.id ?? ''}`);
    expect(removed.statusCode).toBe(204);
    expect(await suggest('remove_content', ['https://m.facebook.com/some.page'])).toEqual([]);
    expect((await send(t, socialAdmin, 'DELETE', `/api/v1/orgs/${social.id}/domains/${registered?.id ?? ''}`)).statusCode).toBe(404);
    expect((await send(t, socialAdmin, 'DELETE', `/api/v1/orgs/${social.id}/domains/${randomUUID()}`)).statusCode).toBe(404);
  });
});
